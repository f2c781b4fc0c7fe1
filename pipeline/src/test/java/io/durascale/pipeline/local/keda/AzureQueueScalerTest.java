package io.durascale.pipeline.local.keda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** KEDA's azure-queue scaler: the two strategies and the strict activation threshold. */
class AzureQueueScalerTest {

    private final FakeQueueMetric queue = new FakeQueueMetric();

    @Test
    void activeOnlyStrictlyAboveTheActivationQueueLength() {
        AzureQueueScaler scaler = new AzureQueueScaler(queue, QueueLengthStrategy.ALL, 5);
        assertThat(read(scaler, 3)).isEqualTo(new AzureQueueScaler.Reading(3, false));
        assertThat(read(scaler, 5)).isEqualTo(new AzureQueueScaler.Reading(5, false));
        assertThat(read(scaler, 6)).isEqualTo(new AzureQueueScaler.Reading(6, true));
        assertThat(read(scaler, 8)).isEqualTo(new AzureQueueScaler.Reading(8, true));
        AzureQueueScaler byDefault = new AzureQueueScaler(queue, QueueLengthStrategy.ALL, 0);
        assertThat(read(byDefault, 0).active()).isFalse();
        assertThat(read(byDefault, 1).active()).isTrue();
    }

    private AzureQueueScaler.Reading read(AzureQueueScaler scaler, long messages) {
        queue.messages(messages);
        return scaler.read();
    }

    @Test
    void allCountsInvisibleMessagesWithTheApproximateCount() {
        AzureQueueScaler scaler = new AzureQueueScaler(queue, QueueLengthStrategy.ALL, 0);
        queue.visible = 2;
        queue.invisible = 5;
        assertThat(scaler.read()).isEqualTo(new AzureQueueScaler.Reading(7, true));
        assertThat(queue.peeks).isZero();
    }

    @Test
    void visibleOnlyPeeksAndFallsBackToTheApproximateCountAt32() {
        AzureQueueScaler scaler = new AzureQueueScaler(queue, QueueLengthStrategy.VISIBLE_ONLY, 0);
        queue.visible = 0;
        queue.invisible = 5;
        assertThat(scaler.read()).isEqualTo(new AzureQueueScaler.Reading(0, false));
        queue.visible = 31;
        assertThat(scaler.queueLength()).isEqualTo(31);
        assertThat(queue.approximateReads).isZero();
        queue.visible = 40;
        assertThat(scaler.queueLength()).as("32 visible or more: the approximate count, invisible included").isEqualTo(45);
        assertThat(queue.approximateReads).isEqualTo(1);
    }

    @Test
    void queueLengthStrategyParsesAsKedaDoes() {
        assertThat(QueueLengthStrategy.parse("All")).isEqualTo(QueueLengthStrategy.ALL);
        assertThat(QueueLengthStrategy.parse("VisibleOnly")).isEqualTo(QueueLengthStrategy.VISIBLE_ONLY);
        assertThatThrownBy(() -> QueueLengthStrategy.parse("visible")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid queueLengthStrategy 'visible': use all or visibleonly");
    }
}
