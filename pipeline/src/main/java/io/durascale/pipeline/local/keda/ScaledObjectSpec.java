package io.durascale.pipeline.local.keda;

import io.durascale.pipeline.local.hpa.ScalingBehavior;

import io.durascale.core.cli.Durations;
import io.durascale.core.job.JobQueues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A KEDA ScaledObject with one {@code azure-queue} trigger, plus the HPA that KEDA creates for it:
 * everything the local autoscaler needs to behave as KEDA and the Kubernetes HPA do. Every
 * setting is checked here, in the constructor, so no other class validates configuration.
 *
 * <p>KEDA creates its HPA with {@code behavior: null} unless
 * {@code advanced.horizontalPodAutoscalerConfig.behavior} is set, and Kubernetes then runs its
 * legacy normalisation (max(2 × current, 4) per sync, 5-minute downscale stabilisation). The
 * specs here set Kubernetes' default behavior explicitly instead, which is what a chart that
 * sets a behavior gets, and is documented and tunable; {@link Builder#legacyBehavior()} selects
 * the legacy path.
 *
 * @param queueName the queue the trigger watches ({@code queueName})
 * @param queueLength target messages per replica ({@code queueLength}, KEDA default 5): the HPA's AverageValue target
 * @param activationQueueLength the trigger is active when the queue is strictly longer than this (default 0)
 * @param queueLengthStrategy which messages count ({@code all} by default)
 * @param pollingInterval how often KEDA checks the trigger (default 30 s)
 * @param cooldownPeriod how long after the last active check KEDA scales to zero (default 300 s)
 * @param initialCooldownPeriod before the first active check, how long after creation KEDA may scale to zero (default 0)
 * @param minReplicaCount KEDA's minimum (default 0); the HPA's minimum is max(1, this)
 * @param maxReplicaCount KEDA's and the HPA's maximum (default 100)
 * @param syncPeriod the HPA controller's {@code --horizontal-pod-autoscaler-sync-period} (default 15 s)
 * @param tolerance the HPA controller's {@code --horizontal-pod-autoscaler-tolerance} (default 0.1)
 * @param behavior the HPA's {@code spec.behavior}; empty for the legacy path
 * @param downscaleStabilization {@code --horizontal-pod-autoscaler-downscale-stabilization} (default 300 s), used only
 *     by the legacy path
 */
public record ScaledObjectSpec(String queueName, int queueLength, int activationQueueLength,
                               QueueLengthStrategy queueLengthStrategy, Duration pollingInterval, Duration cooldownPeriod,
                               Duration initialCooldownPeriod, int minReplicaCount, int maxReplicaCount,
                               Duration syncPeriod, double tolerance, Optional<ScalingBehavior> behavior,
                               Duration downscaleStabilization) {

    /** Upper bound on replicas: one machine runs every pod as a JVM. */
    public static final int MAX_REPLICAS_LIMIT = 1000;
    private static final Duration MAX_POLICY_PERIOD = Duration.ofSeconds(1800);
    private static final Duration MAX_STABILIZATION_WINDOW = Duration.ofSeconds(3600);

    public ScaledObjectSpec {
        JobQueues.checkJobsQueue(queueName);
        if (queueLength < 1) {
            throw new IllegalArgumentException("queueLength must be at least 1 (the messages one replica handles), got "
                    + queueLength);
        }
        if (activationQueueLength < 0) {
            throw new IllegalArgumentException("activationQueueLength must be 0 or more, got " + activationQueueLength);
        }
        Objects.requireNonNull(queueLengthStrategy, "queueLengthStrategy");
        positive("pollingInterval", pollingInterval);
        notNegative("cooldownPeriod", cooldownPeriod);
        notNegative("initialCooldownPeriod", initialCooldownPeriod);
        if (minReplicaCount < 0) {
            throw new IllegalArgumentException("minReplicaCount must be 0 or more, got " + minReplicaCount);
        }
        if (maxReplicaCount < 1 || maxReplicaCount > MAX_REPLICAS_LIMIT) {
            throw new IllegalArgumentException("maxReplicaCount must be 1 to " + MAX_REPLICAS_LIMIT + ", got "
                    + maxReplicaCount);
        }
        if (minReplicaCount > maxReplicaCount) {
            // KEDA's own wording, so a user who knows KEDA recognises it.
            throw new IllegalArgumentException("MinReplicaCount=" + minReplicaCount + " must be less than MaxReplicaCount="
                    + maxReplicaCount);
        }
        positive("syncPeriod", syncPeriod);
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be at least 0 and below 1 (Kubernetes' default is 0.1), got "
                    + tolerance);
        }
        Objects.requireNonNull(behavior, "behavior (Optional.empty() for the legacy path)");
        behavior.ifPresent(b -> {
            checkRules("behavior.scaleUp", b.scaleUp());
            checkRules("behavior.scaleDown", b.scaleDown());
        });
        notNegative("downscaleStabilization", downscaleStabilization);
    }

    /** KEDA's and Kubernetes' defaults, exactly: polling 30 s, cooldown 300 s, max 100, HPA sync 15 s, default behavior. */
    public static ScaledObjectSpec kedaDefaults() {
        return new ScaledObjectSpec(JobQueues.DEFAULT_QUEUE, 5, 0, QueueLengthStrategy.ALL, Duration.ofSeconds(30),
                Duration.ofSeconds(300), Duration.ZERO, 0, 100, Duration.ofSeconds(15), 0.1,
                Optional.of(ScalingBehavior.kubernetesDefault()), Duration.ofSeconds(300));
    }

    /**
     * Short values for one machine, so a demo shows a whole 0 → N → 0 cycle in about a minute:
     * polling 2 s and HPA sync 5 s (the scaler reads Azurite in milliseconds, so a short interval
     * costs nothing); cooldown and scale-down stabilisation 20 s (long enough to ride out the gaps
     * between batches of a demo, short enough to watch); policy periods 5 s, one HPA sync, so
     * growth per sync is Kubernetes' (+100 % or +4 pods); max 4 replicas, because more than two
     * compute-bound worker JVMs on a 2-core machine add no throughput, and 4 keeps the machine
     * responsive for the task hub and Azurite. Trigger settings keep KEDA's defaults
     * (queueLength 5, activation 0, strategy all, min 0).
     */
    public static ScaledObjectSpec demo() {
        Duration period = Duration.ofSeconds(5);
        ScalingBehavior behavior = new ScalingBehavior(
                new ScalingBehavior.Rules(Duration.ZERO, ScalingBehavior.SelectPolicy.MAX, List.of(
                        new ScalingBehavior.Policy(ScalingBehavior.PolicyType.PERCENT, 100, period),
                        new ScalingBehavior.Policy(ScalingBehavior.PolicyType.PODS, 4, period))),
                new ScalingBehavior.Rules(Duration.ofSeconds(20), ScalingBehavior.SelectPolicy.MAX, List.of(
                        new ScalingBehavior.Policy(ScalingBehavior.PolicyType.PERCENT, 100, period))));
        return new ScaledObjectSpec(JobQueues.DEFAULT_QUEUE, 5, 0, QueueLengthStrategy.ALL, Duration.ofSeconds(2),
                Duration.ofSeconds(20), Duration.ZERO, 0, 4, period, 0.1, Optional.of(behavior), Duration.ofSeconds(20));
    }

    /** A builder starting from {@link #kedaDefaults()}. */
    public static Builder builder() {
        return kedaDefaults().toBuilder();
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The HPA's minReplicas: KEDA gives the HPA max(1, minReplicaCount), since an HPA cannot target 0. */
    public int hpaMinReplicas() {
        return Math.max(1, minReplicaCount);
    }

    /** The external metric name KEDA gives the HPA for the first trigger: {@code s0-azure-queue-<queue>}. */
    public String metricName() {
        return "s0-azure-queue-" + queueName;
    }

    /** The settings as a ScaledObject and HPA spell them, for run.json and the timeline. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("queueName", queueName);
        m.put("queueLength", queueLength);
        m.put("activationQueueLength", activationQueueLength);
        m.put("queueLengthStrategy", queueLengthStrategy.kedaName());
        m.put("pollingInterval", Durations.format(pollingInterval));
        m.put("cooldownPeriod", Durations.format(cooldownPeriod));
        m.put("initialCooldownPeriod", Durations.format(initialCooldownPeriod));
        m.put("minReplicaCount", minReplicaCount);
        m.put("maxReplicaCount", maxReplicaCount);
        m.put("hpaSyncPeriod", Durations.format(syncPeriod));
        m.put("hpaTolerance", tolerance);
        if (behavior.isPresent()) {
            m.put("behavior", Map.of("scaleUp", describe(behavior.get().scaleUp()), "scaleDown",
                    describe(behavior.get().scaleDown())));
        } else {
            m.put("behavior", "legacy (none set): scale up to max(2 x current, 4) per sync, downscale stabilization "
                    + Durations.format(downscaleStabilization));
        }
        return m;
    }

    private static Map<String, Object> describe(ScalingBehavior.Rules rules) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stabilizationWindow", Durations.format(rules.stabilizationWindow()));
        m.put("selectPolicy", rules.selectPolicy().name());
        List<String> policies = new ArrayList<>();
        for (ScalingBehavior.Policy policy : rules.policies()) {
            policies.add(policy.type() + " " + policy.value() + " per " + Durations.format(policy.period()));
        }
        m.put("policies", policies);
        return m;
    }

    private static void checkRules(String where, ScalingBehavior.Rules rules) {
        Duration window = rules.stabilizationWindow();
        if (window.isNegative() || window.compareTo(MAX_STABILIZATION_WINDOW) > 0) {
            throw new IllegalArgumentException(where + ".stabilizationWindow must be 0 to 3600 s, got "
                    + Durations.format(window));
        }
        if (rules.policies().isEmpty() && rules.selectPolicy() != ScalingBehavior.SelectPolicy.DISABLED) {
            throw new IllegalArgumentException(where + " needs at least one policy (or selectPolicy DISABLED)");
        }
        for (int i = 0; i < rules.policies().size(); i++) {
            ScalingBehavior.Policy policy = rules.policies().get(i);
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

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be above 0, got " + Durations.format(value));
        }
    }

    private static void notNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must be 0 or more, got " + Durations.format(value));
        }
    }

    /** Changes some settings; {@link #build} checks them all together. */
    public static final class Builder {
        private String queueName;
        private int queueLength;
        private int activationQueueLength;
        private QueueLengthStrategy queueLengthStrategy;
        private Duration pollingInterval;
        private Duration cooldownPeriod;
        private Duration initialCooldownPeriod;
        private int minReplicaCount;
        private int maxReplicaCount;
        private Duration syncPeriod;
        private double tolerance;
        private Optional<ScalingBehavior> behavior;
        private Duration downscaleStabilization;

        private Builder(ScaledObjectSpec from) {
            queueName = from.queueName;
            queueLength = from.queueLength;
            activationQueueLength = from.activationQueueLength;
            queueLengthStrategy = from.queueLengthStrategy;
            pollingInterval = from.pollingInterval;
            cooldownPeriod = from.cooldownPeriod;
            initialCooldownPeriod = from.initialCooldownPeriod;
            minReplicaCount = from.minReplicaCount;
            maxReplicaCount = from.maxReplicaCount;
            syncPeriod = from.syncPeriod;
            tolerance = from.tolerance;
            behavior = from.behavior;
            downscaleStabilization = from.downscaleStabilization;
        }

        public Builder queueName(String value) {
            queueName = value;
            return this;
        }

        public Builder queueLength(int value) {
            queueLength = value;
            return this;
        }

        public Builder activationQueueLength(int value) {
            activationQueueLength = value;
            return this;
        }

        public Builder queueLengthStrategy(QueueLengthStrategy value) {
            queueLengthStrategy = value;
            return this;
        }

        public Builder pollingInterval(Duration value) {
            pollingInterval = value;
            return this;
        }

        public Builder cooldownPeriod(Duration value) {
            cooldownPeriod = value;
            return this;
        }

        public Builder initialCooldownPeriod(Duration value) {
            initialCooldownPeriod = value;
            return this;
        }

        public Builder minReplicaCount(int value) {
            minReplicaCount = value;
            return this;
        }

        public Builder maxReplicaCount(int value) {
            maxReplicaCount = value;
            return this;
        }

        public Builder syncPeriod(Duration value) {
            syncPeriod = value;
            return this;
        }

        public Builder tolerance(double value) {
            tolerance = value;
            return this;
        }

        /** The HPA's {@code spec.behavior}. */
        public Builder behavior(ScalingBehavior value) {
            behavior = Optional.of(Objects.requireNonNull(value, "behavior"));
            return this;
        }

        /** No behavior: the HPA's legacy path, as KEDA's HPA gets when the ScaledObject sets none. */
        public Builder legacyBehavior() {
            behavior = Optional.empty();
            return this;
        }

        public Builder downscaleStabilization(Duration value) {
            downscaleStabilization = value;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first setting that is out of range
         */
        public ScaledObjectSpec build() {
            return new ScaledObjectSpec(queueName, queueLength, activationQueueLength, queueLengthStrategy,
                    pollingInterval, cooldownPeriod, initialCooldownPeriod, minReplicaCount, maxReplicaCount, syncPeriod,
                    tolerance, behavior, downscaleStabilization);
        }
    }
}
