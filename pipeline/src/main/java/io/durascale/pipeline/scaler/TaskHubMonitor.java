package io.durascale.pipeline.scaler;

import com.azure.core.util.Context;
import com.azure.storage.queue.QueueClient;
import io.durascale.pipeline.taskhub.TaskHubNames;
import io.durascale.storage.StorageAccount;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a task hub's queues and timer index from outside the task hub, as the Azure Storage provider's
 * {@code DisconnectedPerformanceMonitor} does: per control queue its approximate message count and, when it has
 * messages, how many of them are timers due after the window; then the work-item queue. That is P + 1 Get Queue
 * Metadata calls and one table query per partition with messages.
 *
 * <p>KEDA asks {@code GetMetrics} and then {@code IsActive} for every check (external_scaler.go); a reading younger
 * than {@link #FRESH} answers both, so one check costs one read. A queue that does not exist yet counts 0 (the hub
 * is not provisioned until its first start), with one warning.
 */
public final class TaskHubMonitor {

    /** How long a reading answers further questions about the same window. */
    static final Duration FRESH = Duration.ofSeconds(1);
    /** Bounds each storage call, so a slow account cannot hold a KEDA check past its own deadline. */
    static final Duration CALL_TIMEOUT = DueTimers.CALL_TIMEOUT;

    private static final Logger log = LoggerFactory.getLogger(TaskHubMonitor.class);

    private final TaskHubNames names;
    private final List<QueueClient> controlQueues;
    private final QueueClient workItems;
    private final DueTimers timers;
    private final Clock clock;
    private final ReadListener listener;
    private final Set<String> missing = ConcurrentHashMap.newKeySet();
    private volatile TaskHubReading last;

    /** Told about every read of storage (not about cached answers): for the scaler's own metrics. */
    public interface ReadListener {
        void read(String hub, Duration took, boolean succeeded);

        ReadListener NONE = (hub, took, succeeded) -> { };
    }

    public TaskHubMonitor(StorageAccount account, TaskHubNames names, Clock clock, ReadListener listener) {
        this.names = Objects.requireNonNull(names, "names");
        this.controlQueues = names.controlQueues().stream().map(account.queues()::getQueueClient).toList();
        this.workItems = account.queues().getQueueClient(names.workItemQueue());
        this.timers = DueTimers.of(account, names);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * The hub now, or the last reading of the same window if it is younger than {@link #FRESH}.
     *
     * @param window the polling interval: timers due within it count as work
     * @throws TaskHubUnavailableException one line naming the hub and the storage's answer (no secret)
     */
    public TaskHubReading read(Duration window) {
        Instant now = clock.instant();
        TaskHubReading previous = last;
        if (previous != null && previous.window().equals(window) && !previous.at().isAfter(now)
                && Duration.between(previous.at(), now).compareTo(FRESH) < 0) {
            return previous;
        }
        long started = System.nanoTime();
        try {
            TaskHubReading reading = readNow(now, window);
            listener.read(names.hub(), Duration.ofNanos(System.nanoTime() - started), true);
            last = reading;
            return reading;
        } catch (RuntimeException e) {
            listener.read(names.hub(), Duration.ofNanos(System.nanoTime() - started), false);
            throw new TaskHubUnavailableException("cannot read task hub " + names.hub() + ": " + StorageFailures.describe(e), e);
        }
    }

    private TaskHubReading readNow(Instant now, Duration window) {
        Instant windowEnd = now.plus(window);
        List<TaskHubReading.ControlQueue> queues = new ArrayList<>(controlQueues.size());
        for (int p = 0; p < controlQueues.size(); p++) {
            long messages = approximateCount(controlQueues.get(p));
            long later = messages == 0 ? 0 : timers.countDueAfter(p, windowEnd, (int) Math.min(messages, Integer.MAX_VALUE));
            queues.add(new TaskHubReading.ControlQueue(p, messages, later));
        }
        return new TaskHubReading(now, window, queues, approximateCount(workItems));
    }

    private long approximateCount(QueueClient queue) {
        try {
            return queue.getPropertiesWithResponse(CALL_TIMEOUT, Context.NONE).getValue().getApproximateMessagesCountLong();
        } catch (RuntimeException e) {
            if (!StorageFailures.isNotFound(e)) {
                throw e;
            }
            if (missing.add(queue.getQueueName())) {
                log.warn("queue {} does not exist: counted as empty until the task hub {} creates it", queue.getQueueName(),
                        names.hub());
            }
            return 0;
        }
    }

    public TaskHubNames names() {
        return names;
    }

}
