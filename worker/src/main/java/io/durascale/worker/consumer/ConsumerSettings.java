package io.durascale.worker.consumer;

import io.durascale.core.cli.Durations;
import io.durascale.core.job.JobQueues;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a {@link QueueConsumer} can be told, validated in one place; every rejection is one
 * sentence naming the setting and its allowed range.
 *
 * @param queue the jobs queue; its poison queue is {@code <queue>-poison}
 * @param concurrency slots: jobs computed at once by this process
 * @param visibilityTimeout how long a received message stays invisible before renewal
 * @param maxDequeueCount deliveries after which a failing message goes to the poison queue
 * @param drainGrace how long in-flight jobs may run after a stop request before they are released
 * @param exitWhenIdle stop after the queue has been empty this long with nothing in flight; zero = never
 * @param workerId the name written into output metadata and poison envelopes
 * @param maxPollInterval the longest wait between receives while the queue is empty
 * @param startupTimeout how long to wait for storage to answer at start
 */
public record ConsumerSettings(String queue, int concurrency, Duration visibilityTimeout, int maxDequeueCount,
                               Duration drainGrace, Duration exitWhenIdle, String workerId, Duration maxPollInterval,
                               Duration startupTimeout) {

    public static final int DEFAULT_MAX_DEQUEUE_COUNT = 5;
    public static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_DRAIN_GRACE = Duration.ofSeconds(25);
    public static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);
    /** Azure Storage: Get Messages returns at most 32 messages. */
    static final int MAX_BATCH = 32;
    /** Jobs one worker process computes at once, at most. */
    public static final int MAX_CONCURRENCY = io.durascale.core.job.JobQueues.MAX_WORKER_CONCURRENCY;

    public ConsumerSettings {
        JobQueues.checkJobsQueue(queue);
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("concurrency must be 1 to " + MAX_CONCURRENCY + " jobs at once, got " + concurrency);
        }
        require("visibility timeout", visibilityTimeout, Duration.ofSeconds(1), Duration.ofDays(7));
        if (visibilityTimeout.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("visibility timeout must be whole seconds (Azure Storage counts seconds), got "
                    + visibilityTimeout.toMillis() + " ms");
        }
        if (maxDequeueCount < 1 || maxDequeueCount > 1000) {
            throw new IllegalArgumentException("max dequeue count must be 1 to 1000, got " + maxDequeueCount);
        }
        require("drain grace", drainGrace, Duration.ZERO, Duration.ofHours(1));
        require("exit-when-idle", exitWhenIdle, Duration.ZERO, Duration.ofDays(1));
        if (workerId == null || workerId.isBlank() || workerId.length() > 128) {
            throw new IllegalArgumentException("worker id must have 1 to 128 characters");
        }
        require("max poll interval", maxPollInterval, Duration.ofMillis(10), Duration.ofMinutes(1));
        require("startup timeout", startupTimeout, Duration.ZERO, Duration.ofHours(1));
    }

    /** The poison queue's name. */
    public String poisonQueue() {
        return JobQueues.poisonQueue(queue);
    }

    /** When a running job's message gets its visibility extended: a third of the timeout, as Functions does. */
    Duration renewalAge() {
        return visibilityTimeout.dividedBy(3);
    }

    private static void require(String what, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, what);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(what + " must be between " + Durations.format(min) + " and "
                    + Durations.format(max) + ", got " + Durations.format(value));
        }
    }
}
