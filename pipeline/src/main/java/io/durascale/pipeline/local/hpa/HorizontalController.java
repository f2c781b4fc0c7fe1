package io.durascale.pipeline.local.hpa;

import io.durascale.pipeline.local.kube.ScaleTarget;
import io.durascale.run.timeline.Timeline;
import io.durascale.run.timeline.TimelineEvent.HpaDecision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The HPA controller's sync of one HPA ({@code pkg/controller/podautoscaler/horizontal.go},
 * {@code reconcileAutoscaler}): read the target's /scale, ask {@link HorizontalPodAutoscaler} for the
 * replica count with a fresh read of the metric, record the decision, rescale. Runs only when
 * called, once per {@link HpaControllerFlags#syncPeriod()}; the caller keeps the schedule.
 */
public final class HorizontalController {

    private static final String SCALING_DISABLED = "ScalingDisabled";

    private final HorizontalPodAutoscaler hpa;
    private final HpaControllerFlags flags;
    private final LongSupplier metric;
    private final ScaleTarget target;
    private final Timeline timeline;
    private final Clock clock;
    private String lastReason;
    private volatile HorizontalPodAutoscaler.Decision lastDecision;

    /**
     * @param metric the External metric's current value, as the metrics server answers the HPA; it may throw
     */
    public HorizontalController(HpaSpec spec, HpaControllerFlags flags, LongSupplier metric, ScaleTarget target,
                                Timeline timeline, Clock clock) {
        this.hpa = new HorizontalPodAutoscaler(spec, flags);
        this.flags = flags;
        this.metric = Objects.requireNonNull(metric, "metric");
        this.target = Objects.requireNonNull(target, "target");
        this.timeline = Objects.requireNonNull(timeline, "timeline");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One sync at the clock's time: the decision goes to the timeline before the target is scaled. */
    public HorizontalPodAutoscaler.Decision sync() {
        Instant now = clock.instant();
        HorizontalPodAutoscaler.Decision decision = hpa.reconcile(now, target.specReplicas(), target.statusReplicas(),
                metric);
        lastDecision = decision;
        // At 0 replicas the HPA is disabled on every sync: one line says so, not one per sync.
        if (!SCALING_DISABLED.equals(decision.reason()) || !SCALING_DISABLED.equals(lastReason)) {
            timeline.record(record(decision));
        }
        lastReason = decision.reason();
        if (decision.rescale()) {
            target.scale(decision.desiredReplicas());
        }
        return decision;
    }

    private HpaDecision record(HorizontalPodAutoscaler.Decision d) {
        boolean measured = d.metricValue() >= 0;
        return new HpaDecision(d.at().toEpochMilli(), null, null, d.currentReplicas(), d.statusReplicas(),
                measured ? (double) d.metricValue() : null,
                measured ? (double) hpa.spec().metric().targetAverageValue() : null,
                measured ? d.metricReplicas() : null, measured ? d.stabilizedReplicas() : null, d.desiredReplicas(),
                d.rescale(), d.reason(), null, null);
    }

    public Duration syncPeriod() {
        return flags.syncPeriod();
    }

    public HpaSpec spec() {
        return hpa.spec();
    }

    /** The last decision, if it synced yet. */
    public Optional<HorizontalPodAutoscaler.Decision> lastDecision() {
        return Optional.ofNullable(lastDecision);
    }
}
