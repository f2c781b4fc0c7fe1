package io.durascale.pipeline.taskhub;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** Counters of the task hub's work, read by its metrics and benchmarks. */
public final class TaskHubStats {

    final AtomicLong started = new AtomicLong();
    final AtomicLong completed = new AtomicLong();
    final AtomicLong activities = new AtomicLong();
    /** Activity results handed to a locally owned orchestration without a control-queue round trip. */
    final AtomicLong localResults = new AtomicLong();
    final AtomicLong staleCompletions = new AtomicLong();
    /** Control messages this process sent to a partition it owns and delivered without a receive. */
    final AtomicLong localDeliveries = new AtomicLong();
    /** Activities this process scheduled and handed straight to its own workers. */
    final AtomicLong localDispatches = new AtomicLong();
    final AtomicLong historyReads = new AtomicLong();
    final AtomicLong historyWrites = new AtomicLong();
    final AtomicLongArray episodes;
    final AtomicLongArray controlMessages;
    private final AtomicLongArray owned;

    TaskHubStats(int partitions) {
        episodes = new AtomicLongArray(partitions);
        controlMessages = new AtomicLongArray(partitions);
        owned = new AtomicLongArray(partitions);
    }

    void partitionOwned(int partition, boolean isOwned) {
        owned.set(partition, isOwned ? 1 : 0);
    }

    public long started() { return started.get(); }
    public long completed() { return completed.get(); }
    public long activities() { return activities.get(); }
    public long localResults() { return localResults.get(); }
    public long staleCompletions() { return staleCompletions.get(); }
    public long localDeliveries() { return localDeliveries.get(); }
    public long localDispatches() { return localDispatches.get(); }
    public long historyReads() { return historyReads.get(); }
    public long historyWrites() { return historyWrites.get(); }
    public int partitionCount() { return episodes.length(); }
    public long episodes(int partition) { return episodes.get(partition); }
    public long controlMessages(int partition) { return controlMessages.get(partition); }
    public boolean owns(int partition) { return owned.get(partition) == 1; }
}
