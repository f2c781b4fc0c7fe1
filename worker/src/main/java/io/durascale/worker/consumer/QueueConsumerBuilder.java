package io.durascale.worker.consumer;

import io.durascale.core.job.JobQueues;
import io.durascale.storage.StorageAccount;
import java.time.Duration;
import java.util.Objects;

/** Configures a {@link QueueConsumer}; {@link #build} validates everything at once. */
public final class QueueConsumerBuilder {
    private StorageAccount account;
    private String queue = JobQueues.DEFAULT_QUEUE;
    private int concurrency = Runtime.getRuntime().availableProcessors();
    private Duration visibilityTimeout = ConsumerSettings.DEFAULT_VISIBILITY_TIMEOUT;
    private int maxDequeueCount = ConsumerSettings.DEFAULT_MAX_DEQUEUE_COUNT;
    private Duration drainGrace = ConsumerSettings.DEFAULT_DRAIN_GRACE;
    private Duration exitWhenIdle = Duration.ZERO;
    private String workerId;
    private Duration maxPollInterval = ConsumerSettings.DEFAULT_MAX_POLL_INTERVAL;
    private Duration startupTimeout = ConsumerSettings.DEFAULT_STARTUP_TIMEOUT;

    QueueConsumerBuilder() {
    }

    public QueueConsumerBuilder account(StorageAccount account) {
        this.account = Objects.requireNonNull(account, "account");
        return this;
    }

    public QueueConsumerBuilder queue(String queue) {
        this.queue = queue;
        return this;
    }

    public QueueConsumerBuilder concurrency(int concurrency) {
        this.concurrency = concurrency;
        return this;
    }

    public QueueConsumerBuilder visibilityTimeout(Duration visibilityTimeout) {
        this.visibilityTimeout = visibilityTimeout;
        return this;
    }

    public QueueConsumerBuilder maxDequeueCount(int maxDequeueCount) {
        this.maxDequeueCount = maxDequeueCount;
        return this;
    }

    public QueueConsumerBuilder drainGrace(Duration drainGrace) {
        this.drainGrace = drainGrace;
        return this;
    }

    /** Stop by itself after the queue stayed empty this long (KEDA ScaledJob mode); zero or null = never. */
    public QueueConsumerBuilder exitWhenIdle(Duration exitWhenIdle) {
        this.exitWhenIdle = exitWhenIdle == null ? Duration.ZERO : exitWhenIdle;
        return this;
    }

    public QueueConsumerBuilder workerId(String workerId) {
        this.workerId = workerId;
        return this;
    }

    public QueueConsumerBuilder maxPollInterval(Duration maxPollInterval) {
        this.maxPollInterval = maxPollInterval;
        return this;
    }

    public QueueConsumerBuilder startupTimeout(Duration startupTimeout) {
        this.startupTimeout = startupTimeout;
        return this;
    }

    /** The validated settings, without building a consumer. */
    public ConsumerSettings settings() {
        return new ConsumerSettings(queue, concurrency, visibilityTimeout, maxDequeueCount, drainGrace, exitWhenIdle,
                workerId == null || workerId.isBlank() ? QueueConsumer.defaultWorkerId() : workerId, maxPollInterval, startupTimeout);
    }

    /**
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public QueueConsumer build() {
        ConsumerSettings settings = settings();
        if (account == null) {
            throw new IllegalStateException("give the consumer its storage with account(...) before build()");
        }
        return QueueConsumer.create(settings, account);
    }
}
