package io.durascale.pipeline.local.hpa;

import com.fasterxml.jackson.annotation.JsonValue;
import io.durascale.core.cli.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * The HPA controller's own settings, the kube-controller-manager flags of a cluster
 * ({@code HPAControllerConfiguration} in {@code pkg/controller/podautoscaler/config/types.go}): they
 * hold for every HPA of the cluster, so no ScaledObject or chart sets them. Checked here.
 *
 * @param syncPeriod {@code --horizontal-pod-autoscaler-sync-period}: how often every HPA is reconciled (default 15 s)
 * @param tolerance {@code --horizontal-pod-autoscaler-tolerance}: the metric-to-target ratio's distance from 1
 *     within which the replica count stays (default 0.1)
 * @param downscaleStabilization {@code --horizontal-pod-autoscaler-downscale-stabilization} (default 300 s): the
 *     scale-down window of an HPA without behavior, and of a behavior whose scaleDown sets none
 */
public record HpaControllerFlags(Duration syncPeriod, double tolerance, Duration downscaleStabilization) {

    public HpaControllerFlags {
        Objects.requireNonNull(syncPeriod, "syncPeriod");
        if (syncPeriod.isNegative() || syncPeriod.isZero()) {
            throw new IllegalArgumentException("syncPeriod must be above 0, got " + Durations.format(syncPeriod));
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be at least 0 and below 1 (Kubernetes' default is 0.1), got "
                    + tolerance);
        }
        Objects.requireNonNull(downscaleStabilization, "downscaleStabilization");
        if (downscaleStabilization.isNegative()) {
            throw new IllegalArgumentException("downscaleStabilization must be 0 or more, got "
                    + Durations.format(downscaleStabilization));
        }
    }

    /** kube-controller-manager's defaults: sync 15 s, tolerance 0.1, downscale stabilization 300 s. */
    public static HpaControllerFlags kubernetesDefaults() {
        return new HpaControllerFlags(Duration.ofSeconds(15), 0.1, Duration.ofSeconds(300));
    }

    /**
     * The one-machine demo's: a sync every 5 s (the metric is a local queue read, so a short period costs
     * nothing, and a demo's 0 → N → 0 cycle takes a minute) and a 20 s downscale stabilization, as long as the
     * demo ScaledObject's cooldown.
     */
    public static HpaControllerFlags demo() {
        return new HpaControllerFlags(Duration.ofSeconds(5), 0.1, Duration.ofSeconds(20));
    }

    public HpaControllerFlags withSyncPeriod(Duration value) {
        return new HpaControllerFlags(value, tolerance, downscaleStabilization);
    }

    public HpaControllerFlags withTolerance(double value) {
        return new HpaControllerFlags(syncPeriod, value, downscaleStabilization);
    }

    public HpaControllerFlags withDownscaleStabilization(Duration value) {
        return new HpaControllerFlags(syncPeriod, tolerance, value);
    }

    /** The flags for run.json and the timeline, durations as text. */
    @JsonValue
    public Description describe() {
        return new Description(Durations.format(syncPeriod), tolerance, Durations.format(downscaleStabilization));
    }

    /** {@link #describe()}'s JSON. */
    public record Description(String syncPeriod, double tolerance, String downscaleStabilization) {
    }
}
