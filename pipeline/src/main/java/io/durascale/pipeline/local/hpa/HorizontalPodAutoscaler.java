package io.durascale.pipeline.local.hpa;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The Kubernetes HPA controller's arithmetic for one HPA as KEDA creates it ({@link HpaSpec}: one
 * External metric with an AverageValue target), under the controller's {@link HpaControllerFlags}.
 * Pure logic: no threads, no clock, no I/O; time and the metric come in with each call, so tests
 * and a simulator drive it step by step. {@link HorizontalController} is the loop around it.
 *
 * <p>Follows {@code pkg/controller/podautoscaler} ({@code horizontal.go}, {@code replica_calculator.go}):
 * <ul>
 *   <li>{@code reconcileAutoscaler}: at 0 replicas scaling is disabled (KEDA owns 0 ↔ 1); outside
 *       min..max the count is corrected without any rate limit; otherwise the metric decides.</li>
 *   <li>{@code GetExternalPerPodMetricReplicas}: desired = ceil(metric / target), unless
 *       |1 − metric / (target × existing pods)| ≤ tolerance, when the existing pod count stays (for a queue
 *       trigger the metric is the queue length and the target its {@code queueLength}).
 *       The tolerance is judged against the pods that exist (the target's status replicas), not
 *       the desired count.</li>
 *   <li>With a behavior ({@code normalizeDesiredReplicasWithBehaviors}; a scaleDown without a window takes the
 *       flag's, as {@code maybeInitScaleDownStabilizationWindow} does): every recommendation is kept
 *       with its time; scale up only to the lowest and scale down only to the highest recommendation
 *       within the direction's stabilisation window; then the policies limit the change relative to
 *       the replica count at the start of each policy's period, computed from the scale events this
 *       HPA made within that period; selectPolicy picks the largest (Max) or smallest (Min) limit.</li>
 *   <li>Without one ({@code normalizeDesiredReplicas}, what KEDA's HPA gets when the ScaledObject sets
 *       no behavior): the highest recommendation within the downscale stabilisation window, then at
 *       most max(2 × current, 4) replicas.</li>
 * </ul>
 * Like the controller, window and period edges are exclusive: a sample exactly one window old no
 * longer counts.
 */
public final class HorizontalPodAutoscaler {

    /**
     * One reconciliation, as the HPA's status and events would show it.
     *
     * @param currentReplicas the target's replicas (spec) when the HPA looked
     * @param statusReplicas the pods that existed (the tolerance's reference)
     * @param metricValue the queue length read, or -1 if the metric was not needed or not available
     * @param metricReplicas ceil(metric / target) after the tolerance, before stabilisation; -1 if not computed
     * @param stabilizedReplicas after the stabilisation window; -1 if not computed
     * @param desiredReplicas what the HPA sets (equals current when it does not rescale)
     * @param rescale whether the HPA changes the target's replicas
     * @param reason the Kubernetes condition reason that explains the result
     */
    public record Decision(Instant at, int currentReplicas, int statusReplicas, long metricValue, int metricReplicas,
                           int stabilizedReplicas, int desiredReplicas, boolean rescale, String reason) {
    }

    private record Recommendation(int replicas, Instant at) {
    }

    private static final class ScaleEvent {
        final int change;
        final Instant at;
        boolean outdated;

        ScaleEvent(int change, Instant at) {
            this.change = change;
            this.at = at;
        }
    }

    private final HpaSpec spec;
    private final HpaControllerFlags flags;
    private final int minReplicas;
    private final int maxReplicas;
    private List<Recommendation> recommendations;
    private final List<ScaleEvent> scaleUpEvents = new ArrayList<>();
    private final List<ScaleEvent> scaleDownEvents = new ArrayList<>();

    public HorizontalPodAutoscaler(HpaSpec spec, HpaControllerFlags flags) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.flags = Objects.requireNonNull(flags, "flags");
        this.minReplicas = spec.minReplicas();
        this.maxReplicas = spec.maxReplicas();
    }

    public HpaSpec spec() {
        return spec;
    }

    public int minReplicas() {
        return minReplicas;
    }

    public int maxReplicas() {
        return maxReplicas;
    }

    /**
     * One sync of the HPA controller.
     *
     * @param now the controller's time
     * @param currentReplicas the target's replica count (spec.replicas)
     * @param statusReplicas the target's existing pods (status.replicas)
     * @param metric reads the External metric (through KEDA's metrics server); called only when the metric decides;
     *     if it throws, the HPA keeps the current count (reason FailedGetExternalMetric)
     */
    public Decision reconcile(Instant now, int currentReplicas, int statusReplicas, LongSupplier metric) {
        if (recommendations == null) {
            recommendations = new ArrayList<>(List.of(new Recommendation(currentReplicas, now)));
        }
        if (currentReplicas == 0) {
            return new Decision(now, 0, statusReplicas, -1, -1, -1, 0, false, "ScalingDisabled");
        }
        if (currentReplicas > maxReplicas) {
            return rescaled(now, currentReplicas, statusReplicas, -1, -1, -1, maxReplicas, "TooManyReplicas");
        }
        if (currentReplicas < minReplicas) {
            return rescaled(now, currentReplicas, statusReplicas, -1, -1, -1, minReplicas, "TooFewReplicas");
        }
        long value;
        try {
            value = metric.getAsLong();
        } catch (RuntimeException e) {
            return new Decision(now, currentReplicas, statusReplicas, -1, -1, -1, currentReplicas, false,
                    "FailedGetExternalMetric");
        }
        int proposed = Math.max(0, replicasForMetric(value, statusReplicas));
        return spec.behavior().isPresent()
                ? withBehavior(now, currentReplicas, statusReplicas, value, proposed, spec.behavior().get())
                : legacy(now, currentReplicas, statusReplicas, value, proposed);
    }

    /** {@code GetExternalPerPodMetricReplicas}, in float64 as Go computes it (0/0 is NaN: no change to 0 pods). */
    int replicasForMetric(long metricValue, int statusReplicas) {
        double target = spec.metric().targetAverageValue();
        double ratio = metricValue / (target * statusReplicas);
        if (Math.abs(1.0 - ratio) > flags.tolerance()) {
            return (int) Math.min(Integer.MAX_VALUE, Math.ceil(metricValue / target));
        }
        return statusReplicas;
    }

    private Decision withBehavior(Instant now, int current, int status, long value, int proposed, ScalingBehavior behavior) {
        // stabilizeRecommendationWithBehaviors
        Instant upCutoff = now.minus(behavior.scaleUp().stabilizationWindow().orElse(Duration.ZERO));
        Instant downCutoff = now.minus(behavior.scaleDown().stabilizationWindow().orElse(flags.downscaleStabilization()));
        int upRecommendation = proposed;
        int downRecommendation = proposed;
        int oldIndex = -1;
        for (int i = 0; i < recommendations.size(); i++) {
            Recommendation rec = recommendations.get(i);
            if (rec.at().isAfter(upCutoff)) {
                upRecommendation = Math.min(rec.replicas(), upRecommendation);
            }
            if (rec.at().isAfter(downCutoff)) {
                downRecommendation = Math.max(rec.replicas(), downRecommendation);
            }
            if (rec.at().isBefore(upCutoff) && rec.at().isBefore(downCutoff)) {
                oldIndex = i;
            }
        }
        int stabilized = current;
        if (stabilized < upRecommendation) {
            stabilized = upRecommendation;
        }
        if (stabilized > downRecommendation) {
            stabilized = downRecommendation;
        }
        remember(oldIndex, new Recommendation(proposed, now));
        String reason = stabilized == proposed ? "DesiredWithinRange"
                : proposed >= current ? "ScaleUpStabilized" : "ScaleDownStabilized";

        // convertDesiredReplicasWithBehaviorRate
        int desired = stabilized;
        if (stabilized > current) {
            int limit = Math.max(current, scaleUpLimit(now, current, behavior.scaleUp()));
            int maximumAllowed = Math.min(maxReplicas, limit);
            if (stabilized > maximumAllowed) {
                desired = maximumAllowed;
                reason = maxReplicas > limit ? "ScaleUpLimit" : "TooManyReplicas";
            }
        } else if (stabilized < current) {
            int limit = Math.min(current, scaleDownLimit(now, current, behavior.scaleDown()));
            int minimumAllowed = Math.max(minReplicas, limit);
            if (stabilized < minimumAllowed) {
                desired = minimumAllowed;
                reason = minReplicas < limit ? "ScaleDownLimit" : "TooFewReplicas";
            }
        }
        if (desired == current) {
            return new Decision(now, current, status, value, proposed, stabilized, current, false, reason);
        }
        return rescaled(now, current, status, value, proposed, stabilized, desired, reason);
    }

    private Decision legacy(Instant now, int current, int status, long value, int proposed) {
        // stabilizeRecommendation: the highest recommendation not older than the downscale window
        Instant cutoff = now.minus(flags.downscaleStabilization());
        int stabilized = proposed;
        int oldIndex = -1;
        for (int i = 0; i < recommendations.size(); i++) {
            Recommendation rec = recommendations.get(i);
            if (rec.at().isBefore(cutoff)) {
                oldIndex = i;
            } else if (rec.replicas() > stabilized) {
                stabilized = rec.replicas();
            }
        }
        remember(oldIndex, new Recommendation(proposed, now));
        String reason = stabilized != proposed ? "ScaleDownStabilized" : "DesiredWithinRange";

        // convertDesiredReplicasWithRules
        int scaleUpLimit = (int) Math.max(2.0 * current, 4.0);
        int maximumAllowed = Math.min(maxReplicas, scaleUpLimit);
        int desired = stabilized;
        if (stabilized < minReplicas) {
            desired = minReplicas;
            reason = "TooFewReplicas";
        } else if (stabilized > maximumAllowed) {
            desired = maximumAllowed;
            reason = maxReplicas > scaleUpLimit ? "ScaleUpLimit" : "TooManyReplicas";
        }
        if (desired == current) {
            return new Decision(now, current, status, value, proposed, stabilized, current, false, reason);
        }
        return rescaled(now, current, status, value, proposed, stabilized, desired, reason);
    }

    private void remember(int oldIndex, Recommendation recommendation) {
        if (oldIndex >= 0) {
            recommendations.set(oldIndex, recommendation);
        } else {
            recommendations.add(recommendation);
        }
    }

    /** A successful rescale: the controller stores a scale event, for the behavior's policies only. */
    private Decision rescaled(Instant now, int current, int status, long value, int proposed, int stabilized, int desired,
                              String reason) {
        spec.behavior().ifPresent(behavior -> storeScaleEvent(now, behavior, current, desired));
        return new Decision(now, current, status, value, proposed, stabilized, desired, true, reason);
    }

    private void storeScaleEvent(Instant now, ScalingBehavior behavior, int previous, int next) {
        boolean up = next > previous;
        List<ScaleEvent> events = up ? scaleUpEvents : scaleDownEvents;
        Duration longest = (up ? behavior.scaleUp() : behavior.scaleDown()).longestPeriod();
        Instant cutoff = now.minus(longest);
        int oldIndex = -1;
        for (int i = 0; i < events.size(); i++) {
            ScaleEvent event = events.get(i);
            if (event.at.isBefore(cutoff)) {
                event.outdated = true;
            }
            if (event.outdated) {
                oldIndex = i;
            }
        }
        ScaleEvent event = new ScaleEvent(Math.abs(next - previous), now);
        if (oldIndex >= 0) {
            events.set(oldIndex, event);
        } else {
            events.add(event);
        }
    }

    /** {@code calculateScaleUpLimitWithScalingRules}. */
    private int scaleUpLimit(Instant now, int current, ScalingBehavior.Rules rules) {
        if (rules.selectPolicy() == ScalingBehavior.SelectPolicy.DISABLED) {
            return current;
        }
        boolean pickMin = rules.selectPolicy() == ScalingBehavior.SelectPolicy.MIN;
        long result = pickMin ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        for (ScalingBehavior.Policy policy : rules.policies()) {
            int periodStart = current - changeWithin(now, policy.period(), scaleUpEvents)
                    + changeWithin(now, policy.period(), scaleDownEvents);
            long proposed = policy.type() == ScalingBehavior.PolicyType.PODS
                    ? (long) periodStart + policy.value()
                    // rounded up, or a small replica count could never grow by a percentage
                    : (long) Math.ceil(periodStart * (1 + policy.value() / 100.0));
            result = pickMin ? Math.min(result, proposed) : Math.max(result, proposed);
        }
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, result));
    }

    /** {@code calculateScaleDownLimitWithBehaviors}. */
    private int scaleDownLimit(Instant now, int current, ScalingBehavior.Rules rules) {
        if (rules.selectPolicy() == ScalingBehavior.SelectPolicy.DISABLED) {
            return current;
        }
        boolean pickMin = rules.selectPolicy() == ScalingBehavior.SelectPolicy.MIN;
        long result = pickMin ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        for (ScalingBehavior.Policy policy : rules.policies()) {
            int periodStart = current - changeWithin(now, policy.period(), scaleUpEvents)
                    + changeWithin(now, policy.period(), scaleDownEvents);
            long proposed = policy.type() == ScalingBehavior.PolicyType.PODS
                    ? (long) periodStart - policy.value()
                    : (long) (periodStart * (1 - policy.value() / 100.0));
            // Min policy: the smallest change, so the highest floor; Max: the largest change, the lowest floor.
            result = pickMin ? Math.max(result, proposed) : Math.min(result, proposed);
        }
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, result));
    }

    /** {@code getReplicasChangePerPeriod}: the replicas changed by events strictly within the period. */
    private static int changeWithin(Instant now, Duration period, List<ScaleEvent> events) {
        Instant cutoff = now.minus(period);
        int sum = 0;
        for (ScaleEvent event : events) {
            if (event.at.isAfter(cutoff)) {
                sum += event.change;
            }
        }
        return sum;
    }
}
