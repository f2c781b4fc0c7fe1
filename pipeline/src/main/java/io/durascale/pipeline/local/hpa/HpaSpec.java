package io.durascale.pipeline.local.hpa;

import java.util.Objects;
import java.util.Optional;

/**
 * The spec of an HPA as KEDA creates it for a ScaledObject ({@code controllers/keda/hpa.go},
 * {@code newHPAForScaledObject}): min and max replicas, the scaler's External metric, and the
 * behavior copied from {@code advanced.horizontalPodAutoscalerConfig}.
 *
 * @param minReplicas at least 1: an HPA cannot target 0 (KEDA owns 0 ↔ 1)
 * @param maxReplicas at least minReplicas
 * @param metric the one metric it scales on
 * @param behavior empty: Kubernetes' legacy normalisation (max(2 × current, 4) per sync, the flag's downscale window)
 */
public record HpaSpec(int minReplicas, int maxReplicas, ExternalMetricSpec metric, Optional<ScalingBehavior> behavior) {

    public HpaSpec {
        if (minReplicas < 1 || maxReplicas < minReplicas) {
            throw new IllegalArgumentException("an HPA needs 1 <= minReplicas <= maxReplicas, got " + minReplicas + ".."
                    + maxReplicas);
        }
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(behavior, "behavior (Optional.empty() for the legacy path)");
    }
}
