package io.durascale.pipeline.taskhub;

import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.data.tables.models.TableTransactionFailedException;
import com.google.protobuf.InvalidProtocolBufferException;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.HistoryEvent;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The {@code <Hub>History} table: one partition per instance, one row per history event (RowKey
 * = the event's sequence number as 16 hex digits, as the Azure Storage provider writes it) and a
 * {@code sentinel} row naming the current execution and its committed range.
 *
 * <p>Concurrency without ETags: event rows are inserted, never replaced, and sequence numbers
 * are never reused (a new execution continues after the last one), so two owners appending the
 * same episode collide on the same row key and only one transaction commits. The sentinel rides
 * in the same transaction. Events are stored as protobuf, with readable EventType, EventId and
 * Name columns for tools.
 */
final class HistoryStore {

    static final String SENTINEL = "sentinel";
    /** Table property limit is 64 KiB; larger events live in the large-messages container. */
    private static final int MAX_INLINE_BYTES = 60_000;

    /** An event with the dedupe key of the message that delivered it (null for events we generated). */
    record StoredEvent(HistoryEvent event, String messageKey) {
    }

    /**
     * The committed history of an instance's current execution.
     *
     * @param nextSeq the sequence number the next appended event gets
     */
    record Loaded(String executionId, List<StoredEvent> events, long nextSeq) {
        static final Loaded EMPTY = new Loaded(null, List.of(), 0);
    }

    /** Another writer committed first (or the history was purged): reload and retry. */
    static final class CommitConflictException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CommitConflictException(String instanceId, Throwable cause) {
            super("history of " + instanceId + " changed under us (another owner committed first)", cause, false, false);
        }
    }

    private final TaskHubStorage storage;

    HistoryStore(TaskHubStorage storage) {
        this.storage = storage;
    }

    Loaded load(String instanceId) {
        String pk = TableKeys.escape(instanceId);
        TreeMap<String, TableEntity> rows = new TreeMap<>();
        TableEntity[] sentinel = new TableEntity[1];
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter("PartitionKey eq '" + odata(pk) + "'");
        storage.query(storage.historyTable(), options, row -> {
            if (SENTINEL.equals(row.getRowKey())) {
                sentinel[0] = row;
            } else {
                rows.put(row.getRowKey(), row);
            }
        });
        if (sentinel[0] == null) {
            return Loaded.EMPTY;
        }
        String executionId = (String) sentinel[0].getProperty("ExecutionId");
        long first = longProperty(sentinel[0], "FirstSeq");
        long next = longProperty(sentinel[0], "NextSeq");
        long pendingTo = longProperty(sentinel[0], "PendingTo");
        if (pendingTo > next) {
            // A multi-transaction append that never finished: its rows are not committed. Remove them,
            // so the next append can use those sequence numbers.
            List<TableEntity> garbage = rows.subMap(rowKey(next), rowKey(pendingTo)).values().stream().toList();
            deleteRows(garbage);
            upsertSentinel(pk, executionId, first, next, -1);
        }
        List<StoredEvent> events = new ArrayList<>((int) (next - first));
        for (long seq = first; seq < next; seq++) {
            TableEntity row = rows.get(rowKey(seq));
            if (row == null || !executionId.equals(row.getProperty("ExecutionId"))) {
                throw new IllegalStateException("history of " + instanceId + " is missing event " + seq
                        + " of execution " + executionId);
            }
            events.add(new StoredEvent(parse(row), (String) row.getProperty("MessageKey")));
        }
        return new Loaded(executionId, List.copyOf(events), next);
    }

    /**
     * Appends events to an execution's history, atomically with respect to other writers.
     *
     * @param firstSeq the first sequence number of this execution (where a new execution starts)
     * @param nextSeq  the next free sequence number, as loaded
     * @return the next free sequence number after this append
     * @throws CommitConflictException when another writer appended at {@code nextSeq} first
     */
    long append(String instanceId, String executionId, long firstSeq, long nextSeq, List<StoredEvent> newEvents) {
        String pk = TableKeys.escape(instanceId);
        List<TableTransactionAction> rows = new ArrayList<>(newEvents.size());
        for (int i = 0; i < newEvents.size(); i++) {
            rows.add(new TableTransactionAction(TableTransactionActionType.CREATE,
                    row(pk, executionId, nextSeq + i, newEvents.get(i))));
        }
        long end = nextSeq + newEvents.size();
        try {
            if (rows.size() < TaskHubStorage.MAX_BATCH) {
                List<TableTransactionAction> batch = new ArrayList<>(rows);
                batch.add(sentinelAction(pk, executionId, firstSeq, end, -1));
                storage.submit(storage.historyTable(), batch);
                return end;
            }
            // Too many rows for one transaction: the first claims the range (a stale owner fails there,
            // before writing anything) and marks it pending; the rest follow; then the range is committed.
            List<TableTransactionAction> first = new ArrayList<>(rows.subList(0, TaskHubStorage.MAX_BATCH - 1));
            first.add(sentinelAction(pk, executionId, firstSeq, nextSeq, end));
            storage.submit(storage.historyTable(), first);
            for (int i = TaskHubStorage.MAX_BATCH - 1; i < rows.size(); i += TaskHubStorage.MAX_BATCH) {
                storage.submit(storage.historyTable(), rows.subList(i, Math.min(rows.size(), i + TaskHubStorage.MAX_BATCH)));
            }
            upsertSentinel(pk, executionId, firstSeq, end, -1);
            return end;
        } catch (TableTransactionFailedException e) {
            if (isConflict(e.getResponse() == null ? 0 : e.getResponse().getStatusCode())) {
                throw new CommitConflictException(instanceId, e);
            }
            throw e;
        } catch (TableServiceException e) {
            if (isConflict(e.getResponse().getStatusCode())) {
                throw new CommitConflictException(instanceId, e);
            }
            throw e;
        }
    }

    /** Removes the rows of an earlier execution (after continue-as-new or a restart), in the background. */
    void deleteRange(String instanceId, long fromSeq, long toSeq) {
        if (toSeq <= fromSeq) {
            return;
        }
        String pk = TableKeys.escape(instanceId);
        List<TableEntity> keys = new ArrayList<>();
        for (long seq = fromSeq; seq < toSeq; seq++) {
            keys.add(new TableEntity(pk, rowKey(seq)));
        }
        deleteRows(keys);
    }

    private static boolean isConflict(int status) {
        return status == 409 || status == 412;
    }

    /** Deletes every row of the instance (purge). */
    void delete(String instanceId) {
        String pk = TableKeys.escape(instanceId);
        List<TableEntity> keys = new ArrayList<>();
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter("PartitionKey eq '" + odata(pk) + "'")
                .setSelect(List.of("PartitionKey", "RowKey", "PayloadBlobName"));
        storage.query(storage.historyTable(), options, keys::add);
        for (TableEntity row : keys) {
            Object blob = row.getProperty("PayloadBlobName");
            if (blob != null) {
                storage.deleteBlob(storage.largeMessagesContainer(), blob.toString());
            }
        }
        deleteRows(keys);
    }

    private void deleteRows(List<TableEntity> rows) {
        for (int i = 0; i < rows.size(); i += TaskHubStorage.MAX_BATCH) {
            List<TableTransactionAction> batch = rows.subList(i, Math.min(rows.size(), i + TaskHubStorage.MAX_BATCH))
                    .stream().map(e -> new TableTransactionAction(TableTransactionActionType.DELETE, e)).toList();
            try {
                storage.submit(storage.historyTable(), batch);
            } catch (TableTransactionFailedException e) {
                // Some row was already gone: delete the rest one by one.
                batch.forEach(a -> storage.deleteRow(storage.historyTable(), a.getEntity().getPartitionKey(),
                        a.getEntity().getRowKey()));
            }
        }
    }

    private void upsertSentinel(String pk, String executionId, long firstSeq, long nextSeq, long pendingTo) {
        storage.upsert(storage.historyTable(), sentinel(pk, executionId, firstSeq, nextSeq, pendingTo),
                com.azure.data.tables.models.TableEntityUpdateMode.REPLACE);
    }

    private TableTransactionAction sentinelAction(String pk, String executionId, long firstSeq, long nextSeq, long pendingTo) {
        return new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE,
                sentinel(pk, executionId, firstSeq, nextSeq, pendingTo));
    }

    private static TableEntity sentinel(String pk, String executionId, long firstSeq, long nextSeq, long pendingTo) {
        return new TableEntity(pk, SENTINEL)
                .addProperty("ExecutionId", executionId)
                .addProperty("FirstSeq", firstSeq)
                .addProperty("NextSeq", nextSeq)
                .addProperty("PendingTo", pendingTo)
                .addProperty("IsCheckpointComplete", pendingTo < 0)
                .addProperty("CheckpointCompletedTimestamp", OffsetDateTime.now(ZoneOffset.UTC));
    }

    private TableEntity row(String pk, String executionId, long seq, StoredEvent stored) {
        HistoryEvent event = stored.event();
        TableEntity row = new TableEntity(pk, rowKey(seq))
                .addProperty("ExecutionId", executionId)
                .addProperty("EventType", eventTypeName(event))
                .addProperty("EventId", event.getEventId())
                .addProperty("_Timestamp", OffsetDateTime.ofInstant(ProtoTime.toInstant(event.getTimestamp()), ZoneOffset.UTC));
        String name = nameOf(event);
        if (name != null) {
            row.addProperty("Name", name);
        }
        if (stored.messageKey() != null) {
            row.addProperty("MessageKey", stored.messageKey());
        }
        byte[] payload = event.toByteArray();
        if (payload.length > MAX_INLINE_BYTES) {
            String blob = TableKeys.escape(pk) + "/history-" + executionId + "-" + rowKey(seq) + ".bin";
            storage.writeBlob(storage.largeMessagesContainer(), blob, payload);
            row.addProperty("PayloadBlobName", blob);
        } else {
            row.addProperty("Payload", payload);
        }
        return row;
    }

    private HistoryEvent parse(TableEntity row) {
        Object blob = row.getProperty("PayloadBlobName");
        byte[] payload = blob != null ? storage.readBlob(storage.largeMessagesContainer(), blob.toString())
                : (byte[]) row.getProperty("Payload");
        try {
            return HistoryEvent.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("history row " + row.getPartitionKey() + "/" + row.getRowKey()
                    + " is not a history event", e);
        }
    }

    static String rowKey(long seq) {
        return String.format("%016X", seq);
    }

    /** DTFx event type names (ExecutionStarted, TaskScheduled, ...): the proto oneof field's name, capitalised. */
    static String eventTypeName(HistoryEvent event) {
        var field = HistoryEvent.getDescriptor().findFieldByNumber(event.getEventTypeCase().getNumber());
        if (field == null) {
            return "Unknown";
        }
        String name = field.getName();
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static String nameOf(HistoryEvent event) {
        return switch (event.getEventTypeCase()) {
            case EXECUTIONSTARTED -> event.getExecutionStarted().getName();
            case TASKSCHEDULED -> event.getTaskScheduled().getName();
            case SUBORCHESTRATIONINSTANCECREATED -> event.getSubOrchestrationInstanceCreated().getName();
            case EVENTRAISED -> event.getEventRaised().getName();
            case EVENTSENT -> event.getEventSent().getName();
            default -> null;
        };
    }

    private static long longProperty(TableEntity row, String name) {
        Object value = row.getProperty(name);
        return value instanceof Number n ? n.longValue() : -1;
    }

    static String odata(String value) {
        return value.replace("'", "''");
    }
}
