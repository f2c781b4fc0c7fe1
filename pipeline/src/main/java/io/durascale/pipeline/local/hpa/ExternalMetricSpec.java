package io.durascale.pipeline.local.hpa;

import java.util.Objects;

/**
 * An HPA's External metric with an {@code AverageValue} target (autoscaling/v2 {@code MetricSpec}), as
 * KEDA's scalers return it from {@code GetMetricSpecForScaling}: the HPA wants {@code value / target} pods.
 *
 * @param name the external metric's name, e.g. {@code s0-azure-queue-compute-jobs}
 * @param targetAverageValue the value one pod should have (a trigger's {@code queueLength})
 */
public record ExternalMetricSpec(String name, long targetAverageValue) {

    public ExternalMetricSpec {
        Objects.requireNonNull(name, "name");
        if (targetAverageValue < 1) {
            throw new IllegalArgumentException("the metric's target average value must be at least 1, got "
                    + targetAverageValue);
        }
    }
}
