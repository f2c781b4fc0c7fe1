package io.durascale.pipeline.scaler;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the scaler read of one task hub at one instant: per control queue its messages and the timers among them
 * that fall due after the polling window, and the work-item queue's messages.
 *
 * <p>Counts are Azure's {@code ApproximateMessagesCount} (Get Queue Metadata), which includes invisible messages:
 * those a running host has received and holds while it works (our task hub keeps even its in-process deliveries'
 * queue copies invisible), and delayed ones (durable timers). Held messages are work a host is doing, so they
 * count, as in the Azure Storage provider's {@code DisconnectedPerformanceMonitor}; a timer is work only once it is
 * due, so the timers indexed as due after {@code at + window} are taken off ({@link DueTimers}). Peeking could
 * not do this: it sees neither the held messages nor the delayed ones, and at most 32. A timer due within the
 * window therefore counts like a visible message, which is what wakes a tier at zero in time for it.
 *
 * @param at when it was read
 * @param window the polling interval: a timer due within it counts as work now
 * @param controlQueues one per partition, in partition order
 * @param workItems messages in the work-item queue (visible and held)
 */
public record TaskHubReading(Instant at, Duration window, List<ControlQueue> controlQueues, long workItems) {

    public TaskHubReading {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(window, "window");
        controlQueues = List.copyOf(controlQueues);
        if (workItems < 0) {
            throw new IllegalArgumentException("workItems must be 0 or more, got " + workItems);
        }
    }

    /**
     * One control queue.
     *
     * @param partition its partition
     * @param messages its approximate message count, invisible ones included
     * @param timersLater indexed timers of the partition due after the window (counted up to {@code messages})
     */
    public record ControlQueue(int partition, long messages, long timersLater) {

        public ControlQueue {
            if (messages < 0 || timersLater < 0) {
                throw new IllegalArgumentException("counts must be 0 or more, got " + messages + " and " + timersLater);
            }
        }

        /** Messages that need a host now; never below 0, as an index entry may outlive its message. */
        public long pending() {
            return Math.max(0, messages - timersLater);
        }
    }

    /** Control messages that need a host now, over all partitions. */
    public long controlMessages() {
        return controlQueues.stream().mapToLong(ControlQueue::pending).sum();
    }

    /** Partitions with a control message that needs a host now. */
    public int partitionsWithMessages() {
        return (int) controlQueues.stream().filter(q -> q.pending() > 0).count();
    }

    /** Timers taken off because they fall due after the window. */
    public long timersLater() {
        return controlQueues.stream().mapToLong(ControlQueue::timersLater).sum();
    }
}
