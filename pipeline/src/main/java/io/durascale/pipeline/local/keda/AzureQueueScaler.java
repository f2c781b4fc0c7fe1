package io.durascale.pipeline.local.keda;

import io.durascale.pipeline.local.hpa.ExternalMetricSpec;
import java.util.List;
import java.util.Objects;

/**
 * KEDA's {@code azure-queue} scaler ({@code pkg/scalers/azure_queue_scaler.go}, KEDA 2.15+): the
 * queue length by the trigger's strategy, and whether the trigger is active — strictly more
 * messages than {@code activationQueueLength}. The same length is the HPA's External metric
 * {@code s<index>-azure-queue-<queue>}, which the HPA divides by {@code queueLength} (AverageValue).
 */
public final class AzureQueueScaler implements Scaler {

    /** KEDA peeks at most 32 messages, the Peek Messages maximum. */
    static final int MAX_PEEK_MESSAGES = 32;

    private final AzureQueueTrigger trigger;
    private final QueueMetric queue;
    private final ExternalMetricSpec metric;

    /**
     * @param triggerIndex the trigger's position in the ScaledObject, the metric name's {@code s<index>-} prefix
     */
    public AzureQueueScaler(AzureQueueTrigger trigger, int triggerIndex, QueueMetric queue) {
        this.trigger = Objects.requireNonNull(trigger, "trigger");
        this.queue = Objects.requireNonNull(queue, "queue");
        // GenerateMetricNameWithIndex(index, NormalizeString("azure-queue-" + queueName)); queue names need no normalising.
        this.metric = new ExternalMetricSpec("s" + triggerIndex + "-azure-queue-" + trigger.queueName(),
                trigger.queueLength());
    }

    @Override
    public MetricsAndActivity getMetricsAndActivity(String metricName) {
        long length = messageCount();
        return new MetricsAndActivity(length, length > trigger.activationQueueLength());
    }

    @Override
    public List<ExternalMetricSpec> getMetricSpecForScaling() {
        return List.of(metric);
    }

    /** KEDA's {@code getMessageCount}: {@code visibleonly} peeks and falls back to the approximate count at 32. */
    long messageCount() {
        if (trigger.queueLengthStrategy() == QueueLengthStrategy.VISIBLE_ONLY) {
            int visible = queue.peekVisible(MAX_PEEK_MESSAGES);
            if (visible < MAX_PEEK_MESSAGES) {
                return visible;
            }
        }
        return queue.approximateMessageCount();
    }

    public AzureQueueTrigger trigger() {
        return trigger;
    }
}
