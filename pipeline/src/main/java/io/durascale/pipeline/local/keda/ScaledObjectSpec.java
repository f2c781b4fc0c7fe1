package io.durascale.pipeline.local.keda;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import io.durascale.core.cli.Durations;
import io.durascale.core.job.JobQueues;
import io.durascale.pipeline.local.hpa.ExternalMetricSpec;
import io.durascale.pipeline.local.hpa.HpaSpec;
import io.durascale.pipeline.local.hpa.ScalingBehavior;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A KEDA ScaledObject's spec ({@code apis/keda/v1alpha1/scaledobject_types.go}): polling, cooldown,
 * replica bounds, the behavior KEDA copies into the HPA it creates, and the triggers, each of which
 * checks its own metadata. Checked here, in the constructor; a ScaledObject read from a manifest
 * ({@link ScaledObjectManifest}) goes through the same checks.
 *
 * <p>KEDA creates its HPA with {@code behavior: null} unless
 * {@code advanced.horizontalPodAutoscalerConfig.behavior} is set, and Kubernetes then runs its
 * legacy normalisation (max(2 × current, 4) per sync, the controller's downscale stabilisation).
 * {@link #kedaDefaults()} and {@link #demo()} set a behavior instead, which is what a chart that sets
 * one gets, and is documented and tunable; {@link Builder#legacyBehavior()} selects the legacy path.
 *
 * @param pollingInterval how often KEDA checks the triggers (default 30 s)
 * @param cooldownPeriod how long after the last active check KEDA scales to zero (default 300 s)
 * @param initialCooldownPeriod before the first active check, how long after creation KEDA may scale to zero (default 0)
 * @param minReplicaCount KEDA's minimum (default 0); the HPA's minimum is max(1, this)
 * @param maxReplicaCount KEDA's and the HPA's maximum (default 100)
 * @param behavior {@code advanced.horizontalPodAutoscalerConfig.behavior}; empty for the legacy path
 * @param triggers what KEDA watches; the local KEDA emulates one trigger per ScaledObject
 */
public record ScaledObjectSpec(Duration pollingInterval, Duration cooldownPeriod, Duration initialCooldownPeriod,
                               int minReplicaCount, int maxReplicaCount, Optional<ScalingBehavior> behavior,
                               List<Trigger> triggers) {

    public ScaledObjectSpec {
        positive("pollingInterval", pollingInterval);
        notNegative("cooldownPeriod", cooldownPeriod);
        notNegative("initialCooldownPeriod", initialCooldownPeriod);
        if (minReplicaCount < 0) {
            throw new IllegalArgumentException("minReplicaCount must be 0 or more, got " + minReplicaCount);
        }
        // KEDA's CRD sets no upper bound; one machine's is LocalKeda's (every pod a JVM), not the spec's.
        if (maxReplicaCount < 1) {
            throw new IllegalArgumentException("maxReplicaCount must be at least 1, got " + maxReplicaCount);
        }
        if (minReplicaCount > maxReplicaCount) {
            // KEDA's own wording (CheckReplicaCountBoundsAreValid), so a user who knows KEDA recognises it.
            throw new IllegalArgumentException("MinReplicaCount=" + minReplicaCount + " must be less than MaxReplicaCount="
                    + maxReplicaCount);
        }
        Objects.requireNonNull(behavior, "behavior (Optional.empty() for the legacy path)");
        triggers = List.copyOf(Objects.requireNonNull(triggers, "triggers"));
        if (triggers.size() != 1) {
            throw new IllegalArgumentException("triggers: the local KEDA emulates one trigger per ScaledObject, got "
                    + triggers.size());
        }
    }

    /** KEDA's and Kubernetes' defaults, exactly: polling 30 s, cooldown 300 s, max 100, the default behavior. */
    public static ScaledObjectSpec kedaDefaults() {
        return new ScaledObjectSpec(Duration.ofSeconds(30), Duration.ofSeconds(300), Duration.ZERO, 0, 100,
                Optional.of(ScalingBehavior.kubernetesDefault()), List.of(AzureQueueTrigger.of(JobQueues.DEFAULT_QUEUE)));
    }

    /**
     * Short values for one machine, so a demo shows a whole 0 → N → 0 cycle in about a minute; the worker
     * chart's {@code values-local.yaml} renders exactly this ScaledObject (a test holds them equal).
     * Polling 2 s (the scaler reads Azurite in milliseconds, so a short interval costs nothing); cooldown
     * and scale-down stabilisation 20 s (long enough to ride out the gaps between batches of a demo, short
     * enough to watch); policy periods 5 s, one demo HPA sync ({@code HpaControllerFlags.demo()}), so growth
     * per sync is Kubernetes' (+100 % or +4 pods); max 4 replicas, because more than two compute-bound worker
     * JVMs on a 2-core machine add no throughput, and 4 keeps the machine responsive for the task hub and
     * Azurite. The trigger keeps KEDA's defaults (queueLength 5, activation 0, strategy all, min 0).
     */
    public static ScaledObjectSpec demo() {
        Duration period = Duration.ofSeconds(5);
        ScalingBehavior behavior = new ScalingBehavior(
                new ScalingBehavior.Rules(Duration.ZERO, ScalingBehavior.SelectPolicy.MAX, List.of(
                        new ScalingBehavior.Policy(ScalingBehavior.PolicyType.PERCENT, 100, period),
                        new ScalingBehavior.Policy(ScalingBehavior.PolicyType.PODS, 4, period))),
                new ScalingBehavior.Rules(Duration.ofSeconds(20), ScalingBehavior.SelectPolicy.MAX, List.of(
                        new ScalingBehavior.Policy(ScalingBehavior.PolicyType.PERCENT, 100, period))));
        return new ScaledObjectSpec(Duration.ofSeconds(2), Duration.ofSeconds(20), Duration.ZERO, 0, 4,
                Optional.of(behavior), List.of(AzureQueueTrigger.of(JobQueues.DEFAULT_QUEUE)));
    }

    /** A builder starting from {@link #kedaDefaults()}. */
    public static Builder builder() {
        return kedaDefaults().toBuilder();
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The one trigger. */
    public Trigger trigger() {
        return triggers.get(0);
    }

    /**
     * The trigger, when it is an azure-queue one.
     *
     * @throws IllegalStateException for another trigger type
     */
    public AzureQueueTrigger azureQueue() {
        if (trigger() instanceof AzureQueueTrigger queue) {
            return queue;
        }
        throw new IllegalStateException("the ScaledObject's trigger is " + trigger().type() + ", not azure-queue");
    }

    /** The HPA's minReplicas: KEDA gives the HPA max(1, minReplicaCount), since an HPA cannot target 0. */
    public int hpaMinReplicas() {
        return Math.max(1, minReplicaCount);
    }

    /** The HPA KEDA creates for this ScaledObject ({@code newHPAForScaledObject}), on the scaler's metric. */
    public HpaSpec hpaFor(ExternalMetricSpec metric) {
        return new HpaSpec(hpaMinReplicas(), maxReplicaCount, metric, behavior);
    }

    /** The settings as a ScaledObject spells them (durations as text), for run.json and the timeline. */
    @JsonValue
    public Description describe() {
        return new Description(Durations.format(pollingInterval), Durations.format(cooldownPeriod),
                Durations.format(initialCooldownPeriod), minReplicaCount, maxReplicaCount,
                behavior.map(b -> new Advanced(new Advanced.HorizontalPodAutoscalerConfig(b))).orElse(null), triggers);
    }

    /** {@link #describe()}'s JSON; {@code advanced} is absent for the legacy path, as in the ScaledObject. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Description(String pollingInterval, String cooldownPeriod, String initialCooldownPeriod,
                              int minReplicaCount, int maxReplicaCount, Advanced advanced, List<Trigger> triggers) {
    }

    /** {@code advanced.horizontalPodAutoscalerConfig.behavior}. */
    public record Advanced(HorizontalPodAutoscalerConfig horizontalPodAutoscalerConfig) {

        /** The HPA part of {@code advanced}. */
        public record HorizontalPodAutoscalerConfig(ScalingBehavior behavior) {
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
        private Duration pollingInterval;
        private Duration cooldownPeriod;
        private Duration initialCooldownPeriod;
        private int minReplicaCount;
        private int maxReplicaCount;
        private Optional<ScalingBehavior> behavior;
        private List<Trigger> triggers;

        private Builder(ScaledObjectSpec from) {
            pollingInterval = from.pollingInterval;
            cooldownPeriod = from.cooldownPeriod;
            initialCooldownPeriod = from.initialCooldownPeriod;
            minReplicaCount = from.minReplicaCount;
            maxReplicaCount = from.maxReplicaCount;
            behavior = from.behavior;
            triggers = from.triggers;
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

        /** The one trigger. */
        public Builder trigger(Trigger value) {
            triggers = List.of(Objects.requireNonNull(value, "trigger"));
            return this;
        }

        /** Changes the azure-queue trigger, e.g. {@code azureQueue(q -> q.withQueueLength(10))}. */
        public Builder azureQueue(UnaryOperator<AzureQueueTrigger> change) {
            if (triggers.size() == 1 && triggers.get(0) instanceof AzureQueueTrigger queue) {
                return trigger(change.apply(queue));
            }
            throw new IllegalStateException("the ScaledObject has no single azure-queue trigger to change");
        }

        /**
         * @throws IllegalArgumentException naming the first setting that is out of range
         */
        public ScaledObjectSpec build() {
            return new ScaledObjectSpec(pollingInterval, cooldownPeriod, initialCooldownPeriod, minReplicaCount,
                    maxReplicaCount, behavior, triggers);
        }
    }
}
