package io.durascale.pipeline.local.keda;

import io.durascale.pipeline.local.hpa.ExternalMetricSpec;
import io.durascale.pipeline.local.hpa.HorizontalController;
import io.durascale.pipeline.local.hpa.HorizontalPodAutoscaler;
import io.durascale.pipeline.local.hpa.HpaControllerFlags;
import io.durascale.pipeline.local.kube.ScaleTarget;
import io.durascale.run.timeline.Timeline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One ScaledObject as a cluster runs it: KEDA's {@link ScaleHandler} every {@code pollingInterval}
 * and, for the HPA KEDA creates ({@link ScaledObjectSpec#hpaFor}), the HPA controller's
 * {@link HorizontalController} every {@link HpaControllerFlags#syncPeriod()}, both first at creation.
 * The HPA reads the metric fresh through the scaler on each sync, as KEDA's metrics server does per
 * HPA query. When both fall due at the same instant KEDA goes first.
 *
 * <p>Time comes from the injected clock and nothing runs by itself: {@link #runDue()} performs what
 * is due, so a caller drives it from a loop, a test or a simulator from a virtual clock. Every
 * decision goes to the timeline: {@code scaler}, {@code keda} and {@code hpa}.
 */
public final class ScaledObjectController {

    private final ScaleHandler keda;
    private final HorizontalController hpa;
    private final Clock clock;
    private Instant nextPoll;
    private Instant nextSync;

    /**
     * @param scaler the trigger's scaler; the controller does not close it
     * @param target what KEDA and the HPA scale
     */
    public ScaledObjectController(ScaledObjectSpec spec, Scaler scaler, HpaControllerFlags flags, ScaleTarget target,
                                  Timeline timeline, Clock clock) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(scaler, "scaler");
        this.clock = Objects.requireNonNull(clock, "clock");
        ExternalMetricSpec metric = scaler.getMetricSpecForScaling().get(0);
        this.keda = new ScaleHandler(spec, scaler, target, timeline, clock);
        this.hpa = new HorizontalController(spec.hpaFor(metric), flags,
                () -> scaler.getMetricsAndActivity(metric.name()).value(), target, timeline, clock);
        Instant createdAt = clock.instant();
        this.nextPoll = createdAt;
        this.nextSync = createdAt;
    }

    /** Runs every KEDA check and HPA sync due by the clock's time, in time order; KEDA first on a tie. */
    public void runDue() {
        Instant now = clock.instant();
        while (true) {
            boolean pollDue = !nextPoll.isAfter(now);
            boolean syncDue = !nextSync.isAfter(now);
            if (pollDue && (!syncDue || !nextPoll.isAfter(nextSync))) {
                keda.check();
                nextPoll = next(nextPoll, keda.pollingInterval(), now);
            } else if (syncDue) {
                hpa.sync();
                nextSync = next(nextSync, hpa.syncPeriod(), now);
            } else {
                return;
            }
        }
    }

    /** When {@link #runDue()} next has something to do. */
    public Instant nextDue() {
        return nextPoll.isBefore(nextSync) ? nextPoll : nextSync;
    }

    /** A fixed rate; ticks missed by a stalled loop are skipped rather than run in a burst. */
    private static Instant next(Instant scheduled, Duration interval, Instant now) {
        Instant next = scheduled.plus(interval);
        return next.isAfter(now) ? next : now.plus(interval);
    }

    /** KEDA's side: activity, last active time, the last value read. */
    public ScaleHandler scaleHandler() {
        return keda;
    }

    /** The HPA's last decision, if it synced yet. */
    public Optional<HorizontalPodAutoscaler.Decision> lastHpaDecision() {
        return hpa.lastDecision();
    }
}
