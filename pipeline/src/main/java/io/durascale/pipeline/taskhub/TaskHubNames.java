package io.durascale.pipeline.taskhub;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The Azure Storage provider's naming, so tools that read a Durable Functions task hub read ours
 * too: {@code <hub>-control-00..NN} (partitions), {@code <hub>-workitems}, {@code <Hub>History},
 * {@code <Hub>Instances}, {@code <hub>-leases}, {@code <hub>-largemessages}; and ours beside them,
 * {@code <Hub>Timers} (the timer index a scaler reads).
 */
public final class TaskHubNames {

    private final String hub;
    private final String lowerHub;
    private final int partitionCount;

    public TaskHubNames(String hub, int partitionCount) {
        this.hub = hub;
        this.lowerHub = hub.toLowerCase(java.util.Locale.ROOT);
        this.partitionCount = partitionCount;
    }

    public static TaskHubNames of(TaskHubSettings settings) {
        return new TaskHubNames(settings.hubName(), settings.partitionCount());
    }

    public String hub() {
        return hub;
    }

    public int partitionCount() {
        return partitionCount;
    }

    public String controlQueue(int partition) {
        return String.format("%s-control-%02d", lowerHub, partition);
    }

    public List<String> controlQueues() {
        return IntStream.range(0, partitionCount).mapToObj(this::controlQueue).toList();
    }

    public String workItemQueue() {
        return lowerHub + "-workitems";
    }

    public String historyTable() {
        return hub + "History";
    }

    public String instancesTable() {
        return hub + "Instances";
    }

    /** The timer index: one row per pending delayed control message (see {@code storage.TimerIndex}). */
    public String timersTable() {
        return hub + "Timers";
    }

    public String leasesContainer() {
        return lowerHub + "-leases";
    }

    public String largeMessagesContainer() {
        return lowerHub + "-largemessages";
    }

    /** The partition of an instance, as the Azure Storage provider computes it. */
    public int partitionOf(String instanceId) {
        return partitionOf(instanceId, partitionCount);
    }

    /** FNV-1a (32-bit) of the instance id's UTF-8 bytes, unsigned, modulo the partition count. */
    public static int partitionOf(String instanceId, int partitionCount) {
        int hash = 0x811C9DC5;
        for (byte b : instanceId.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= 0x01000193;
        }
        return Integer.remainderUnsigned(hash, partitionCount);
    }
}
