package io.durascale.pipeline.local.keda;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.pipeline.local.hpa.ExternalMetricSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** KEDA's azure-queue scaler: the two strategies, the strict activation threshold and the HPA's metric. */
class AzureQueueScalerTest {

    private static final String METRIC = "s0-azure-queue-compute-jobs";

    private final FakeQueueMetric queue = new FakeQueueMetric();

    private AzureQueueScaler scaler(QueueLengthStrategy strategy, int activationQueueLength) {
        return new AzureQueueScaler(AzureQueueTrigger.of("compute-jobs").withQueueLengthStrategy(strategy)
                .withActivationQueueLength(activationQueueLength), 0, queue);
    }

    @ParameterizedTest(name = "{1} messages, activation {0}: active {2}")
    @CsvSource({
        "5, 3, false",
        "5, 5, false",   // strictly more than activationQueueLength
        "5, 6, true",
        "5, 8, true",
        "0, 0, false",
        "0, 1, true",
    })
    void activeOnlyStrictlyAboveTheActivationQueueLength(int activation, long messages, boolean active) {
        queue.messages(messages);
        assertThat(scaler(QueueLengthStrategy.ALL, activation).getMetricsAndActivity(METRIC))
                .isEqualTo(new Scaler.MetricsAndActivity(messages, active));
    }

    @Test
    void allCountsInvisibleMessagesWithTheApproximateCount() {
        queue.visible = 2;
        queue.invisible = 5;
        assertThat(scaler(QueueLengthStrategy.ALL, 0).getMetricsAndActivity(METRIC))
                .isEqualTo(new Scaler.MetricsAndActivity(7, true));
        assertThat(queue.peeks).isZero();
    }

    @Test
    void visibleOnlyPeeksAndFallsBackToTheApproximateCountAt32() {
        AzureQueueScaler scaler = scaler(QueueLengthStrategy.VISIBLE_ONLY, 0);
        queue.visible = 0;
        queue.invisible = 5;
        assertThat(scaler.getMetricsAndActivity(METRIC)).isEqualTo(new Scaler.MetricsAndActivity(0, false));
        queue.visible = 31;
        assertThat(scaler.messageCount()).isEqualTo(31);
        assertThat(queue.approximateReads).isZero();
        queue.visible = 40;
        assertThat(scaler.messageCount()).as("32 visible or more: the approximate count, invisible included").isEqualTo(45);
        assertThat(queue.approximateReads).isEqualTo(1);
    }

    @Test
    void theHpaScalesOnTheQueueLengthPerQueueLengthTargetUnderKedasMetricName() {
        AzureQueueScaler scaler = new AzureQueueScaler(AzureQueueTrigger.of("batch-jobs").withQueueLength(8), 2, queue);
        assertThat(scaler.getMetricSpecForScaling()).containsExactly(new ExternalMetricSpec("s2-azure-queue-batch-jobs", 8));
    }
}
