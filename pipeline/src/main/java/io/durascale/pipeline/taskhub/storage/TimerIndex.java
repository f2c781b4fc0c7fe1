package io.durascale.pipeline.taskhub.storage;

import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import io.durascale.pipeline.taskhub.model.HistoryEvent;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ExecutionStarted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.TimerFired;
import io.durascale.pipeline.taskhub.storage.TaskHubMessages.ControlMessage;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code <Hub>Timers} table: one row per delayed control message not consumed yet — a durable timer's firing,
 * a scheduled start — so that whatever watches a hub whose backends are all stopped (the task-hub scaler) knows
 * when the orchestration tier must run again. A delayed queue message is invisible, so queue depth cannot tell.
 * PartitionKey is the partition as two digits ({@code "00"}); RowKey is the due time as 20-digit zero-padded epoch
 * milliseconds, {@code |}, the escaped instance id, {@code |}, the escaped message key
 * ({@code timer:<execution>:<timer id>}, {@code start:<execution>}), so rows sort by due time and a RowKey range
 * finds what is due; {@code DueTime} holds the due time as a DateTime. Ids are escaped as every task hub table key is
 * ({@link TableKeys}); {@code |} is not escaped, which is safe because a message key (generated execution ids, timer
 * numbers) holds none, and rows are read by their due-time prefix and their properties, never by splitting the
 * RowKey. This class is the one definition of the layout: the scaler's reader ({@code scaler.DueTimers}) builds its
 * query with {@link #dueAfter}.
 *
 * <p>A row is written before its message is sent and deleted once the message is consumed (its episode committed,
 * or it was dropped as stale), so a crash never leaves a delayed message without its row. A row whose message
 * never went out (the send failed after the row was written) is harmless but would wake a scaler for nothing, so
 * a partition's new owner removes rows overdue by more than a control message's visibility timeout: by then any
 * message such a row stood for is visible in its queue, where a scaler sees it ({@link #removeOverdue}).
 */
public final class TimerIndex {

    /** One pending delayed control message. */
    public record Entry(int partition, Instant due, String instanceId, String messageKey) {

        public String partitionKey() {
            return TimerIndex.partitionKey(partition);
        }

        public String rowKey() {
            return TimerIndex.rowKey(due, instanceId, messageKey);
        }
    }

    private final TaskHubStorage storage;

    public TimerIndex(TaskHubStorage storage) {
        this.storage = storage;
    }

    /**
     * The row a control message needs: a timer's firing or a scheduled start due after the message was sent. Empty
     * for every other message (due at once), and for a start whose scheduled time had passed when it was sent (a
     * continue-as-new carries its first start's time along).
     */
    public static Optional<Entry> entryOf(ControlMessage message, int partition) {
        HistoryEvent first = message.events().get(0);
        Instant due = first instanceof TimerFired fired ? fired.fireAt()
                : first instanceof ExecutionStarted started ? started.scheduledStartTimestamp() : null;
        Instant sent = Instant.ofEpochSecond(0, message.sentAtMicros() * 1_000L);
        if (due == null || !due.isAfter(sent)) {
            return Optional.empty();
        }
        return Optional.of(new Entry(partition, due, message.instanceId(), message.key()));
    }

    /** Writes the row (again, for a message re-sent with the rest of its delay: the same row). */
    public void add(Entry entry) {
        TableEntity row = new TableEntity(entry.partitionKey(), entry.rowKey())
                .addProperty("DueTime", OffsetDateTime.ofInstant(entry.due(), ZoneOffset.UTC))
                .addProperty("InstanceId", entry.instanceId())
                .addProperty("MessageKey", entry.messageKey());
        storage.upsert(storage.timersTable(), row, TableEntityUpdateMode.REPLACE);
    }

    /** Deletes the row; one already gone is not an error. */
    public void remove(Entry entry) {
        storage.deleteRow(storage.timersTable(), new TableEntity(entry.partitionKey(), entry.rowKey()), false);
    }

    /** The rows due before {@code until} (overdue ones included), at most {@code max}, in key order. */
    public List<Entry> dueBefore(Instant until, int max) {
        return list("RowKey lt '" + dueKey(until) + "'", max);
    }

    /** Every row, at most {@code max}, in key order (each partition by due time). */
    public List<Entry> pending(int max) {
        return list(null, max);
    }

    /**
     * Deletes the partition's rows due before {@code before}: rows whose message is long visible, or never was sent.
     *
     * @return how many were deleted
     */
    public int removeOverdue(int partition, Instant before) {
        List<Entry> overdue = list("PartitionKey eq '" + partitionKey(partition) + "' and RowKey lt '" + dueKey(before) + "'",
                Integer.MAX_VALUE);
        overdue.forEach(this::remove);
        return overdue.size();
    }

    private List<Entry> list(String filter, int max) {
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter(filter)
                .setSelect(List.of("PartitionKey", "RowKey", "DueTime", "InstanceId", "MessageKey"));
        List<Entry> found = new ArrayList<>();
        String token = null;
        do {
            options.setTop(Math.min(1000, max - found.size()));
            var page = storage.queryPage(storage.timersTable(), options, token);
            if (page == null) {
                break;
            }
            for (TableEntity row : page.getValue()) {
                found.add(parse(row));
            }
            token = page.getContinuationToken();
        } while (token != null && found.size() < max);
        return found;
    }

    private static Entry parse(TableEntity row) {
        Object due = row.getProperty("DueTime");
        Instant at = due instanceof OffsetDateTime t ? t.toInstant()
                : Instant.ofEpochMilli(Long.parseLong(row.getRowKey().substring(0, 20)));
        return new Entry(Integer.parseInt(row.getPartitionKey()), at, (String) row.getProperty("InstanceId"),
                (String) row.getProperty("MessageKey"));
    }

    /**
     * The OData filter of a partition's rows due strictly after {@code after} (at a later millisecond): a range query
     * on one partition ({@code PartitionKey eq} with a {@code RowKey ge} bound), as a reader outside the hub asks it.
     */
    public static String dueAfter(int partition, Instant after) {
        return "PartitionKey eq '" + partitionKey(partition) + "' and RowKey ge '" + dueKey(after.plusMillis(1)) + "'";
    }

    /** The partition as two digits, {@code "00"}, as the control queues are numbered. */
    public static String partitionKey(int partition) {
        return String.format("%02d", partition);
    }

    /** The due key, then the escaped instance id and message key, separated by {@code |}. */
    public static String rowKey(Instant due, String instanceId, String messageKey) {
        return dueKey(due) + "|" + TableKeys.escape(instanceId) + "|" + TableKeys.escape(messageKey);
    }

    /** Epoch milliseconds, zero-padded to 20 digits, so string order is time order: every RowKey's first 20 characters. */
    static String dueKey(Instant due) {
        return String.format("%020d", Math.max(0, due.toEpochMilli()));
    }
}
