package io.durascale.pipeline.taskhub.tracking;

import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;
import io.durascale.pipeline.taskhub.model.FailureDetails;
import io.durascale.pipeline.taskhub.model.InstanceExistsException;
import io.durascale.pipeline.taskhub.model.InstanceFilter;
import io.durascale.pipeline.taskhub.model.InstancePage;
import io.durascale.pipeline.taskhub.model.InstanceRecord;
import io.durascale.pipeline.taskhub.model.OrchestrationStatus;
import io.durascale.pipeline.taskhub.storage.TableKeys;
import io.durascale.pipeline.taskhub.storage.TaskHubJson;
import io.durascale.pipeline.taskhub.storage.TaskHubMessages;
import io.durascale.pipeline.taskhub.storage.TaskHubStorage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code <Hub>Instances} table: one row per instance (PartitionKey = escaped instance id,
 * RowKey empty), with the Azure Storage provider's column names so its tools can read it.
 * Failure details are stored as JSON of the model ({@link TaskHubJson}).
 */
public final class InstanceStore {

    /** Table string properties hold 32 K UTF-16 characters; larger values move to a blob. */
    private static final int MAX_INLINE_CHARS = 30_000;
    private static final String ROW = "";

    /** What changes after an episode; null fields are left as they are. */
    public record InstanceUpdate(OrchestrationStatus status, String customStatus, boolean customStatusChanged,
                                 String output, boolean outputChanged, FailureDetails failure, Instant completedTime,
                                 String executionId, String input, boolean inputChanged) {
    }

    private final TaskHubStorage storage;

    public InstanceStore(TaskHubStorage storage) {
        this.storage = storage;
    }

    /**
     * Creates the row of a new instance (status Pending), replacing a finished instance of the
     * same id. Returns true if it replaced one.
     *
     * @throws InstanceExistsException when an unfinished instance has that id
     */
    public boolean create(InstanceRecord record) {
        TableEntity row = toRow(record);
        try {
            storage.insert(storage.instancesTable(), row);
            return false;
        } catch (TableServiceException e) {
            if (e.getResponse().getStatusCode() != 409) {
                throw e;
            }
        }
        InstanceRecord existing = get(record.instanceId());
        if (existing != null && !existing.isTerminal()) {
            throw new InstanceExistsException(record.instanceId(), existing.status());
        }
        storage.upsert(storage.instancesTable(), row, com.azure.data.tables.models.TableEntityUpdateMode.REPLACE);
        return true;
    }

    public InstanceRecord get(String instanceId) {
        TableEntity row = storage.read(storage.instancesTable(), TableKeys.escape(instanceId), ROW);
        return row == null ? null : fromRow(row, true);
    }

    /** Whether the instance has a row: one point read, without fetching large payloads. */
    public boolean exists(String instanceId) {
        return storage.read(storage.instancesTable(), TableKeys.escape(instanceId), ROW) != null;
    }

    public void update(String instanceId, InstanceUpdate update) {
        TableEntity row = new TableEntity(TableKeys.escape(instanceId), ROW)
                .addProperty("LastUpdatedTime", OffsetDateTime.now(ZoneOffset.UTC));
        if (update.status() != null) {
            row.addProperty("RuntimeStatus", update.status().storedName());
        }
        if (update.customStatusChanged()) {
            putLarge(row, instanceId, "CustomStatus", update.customStatus());
        }
        if (update.outputChanged()) {
            putLarge(row, instanceId, "Output", update.output());
        }
        if (update.inputChanged()) {
            putLarge(row, instanceId, "Input", update.input());
        }
        if (update.failure() != null) {
            putLarge(row, instanceId, "FailureDetails", TaskHubJson.write(update.failure()));
        }
        if (update.completedTime() != null) {
            row.addProperty("CompletedTime", OffsetDateTime.ofInstant(update.completedTime(), ZoneOffset.UTC));
        }
        if (update.executionId() != null) {
            row.addProperty("ExecutionId", update.executionId());
        }
        storage.merge(storage.instancesTable(), row);
    }

    public void delete(String instanceId) {
        storage.deleteRow(storage.instancesTable(), new TableEntity(TableKeys.escape(instanceId), ROW), false);
    }

    /** One page of at most {@code pageSize} instances; never empty while more remain. */
    public InstancePage query(InstanceFilter filter, int pageSize, String continuation, boolean withPayloads) {
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter(odataFilter(filter));
        if (!withPayloads) {
            options.setSelect(List.of("PartitionKey", "RowKey", "Name", "Version", "RuntimeStatus", "CreatedTime",
                    "LastUpdatedTime", "CompletedTime", "ExecutionId", "ScheduledStartTime", "FailureDetails", "FailureDetailsBlobName", "ParentInstanceId"));
        }
        List<InstanceRecord> found = new ArrayList<>();
        String token = continuation == null || continuation.isEmpty() ? null : continuation;
        do {
            options.setTop(pageSize - found.size());
            var page = storage.queryPage(storage.instancesTable(), options, token);
            if (page == null) {
                token = null;
                break;
            }
            page.getValue().forEach(row -> found.add(fromRow(row, withPayloads)));
            token = page.getContinuationToken();
        } while (token != null && found.size() < pageSize);
        return new InstancePage(found, token);
    }

