package io.durascale.pipeline.scaler;

import io.durascale.pipeline.taskhub.StorageOps;
import io.durascale.pipeline.taskhub.TaskHubNames;
import io.durascale.pipeline.taskhub.storage.TaskHubStorage;
import io.durascale.pipeline.taskhub.storage.TimerIndex;
import io.durascale.testkit.TestStorage;
import java.time.Instant;

/** Timer-index rows for the scaler's tests, written by the task hub's own writer, as a running hub writes them. */
public final class TimerRows {

    private final TestStorage storage;
    private final TaskHubNames names;
    private final TimerIndex index;

    private TimerRows(TestStorage storage, TaskHubNames names) {
        this.storage = storage;
        this.names = names;
        this.index = new TimerIndex(new TaskHubStorage(storage.account(), names, new StorageOps()));
    }

    /** The hub's rows; its table is deleted after the test. */
    public static TimerRows of(TestStorage storage, TaskHubNames names) {
        storage.deleteAfterwards(() -> storage.tables().deleteTable(names.timersTable()));
        return new TimerRows(storage, names);
    }

    /** Indexes a delayed control message, creating the table first if the hub has none yet. */
    public void add(int partition, Instant due, String instanceId, String messageKey) {
        storage.tables().createTableIfNotExists(names.timersTable());
        index.add(entry(partition, due, instanceId, messageKey));
    }

    /** Removes a consumed message's row. */
    public void remove(int partition, Instant due, String instanceId, String messageKey) {
        index.remove(entry(partition, due, instanceId, messageKey));
    }

    private static TimerIndex.Entry entry(int partition, Instant due, String instanceId, String messageKey) {
        return new TimerIndex.Entry(partition, due, instanceId, messageKey);
    }
}
