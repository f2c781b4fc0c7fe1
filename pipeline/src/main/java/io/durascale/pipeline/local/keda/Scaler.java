package io.durascale.pipeline.local.keda;

import io.durascale.pipeline.local.hpa.ExternalMetricSpec;
import java.util.List;

/**
 * A KEDA scaler, as {@code pkg/scalers/scaler.go} defines it: one per trigger of a ScaledObject, asked
 * by the scale handler every polling interval for its metric and activity, and by the HPA (through
 * KEDA's metrics server) for its metric. Polling, activation and cooldown are not the scaler's: they
 * live in {@link ScaleHandler}. One implementation per trigger type, each in its own file.
 */
public interface Scaler extends AutoCloseable {

    /**
     * One answer: the metric's value and whether the trigger is active (it scales a ScaledObject from 0).
     *
     * @param value the metric, e.g. a queue length
     */
    record MetricsAndActivity(long value, boolean active) {
    }

    /**
     * {@code GetMetricsAndActivity}: reads the metric now.
     *
     * @param metricName one of {@link #getMetricSpecForScaling()}'s names
     * @throws RuntimeException if the source cannot be read (KEDA then reports a scaler error and does not scale)
     */
    MetricsAndActivity getMetricsAndActivity(String metricName);

    /** {@code GetMetricSpecForScaling}: the External metrics the HPA that KEDA creates scales on. */
    List<ExternalMetricSpec> getMetricSpecForScaling();

    /** {@code Close}: releases what the scaler holds. */
    @Override
    default void close() {
    }
}