    static String odataFilter(InstanceFilter filter) {
        List<String> clauses = new ArrayList<>();
        if (filter.statuses() != null && !filter.statuses().isEmpty()) {
            clauses.add(filter.statuses().stream().map(s -> "RuntimeStatus eq '" + s.storedName() + "'")
                    .collect(Collectors.joining(" or ", "(", ")")));
        }
        if (filter.createdFrom() != null) {
            clauses.add("CreatedTime ge datetime'" + odataTime(filter.createdFrom()) + "'");
        }
        if (filter.createdTo() != null) {
            clauses.add("CreatedTime le datetime'" + odataTime(filter.createdTo()) + "'");
        }
        if (filter.instanceIdPrefix() != null && !filter.instanceIdPrefix().isEmpty()) {
            String low = TableKeys.escape(filter.instanceIdPrefix());
            String high = low.substring(0, low.length() - 1) + (char) (low.charAt(low.length() - 1) + 1);
            clauses.add("PartitionKey ge '" + HistoryStore.odata(low) + "' and PartitionKey lt '" + HistoryStore.odata(high) + "'");
        }
        return clauses.isEmpty() ? null : String.join(" and ", clauses);
    }

    private static String odataTime(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    static OrchestrationStatus parseStatus(String name) {
        return OrchestrationStatus.fromStoredName(name).orElseThrow(() ->
                new IllegalStateException("unknown runtime status '" + name + "' in the instances table"));
    }

    private TableEntity toRow(InstanceRecord r) {
        TableEntity row = new TableEntity(TableKeys.escape(r.instanceId()), ROW)
                .addProperty("Name", r.name())
                .addProperty("RuntimeStatus", r.status().storedName())
                .addProperty("CreatedTime", OffsetDateTime.ofInstant(r.createdTime(), ZoneOffset.UTC))
                .addProperty("LastUpdatedTime", OffsetDateTime.ofInstant(r.lastUpdatedTime(), ZoneOffset.UTC))
                .addProperty("ExecutionId", r.executionId())
                .addProperty("TaskHubName", storage.names().hub());
        if (r.version() != null) {
            row.addProperty("Version", r.version());
        }
        putLarge(row, r.instanceId(), "Input", r.input());
        if (r.scheduledStartTime() != null) {
            row.addProperty("ScheduledStartTime", OffsetDateTime.ofInstant(r.scheduledStartTime(), ZoneOffset.UTC));
        }
        if (r.parentInstanceId() != null) {
            row.addProperty("ParentInstanceId", r.parentInstanceId());
        }
        return row;
    }

    private InstanceRecord fromRow(TableEntity row, boolean withPayloads) {
        FailureDetails failure = null;
        String failureJson = getLarge(row, "FailureDetails");
        if (failureJson != null) {
            try {
                failure = TaskHubJson.read(failureJson, FailureDetails.class);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("instance " + row.getPartitionKey() + " has unreadable failure details", e);
            }
        }
        return new InstanceRecord(
                TableKeys.unescape(row.getPartitionKey()),
                (String) row.getProperty("Name"),
                (String) row.getProperty("Version"),
                withPayloads ? getLarge(row, "Input") : null,
                withPayloads ? getLarge(row, "Output") : null,
                withPayloads ? getLarge(row, "CustomStatus") : null,
                parseStatus((String) row.getProperty("RuntimeStatus")),
                instant(row, "CreatedTime"),
                instant(row, "LastUpdatedTime"),
                instant(row, "CompletedTime"),
                (String) row.getProperty("ExecutionId"),
                instant(row, "ScheduledStartTime"),
                failure,
                (String) row.getProperty("ParentInstanceId"));
    }

    /**
     * Writes a string column, or the name of a blob holding it when it is too large. A merge cannot
     * remove a property, so "no value" is stored as the empty string (the SDK reads both alike).
     */
    private void putLarge(TableEntity row, String instanceId, String column, String value) {
        if (value != null && value.length() > MAX_INLINE_CHARS) {
            String blob = TaskHubMessages.largeBlobName(instanceId);
            storage.writeBlob(storage.largeMessagesContainer(), blob, value.getBytes(StandardCharsets.UTF_8));
            row.addProperty(column, "");
            row.addProperty(column + "BlobName", blob);
        } else {
            row.addProperty(column, value == null ? "" : value);
            row.addProperty(column + "BlobName", "");
        }
    }

    private String getLarge(TableEntity row, String column) {
        Object blob = row.getProperty(column + "BlobName");
        if (blob instanceof String name && !name.isEmpty()) {
            return new String(storage.readBlob(storage.largeMessagesContainer(), name), StandardCharsets.UTF_8);
        }
        Object value = row.getProperty(column);
        return value instanceof String text && !text.isEmpty() ? text : null;
    }

    private static Instant instant(TableEntity row, String column) {
        Object value = row.getProperty(column);
        return value instanceof OffsetDateTime t ? t.toInstant() : null;
    }
}
