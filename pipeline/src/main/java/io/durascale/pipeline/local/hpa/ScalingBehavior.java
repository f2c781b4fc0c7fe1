package io.durascale.pipeline.local.hpa;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An HPA's {@code spec.behavior} (autoscaling/v2): how fast it may scale up and down, and over
 * which window it stabilises its recommendations. {@link #kubernetesDefault()} is what the API
 * server fills in for a behavior left empty. Validated by {@link ScaledObjectSpec}, the one
 * place the autoscaler's settings are checked.
 *
 * @param scaleUp rules when the recommendation is above the current replicas
 * @param scaleDown rules when it is below
 */
public record ScalingBehavior(Rules scaleUp, Rules scaleDown) {

    public ScalingBehavior {
        Objects.requireNonNull(scaleUp, "scaleUp");
        Objects.requireNonNull(scaleDown, "scaleDown");
    }

    /**
     * Kubernetes' default behavior (kubernetes.io, "Default behavior"): scale up with no
     * stabilisation by the larger of +100 % and +4 pods per 15 s; scale down to the highest
     * recommendation of the last 300 s, by at most 100 % per 15 s.
     */
    public static ScalingBehavior kubernetesDefault() {
        Duration period = Duration.ofSeconds(15);
        return new ScalingBehavior(
                new Rules(Duration.ZERO, SelectPolicy.MAX,
                        List.of(new Policy(PolicyType.PERCENT, 100, period), new Policy(PolicyType.PODS, 4, period))),
                new Rules(Duration.ofSeconds(300), SelectPolicy.MAX, List.of(new Policy(PolicyType.PERCENT, 100, period))));
    }

    /** The same behavior with other scale-up rules. */
    public ScalingBehavior withScaleUp(Rules rules) {
        return new ScalingBehavior(rules, scaleDown);
    }

    /** The same behavior with other scale-down rules. */
    public ScalingBehavior withScaleDown(Rules rules) {
        return new ScalingBehavior(scaleUp, rules);
    }

    /**
     * {@code HPAScalingRules}: one direction's stabilisation window, policies, and how to pick among them.
     *
     * @param stabilizationWindow scale up: to the lowest, scale down: to the highest recommendation within it
     * @param selectPolicy {@link SelectPolicy#MAX} allows the largest change the policies allow
     * @param policies limits per period
     */
    public record Rules(Duration stabilizationWindow, SelectPolicy selectPolicy, List<Policy> policies) {

        public Rules {
            Objects.requireNonNull(stabilizationWindow, "stabilizationWindow");
            Objects.requireNonNull(selectPolicy, "selectPolicy");
            policies = List.copyOf(Objects.requireNonNull(policies, "policies"));
        }

        public Rules withStabilizationWindow(Duration window) {
            return new Rules(window, selectPolicy, policies);
        }

        /** The longest policy period: scale events older than this no longer limit anything. */
        public Duration longestPeriod() {
            return policies.stream().map(Policy::period).max(Duration::compareTo).orElse(Duration.ZERO);
        }
    }

    /**
     * {@code HPAScalingPolicy}: at most {@code value} pods, or {@code value} percent of the replicas
     * at the start of the period, may be added (or removed) within any {@code period}.
     */
    public record Policy(PolicyType type, int value, Duration period) {

        public Policy {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(period, "period");
        }
    }

    /** {@code Pods} or {@code Percent}. */
    public enum PolicyType { PODS, PERCENT }

    /** {@code selectPolicy}: {@code Max} (default), {@code Min}, or {@code Disabled} (no scaling in that direction). */
    public enum SelectPolicy { MAX, MIN, DISABLED }
}
