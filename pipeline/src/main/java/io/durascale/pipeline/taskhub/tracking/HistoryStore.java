package io.durascale.pipeline.taskhub.tracking;

import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableErrorCode;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.data.tables.models.TableTransactionFailedException;
import io.durascale.pipeline.taskhub.model.HistoryEvent;
import io.durascale.pipeline.taskhub.storage.TableKeys;
import io.durascale.pipeline.taskhub.storage.TaskHubJson;
import io.durascale.pipeline.taskhub.storage.TaskHubStorage;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * The {@code <Hub>History} table: one partition per instance, one row per history event (RowKey
 * = the event's sequence number as 16 hex digits, as the Azure Storage provider writes it) and a
 * {@code sentinel} row naming the current execution and its committed range
 * ({@code [FirstSeq, NextSeq)}; rows from {@code NextSeq} on are not committed).
 *
 * <p>Concurrency is optimistic, on the sentinel's ETag, as the Azure Storage provider does it:
 * {@link #load} returns the ETag it read, and every append writes the sentinel conditionally in
 * the same transaction as its events — {@code CREATE} for an instance with no sentinel yet, else a
 * replace {@code If-Match} the loaded ETag — so of two owners that loaded the same version only
 * one commits; the other gets {@link CommitConflictException} (412, or 409 when both create),
 * reloads and replans. Events are inserted, never replaced, so a stale writer also collides on
 * row keys. The new ETag comes back from the transaction's response ({@link Committed}), so an
 * owner keeping the history in memory appends again without reading anything.
 *
 * <p>An episode of more than {@link TaskHubStorage#MAX_BATCH} rows takes several transactions:
 * the first claims the range ({@code PendingTo}) with the conditional sentinel write, the rest
 * insert rows, and the last replaces the sentinel {@code If-Match} the claim's ETag. A new owner's
 * load that finds a claim still pending first replaces the sentinel {@code If-Match} what it read
 * — which makes the claimant's final commit fail, or fails itself (and reloads) if that commit
 * came first — and only then deletes the uncommitted rows, each {@code If-Match} the version it
 * read, so rows a later writer inserted are never removed.
 *
 * <p>Events are stored as JSON of the task hub's model ({@link TaskHubJson}), UTF-8 in a binary
 * Payload column — so the inline limit is the 64 KiB property limit, as for the protobuf bytes
 * stored before — with readable EventType, EventId and Name columns for tools.
 */
public final class HistoryStore {

    static final String SENTINEL = "sentinel";
    /** Where azure-data-tables keeps an entity's ETag: {@code If-Match} for writes with ifUnchanged. */
    private static final String ODATA_ETAG = "odata.etag";
    /** Table property limit is 64 KiB; larger events live in the large-messages container. */
    private static final int MAX_INLINE_BYTES = 60_000;
    /** Loads that find their cleanup overtaken by another writer re-read; this many times at most. */
    private static final int LOAD_ATTEMPTS = 5;

    /** An event with the dedupe key of the message that delivered it (null for events we generated). */
    public record StoredEvent(HistoryEvent event, String messageKey) {
    }

    /**
     * The committed history of an instance's current execution.
     *
     * @param nextSeq the sequence number the next appended event gets
     * @param etag    the sentinel's ETag: the version the next append must find unchanged; null
     *                when the instance has no sentinel (the next append creates it)
     */
    public record Loaded(String executionId, List<StoredEvent> events, long nextSeq, String etag) {
        public static final Loaded EMPTY = new Loaded(null, List.of(), 0, null);
    }

    /**
     * What an append committed.
     *
     * @param nextSeq the next free sequence number after it
     * @param etag    the sentinel's new ETag, for the next append; null when it could not be
     *                told (another writer changed the sentinel since): reload before appending
     */
    public record Committed(long nextSeq, String etag) {
    }

    /** Another writer committed first (or the history was purged): reload and retry. */
    public static final class CommitConflictException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CommitConflictException(String instanceId, Throwable cause) {
            super("history of " + instanceId + " changed under us (another owner committed first)", cause, false, false);
        }
    }

    /** Everything in an instance's partition, as one query read it. */
    private record Snapshot(TableEntity sentinel, TreeMap<String, TableEntity> rows) {
    }

    private final TaskHubStorage storage;
    /** Runs between a multi-transaction append's claim and the rest of its rows: where tests interrupt one. */
    Runnable afterClaim = () -> { };

    public HistoryStore(TaskHubStorage storage) {
        this.storage = storage;
    }

    /**
     * Loads the committed history for its owner, to append to: removes what an unfinished
     * multi-transaction append left behind (see the class comment), so its sequence numbers can
     * be used again.
     */
    public Loaded load(String instanceId) {
        for (int attempt = 1; ; attempt++) {
            try {
                return cleanAndLoad(instanceId, snapshot(instanceId));
            } catch (CommitConflictException e) {
                if (attempt >= LOAD_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** The committed history, read only: for tools, which must not disturb an owner's append. */
    public Loaded read(String instanceId) {
        Snapshot snapshot = snapshot(instanceId);
        return snapshot.sentinel() == null ? Loaded.EMPTY
                : committed(instanceId, snapshot, snapshot.sentinel().getETag());
    }

    private Snapshot snapshot(String instanceId) {
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
        return new Snapshot(sentinel[0], rows);
    }

    private Loaded cleanAndLoad(String instanceId, Snapshot snapshot) {
        TableEntity sentinel = snapshot.sentinel();
        if (sentinel == null) {
            // Rows without a sentinel were never committed (a stale writer's, after a purge, say).
            deleteRows(snapshot.rows().values(), true);
            return Loaded.EMPTY;
        }
        String etag = sentinel.getETag();
        long next = longProperty(sentinel, "NextSeq");
        if (longProperty(sentinel, "PendingTo") > next) {
            // A multi-transaction append that has not finished: end its claim first (its final
            // commit needs the ETag replaced here), so it cannot commit rows about to be removed.
            TableTransactionAction reset = sentinelAction(sentinel.getPartitionKey(), (String) sentinel.getProperty("ExecutionId"),
                    longProperty(sentinel, "FirstSeq"), next, -1, etag);
            try {
                etag = storage.submitForETags(storage.historyTable(), List.of(reset)).get(0);
            } catch (TableServiceException e) {
                throw conflictOrRethrow(instanceId, e);
            }
            if (etag == null) {
                throw new CommitConflictException(instanceId, null); // read it again
            }
        }
        // Rows from NextSeq on are not committed: an abandoned claim's, or a stale writer's stragglers.
        deleteRows(snapshot.rows().tailMap(rowKey(next)).values(), true);
        return committed(instanceId, snapshot, etag);
    }

    private Loaded committed(String instanceId, Snapshot snapshot, String etag) {
        TableEntity sentinel = snapshot.sentinel();
        String executionId = (String) sentinel.getProperty("ExecutionId");
        long first = longProperty(sentinel, "FirstSeq");
        long next = longProperty(sentinel, "NextSeq");
        List<StoredEvent> events = new ArrayList<>((int) (next - first));
        for (long seq = first; seq < next; seq++) {
            TableEntity row = snapshot.rows().get(rowKey(seq));
            if (row == null || !executionId.equals(row.getProperty("ExecutionId"))) {
                throw new IllegalStateException("history of " + instanceId + " is missing event " + seq
                        + " of execution " + executionId);
            }
            events.add(new StoredEvent(parse(row), (String) row.getProperty("MessageKey")));
        }
        return new Loaded(executionId, List.copyOf(events), next, etag);
    }

    /**
     * Appends events to an execution's history, atomically with respect to other writers: it
     * commits only if the sentinel is still at {@code etag}.
     *
     * @param firstSeq the first sequence number of this execution (where a new execution starts)
     * @param nextSeq  the next free sequence number, as loaded
     * @param etag     the sentinel's ETag as loaded or last committed; null if there was no sentinel
     * @return the next free sequence number and the sentinel's new ETag
     * @throws CommitConflictException when another writer changed the sentinel (or a row) first
     */
    public Committed append(String instanceId, String executionId, long firstSeq, long nextSeq, String etag,
                     List<StoredEvent> newEvents) {
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
                batch.add(sentinelAction(pk, executionId, firstSeq, end, -1, etag));
                List<String> etags = storage.submitForETags(storage.historyTable(), batch);
                return new Committed(end, etagOrReadBack(pk, etags.get(batch.size() - 1), executionId, firstSeq, end, -1));
            }
            // Too many rows for one transaction: the first claims the range (a stale owner fails there,
            // before writing anything) and marks it pending; the rest follow; then the range is
            // committed, if the sentinel is still as the claim left it.
            List<TableTransactionAction> first = new ArrayList<>(rows.subList(0, TaskHubStorage.MAX_BATCH - 1));
            first.add(sentinelAction(pk, executionId, firstSeq, nextSeq, end, etag));
            List<String> etags = storage.submitForETags(storage.historyTable(), first);
            String claim = etagOrReadBack(pk, etags.get(first.size() - 1), executionId, firstSeq, nextSeq, end);
            if (claim == null) {
                throw new CommitConflictException(instanceId, null); // a new owner ended the claim already
            }
            afterClaim.run();
            for (int i = TaskHubStorage.MAX_BATCH - 1; i < rows.size(); i += TaskHubStorage.MAX_BATCH) {
                storage.submit(storage.historyTable(), rows.subList(i, Math.min(rows.size(), i + TaskHubStorage.MAX_BATCH)));
            }
            // A transaction of one: its response carries the new ETag intact (Azurite's reply to a
            // single-row update drops the ETag header's closing quote).
            etags = storage.submitForETags(storage.historyTable(), List.of(sentinelAction(pk, executionId, firstSeq, end, -1, claim)));
            return new Committed(end, etagOrReadBack(pk, etags.get(0), executionId, firstSeq, end, -1));
        } catch (TableServiceException e) {
            throw conflictOrRethrow(instanceId, e);
        }
    }

    /**
     * The sentinel's ETag after our write: the one the response carried or, failing that, the
     * stored one if the sentinel still says what we wrote (then its version is as good as ours).
     */
    private String etagOrReadBack(String pk, String etag, String executionId, long firstSeq, long nextSeq, long pendingTo) {
        if (etag != null) {
            return etag;
        }
        TableEntity stored = storage.read(storage.historyTable(), pk, SENTINEL);
        boolean ours = stored != null && executionId.equals(stored.getProperty("ExecutionId"))
                && longProperty(stored, "FirstSeq") == firstSeq && longProperty(stored, "NextSeq") == nextSeq
                && longProperty(stored, "PendingTo") == pendingTo;
        return ours ? stored.getETag() : null;
    }

    /** Removes the rows of an earlier execution (after continue-as-new or a restart), in the background. */
    public void deleteRange(String instanceId, long fromSeq, long toSeq) {
        if (toSeq <= fromSeq) {
            return;
        }
        String pk = TableKeys.escape(instanceId);
        List<TableEntity> keys = new ArrayList<>();
        for (long seq = fromSeq; seq < toSeq; seq++) {
            keys.add(new TableEntity(pk, rowKey(seq)));
        }
        deleteRows(keys, false);
    }

    /**
     * A CommitConflictException for a write that lost to another writer: 412 (the sentinel
     * changed), 409 (a row or the sentinel exists already), 404 on the sentinel (purged). A failed
     * transaction carries no HTTP response in azure-data-tables 12.5, only the error code.
     */
    private static RuntimeException conflictOrRethrow(String instanceId, TableServiceException e) {
        int status = e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
        TableErrorCode code = e.getValue() == null ? null : e.getValue().getErrorCode();
        boolean conflict = status == 409 || status == 412
                || (status == 404 && !TableErrorCode.TABLE_NOT_FOUND.equals(code))
                || TableErrorCode.ENTITY_ALREADY_EXISTS.equals(code)
                || TableErrorCode.UPDATE_CONDITION_NOT_SATISFIED.equals(code)
                || TableErrorCode.RESOURCE_NOT_FOUND.equals(code)
                || TableErrorCode.ENTITY_NOT_FOUND.equals(code);
        return conflict ? new CommitConflictException(instanceId, e) : e;
    }

    /** Deletes every row of the instance (purge). */
    public void delete(String instanceId) {
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
        deleteRows(keys, false);
    }

    private void deleteRows(Collection<TableEntity> rows, boolean ifUnchanged) {
        List<TableEntity> list = List.copyOf(rows);
        for (int i = 0; i < list.size(); i += TaskHubStorage.MAX_BATCH) {
            List<TableEntity> chunk = list.subList(i, Math.min(list.size(), i + TaskHubStorage.MAX_BATCH));
            try {
                storage.submit(storage.historyTable(), chunk.stream()
                        .map(e -> new TableTransactionAction(TableTransactionActionType.DELETE, e, ifUnchanged)).toList());
            } catch (TableTransactionFailedException e) {
                // Some row is gone (or, ifUnchanged, changed): the rest one by one.
                chunk.forEach(row -> storage.deleteRow(storage.historyTable(), row, ifUnchanged));
            }
        }
    }

    /** The sentinel write of an append: created if none was loaded, else replaced if still at {@code etag}. */
    private TableTransactionAction sentinelAction(String pk, String executionId, long firstSeq, long nextSeq, long pendingTo,
                                                  String etag) {
        TableEntity sentinel = sentinel(pk, executionId, firstSeq, nextSeq, pendingTo);
        if (etag == null) {
            return new TableTransactionAction(TableTransactionActionType.CREATE, sentinel);
        }
        return new TableTransactionAction(TableTransactionActionType.UPDATE_REPLACE, sentinel.addProperty(ODATA_ETAG, etag), true);
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
        Instant at = event.timestamp() == null ? Instant.EPOCH : event.timestamp();
        TableEntity row = new TableEntity(pk, rowKey(seq))
                .addProperty("ExecutionId", executionId)
                .addProperty("EventType", TaskHubJson.eventType(event))
                .addProperty("EventId", event.eventId())
                .addProperty("_Timestamp", OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        String name = nameOf(event);
        if (name != null) {
            row.addProperty("Name", name);
        }
        if (stored.messageKey() != null) {
            row.addProperty("MessageKey", stored.messageKey());
        }
        byte[] payload = TaskHubJson.event(event);
        if (payload.length > MAX_INLINE_BYTES) {
            String blob = TableKeys.escape(pk) + "/history-" + executionId + "-" + rowKey(seq) + ".json";
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
            return TaskHubJson.event(payload);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("history row " + row.getPartitionKey() + "/" + row.getRowKey()
                    + " is " + e.getMessage(), e);
        }
    }

    static String rowKey(long seq) {
        return String.format("%016X", seq);
    }

    /** The Name column: what the event runs or carries, for the events that have a name. */
    private static String nameOf(HistoryEvent event) {
        if (event instanceof HistoryEvent.ExecutionStarted e) {
            return e.name();
        } else if (event instanceof HistoryEvent.TaskScheduled e) {
            return e.name();
        } else if (event instanceof HistoryEvent.SubOrchestrationInstanceCreated e) {
            return e.name();
        } else if (event instanceof HistoryEvent.EventRaised e) {
            return e.name();
        } else if (event instanceof HistoryEvent.EventSent e) {
            return e.name();
        }
        return null;
    }

    private static long longProperty(TableEntity row, String name) {
        Object value = row.getProperty(name);
        return value instanceof Number n ? n.longValue() : -1;
    }

    static String odata(String value) {
        return value.replace("'", "''");
    }
}
