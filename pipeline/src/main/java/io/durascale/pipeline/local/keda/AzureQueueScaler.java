package io.durascale.pipeline.local.keda;

import java.util.Objects;

/**
 * KEDA's {@code azure-queue} scaler ({@code pkg/scalers/azure_queue_scaler.go}, KEDA 2.15+): the
 * queue length by the configured strategy, and whether the trigger is active — strictly more
 * messages than {@code activationQueueLength}. The same length is the HPA's external metric,
 * which the HPA divides by {@code queueLength} (an AverageValue target).
 */
public final class AzureQueueScaler {

    /** KEDA peeks at most 32 messages, the Peek Messages maximum. */
    static final int MAX_PEEK_MESSAGES = 32;

    /** One check: the metric value and the activity. */
    public record Reading(long queueLength, boolean active) {
    }

    private final QueueMetric queue;
    private final QueueLengthStrategy strategy;
    private final long activationQueueLength;

    public AzureQueueScaler(QueueMetric queue, QueueLengthStrategy strategy, long activationQueueLength) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.activationQueueLength = activationQueueLength;
    }

    public AzureQueueScaler(QueueMetric queue, ScaledObjectSpec spec) {
        this(queue, spec.queueLengthStrategy(), spec.activationQueueLength());
    }

    /**
     * KEDA's {@code GetMetricsAndActivity}.
     *
     * @throws RuntimeException if the queue cannot be read (KEDA then reports a scaler error and does not scale)
     */
    public Reading read() {
        long length = queueLength();
        return new Reading(length, length > activationQueueLength);
    }

    /** KEDA's {@code getMessageCount}: {@code visibleonly} peeks and falls back to the approximate count at 32. */
    public long queueLength() {
        if (strategy == QueueLengthStrategy.VISIBLE_ONLY) {
            int visible = queue.peekVisible(MAX_PEEK_MESSAGES);
            if (visible < MAX_PEEK_MESSAGES) {
                return visible;
            }
        }
        return queue.approximateMessageCount();
    }

    public QueueLengthStrategy strategy() {
        return strategy;
    }

    public long activationQueueLength() {
        return activationQueueLength;
    }
}
