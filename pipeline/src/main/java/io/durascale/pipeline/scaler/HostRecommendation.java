package io.durascale.pipeline.scaler;

import java.util.Objects;

/**
 * The scaler's two rules over a {@link TaskHubReading}, as plain arithmetic.
 *
 * <ul>
 *   <li><b>Hosts</b> (the metric): the Durable Functions extension's target-based scaler
 *       ({@code DurableTaskTargetScaler.GetScaleResultAsync}):
 *       max(⌈work items ÷ maxActivitiesPerWorker⌉, min(partitions with messages,
 *       ⌈control messages ÷ maxOrchestrationsPerWorker⌉)). Orchestration work never asks for more hosts than
 *       partitions hold messages, because a partition is processed by one host at a time; activities may.</li>
 *   <li><b>Active</b> (KEDA scales from 0 on it): any message needs a host now — a visible one, one a host holds,
 *       or a durable timer due within the polling interval.</li>
 * </ul>
 *
 * @param activityHosts hosts the work items ask for
 * @param orchestrationHosts hosts the control queues ask for (at most the partition count)
 * @param active whether any message needs a host now
 */
public record HostRecommendation(long activityHosts, long orchestrationHosts, boolean active) {

    public static HostRecommendation of(TaskHubReading reading, TaskHubScalerMetadata metadata) {
        Objects.requireNonNull(reading, "reading");
        Objects.requireNonNull(metadata, "metadata");
        long activity = ceilDiv(reading.workItems(), metadata.maxActivitiesPerWorker());
        long orchestration = Math.min(reading.partitionsWithMessages(),
                ceilDiv(reading.controlMessages(), metadata.maxOrchestrationsPerWorker()));
        return new HostRecommendation(activity, orchestration, reading.workItems() > 0 || reading.controlMessages() > 0);
    }

    /** The metric: the recommended number of orchestration hosts. */
    public long hosts() {
        return Math.max(activityHosts, orchestrationHosts);
    }

    private static long ceilDiv(long value, int per) {
        return (value + per - 1) / per;
    }
}
