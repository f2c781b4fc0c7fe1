package io.durascale.pipeline.local.hpa;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import io.durascale.core.cli.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An HPA's {@code spec.behavior} (autoscaling/v2): how fast it may scale up and down, and over
 * which window it stabilises its recommendations. Checked here, in the constructor, with
 * Kubernetes' limits ({@code pkg/apis/autoscaling/validation}): windows 0 to 3600 s, policy
 * periods above 0 and at most 1800 s, values at least 1, at least one policy unless the
 * direction is disabled.
 *
 * @param scaleUp rules when the recommendation is above the current replicas
 * @param scaleDown rules when it is below
 */
public record ScalingBehavior(Rules scaleUp, Rules scaleDown) {

    private static final Duration MAX_POLICY_PERIOD = Duration.ofSeconds(1800);
    private static final Duration MAX_STABILIZATION_WINDOW = Duration.ofSeconds(3600);
    private static final Duration DEFAULT_PERIOD = Duration.ofSeconds(15);

    public ScalingBehavior {
        Objects.requireNonNull(scaleUp, "scaleUp");
        Objects.requireNonNull(scaleDown, "scaleDown");
        check("behavior.scaleUp", scaleUp);
        check("behavior.scaleDown", scaleDown);
    }

    /**
     * What the API server fills in for a behavior left empty ({@code pkg/apis/autoscaling/v2/defaults.go}):
     * scale up with no stabilisation by the larger of +4 pods and +100 % per 15 s; scale down by at most
     * 100 % per 15 s to the highest recommendation of the controller's
     * {@code --horizontal-pod-autoscaler-downscale-stabilization} window (300 s by default).
     */
    public static ScalingBehavior kubernetesDefault() {
        return new ScalingBehavior(defaultScaleUp(), defaultScaleDown());
    }

    /** {@code defaultHPAScaleUpRules}: the rules a behavior without {@code scaleUp} gets. */
    public static Rules defaultScaleUp() {
        return new Rules(Optional.of(Duration.ZERO), SelectPolicy.MAX, List.of(
                new Policy(PolicyType.PODS, 4, DEFAULT_PERIOD), new Policy(PolicyType.PERCENT, 100, DEFAULT_PERIOD)));
    }

    /** {@code defaultHPAScaleDownRules}: its window is left to the controller's flag. */
    public static Rules defaultScaleDown() {
        return new Rules(Optional.empty(), SelectPolicy.MAX, List.of(new Policy(PolicyType.PERCENT, 100, DEFAULT_PERIOD)));
    }

    /** The same behavior with other scale-up rules. */
    public ScalingBehavior withScaleUp(Rules rules) {
        return new ScalingBehavior(rules, scaleDown);
    }

    /** The same behavior with other scale-down rules. */
    public ScalingBehavior withScaleDown(Rules rules) {
        return new ScalingBehavior(scaleUp, rules);
    }

    /** The behavior as the HPA spells it, durations as text; a window left to the controller is left out. */
    @JsonValue
    public Description describe() {
        return new Description(scaleUp.describe(), scaleDown.describe());
    }

    /** {@link #describe()}'s JSON. */
    public record Description(Rules.Description scaleUp, Rules.Description scaleDown) {
    }

    private static void check(String where, Rules rules) {
        rules.stabilizationWindow().ifPresent(window -> {
            if (window.isNegative() || window.compareTo(MAX_STABILIZATION_WINDOW) > 0) {
                throw new IllegalArgumentException(where + ".stabilizationWindow must be 0 to 3600 s, got "
                        + Durations.format(window));
            }
        });
        if (rules.policies().isEmpty() && rules.selectPolicy() != SelectPolicy.DISABLED) {
            throw new IllegalArgumentException(where + " needs at least one policy (or selectPolicy Disabled)");
        }
        for (int i = 0; i < rules.policies().size(); i++) {
            Policy policy = rules.policies().get(i);
            if (policy.value() < 1) {
                throw new IllegalArgumentException(where + ".policies[" + i + "].value must be at least 1, got "
                        + policy.value());
            }
            if (policy.period().isNegative() || policy.period().isZero() || policy.period().compareTo(MAX_POLICY_PERIOD) > 0) {
                throw new IllegalArgumentException(where + ".policies[" + i + "].period must be above 0 and at most 1800 s, "
                        + "got " + Durations.format(policy.period()));
            }
        }
    }

    /**
     * {@code HPAScalingRules}: one direction's stabilisation window, policies, and how to pick among them.
     *
     * @param stabilizationWindow scale up: to the lowest, scale down: to the highest recommendation within it;
     *     empty leaves it to the controller ({@link HpaControllerFlags#downscaleStabilization()} for scale-down, 0 for up)
     * @param selectPolicy {@link SelectPolicy#MAX} allows the largest change the policies allow
     * @param policies limits per period
     */
    public record Rules(Optional<Duration> stabilizationWindow, SelectPolicy selectPolicy, List<Policy> policies) {

        public Rules {
            Objects.requireNonNull(stabilizationWindow, "stabilizationWindow (Optional.empty() for the controller's)");
            Objects.requireNonNull(selectPolicy, "selectPolicy");
            policies = List.copyOf(Objects.requireNonNull(policies, "policies"));
        }

        public Rules(Duration stabilizationWindow, SelectPolicy selectPolicy, List<Policy> policies) {
            this(Optional.of(Objects.requireNonNull(stabilizationWindow, "stabilizationWindow")), selectPolicy, policies);
        }

        public Rules withStabilizationWindow(Duration window) {
            return new Rules(window, selectPolicy, policies);
        }

        /** The longest policy period: scale events older than this no longer limit anything. */
        public Duration longestPeriod() {
            return policies.stream().map(Policy::period).max(Duration::compareTo).orElse(Duration.ZERO);
        }

        Description describe() {
            return new Description(stabilizationWindow.map(Durations::format).orElse(null), selectPolicy.kubernetesName(),
                    policies.stream().map(Policy::describe).toList());
        }

        /** The rules' JSON; {@code stabilizationWindow} is absent when the controller's flag decides it. */
        @JsonInclude(JsonInclude.Include.NON_NULL)
        public record Description(String stabilizationWindow, String selectPolicy, List<Policy.Description> policies) {
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

        Description describe() {
            return new Description(type.kubernetesName(), value, Durations.format(period));
        }

        /** The policy's JSON. */
        public record Description(String type, int value, String period) {
        }
    }

    /** {@code Pods} or {@code Percent}. */
    public enum PolicyType {
        PODS("Pods"), PERCENT("Percent");

        private final String kubernetesName;

        PolicyType(String kubernetesName) {
            this.kubernetesName = kubernetesName;
        }

        /** As an HPA manifest spells it. */
        public String kubernetesName() {
            return kubernetesName;
        }
    }

    /** {@code selectPolicy}: {@code Max} (default), {@code Min}, or {@code Disabled} (no scaling in that direction). */
    public enum SelectPolicy {
        MAX("Max"), MIN("Min"), DISABLED("Disabled");

        private final String kubernetesName;

        SelectPolicy(String kubernetesName) {
            this.kubernetesName = kubernetesName;
        }

        /** As an HPA manifest spells it. */
        public String kubernetesName() {
            return kubernetesName;
        }
    }
}
