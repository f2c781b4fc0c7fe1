package io.durascale.pipeline.scaler;

import java.util.Objects;

/**
 * The task-hub scaler for one trigger, shaped like a KEDA scaler ({@code pkg/scalers/scaler.go}): its metric spec
 * and, per check, the metric and the activity. It reads through a {@link TaskHubMonitor} and decides by
 * {@link HostRecommendation}; polling, activation and cooldown are KEDA's, not its.
 */
public final class TaskHubScaler {

    /**
     * The metric's target: one host. The HPA KEDA creates divides the metric by it (AverageValue), so the metric
     * is the number of hosts it asks for.
     */
    public static final long TARGET_PER_HOST = 1;

    private final TaskHubScalerMetadata metadata;
    private final TaskHubMonitor monitor;

    public TaskHubScaler(TaskHubScalerMetadata metadata, TaskHubMonitor monitor) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        if (!monitor.names().hub().equals(metadata.hub()) || monitor.names().partitionCount() != metadata.partitionCount()) {
            throw new IllegalArgumentException("the monitor reads hub " + monitor.names().hub() + ", not " + metadata.hub());
        }
    }

    /** The External metric and its per-host target ({@code GetMetricSpecForScaling}). */
    public record MetricSpec(String metricName, long targetSize) {
    }

    /** One check: what was read and what it asks for. */
    public record Answer(TaskHubReading reading, HostRecommendation recommendation) {

        /** The metric's value: the recommended number of orchestration hosts. */
        public long hosts() {
            return recommendation.hosts();
        }

        public boolean active() {
            return recommendation.active();
        }
    }

    public MetricSpec getMetricSpecForScaling() {
        return new MetricSpec(metadata.metricName(), TARGET_PER_HOST);
    }

    /**
     * {@code GetMetricsAndActivity}.
     *
     * @param metricName the metric asked for: this trigger's, {@link TaskHubScalerMetadata#metricName()}
     * @throws InvalidMetadataException for another metric name
     * @throws TaskHubUnavailableException when storage cannot be read
     */
    public Answer getMetricsAndActivity(String metricName) {
        if (!metadata.metricName().equals(metricName)) {
            throw InvalidMetadataException.requestField("metricName", "this trigger's metric is " + metadata.metricName()
                    + ", not '" + metricName + "'");
        }
        return isActive();
    }

    /** {@code IsActive}: the same reading, for the activity alone. */
    public Answer isActive() {
        TaskHubReading reading = monitor.read(metadata.pollingInterval());
        return new Answer(reading, HostRecommendation.of(reading, metadata));
    }

    public TaskHubScalerMetadata metadata() {
        return metadata;
    }
}
