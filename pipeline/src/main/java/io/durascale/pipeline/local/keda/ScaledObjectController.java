package io.durascale.pipeline.local.keda;

import io.durascale.pipeline.local.hpa.HorizontalPodAutoscaler;
import io.durascale.pipeline.local.kube.ScaleTarget;

import io.durascale.run.timeline.Timeline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * KEDA's operator for one ScaledObject, together with the HPA controller for the HPA it owns:
 * <ul>
 *   <li>every {@code pollingInterval} (first at creation) KEDA reads the scaler
 *       ({@code checkScalers}, {@code RequestScale}): active at 0 replicas scales to
 *       max(1, minReplicaCount) — activation is KEDA's, never the HPA's; active otherwise only
 *       refreshes the last active time; not active with replicas and minReplicaCount 0 scales to 0
 *       at the first check strictly after {@code lastActiveTime + cooldownPeriod} (or, never active,
 *       after {@code creation + initialCooldownPeriod}) — directly from any count; below
 *       minReplicaCount scales up to it; a scaler error changes nothing;</li>
 *   <li>every {@code syncPeriod} (first at creation) the HPA reconciles with a fresh read of the
 *       queue, as KEDA's metrics server reads it per HPA query; at 0 replicas it does nothing.</li>
 * </ul>
 * When both fall due at the same instant KEDA goes first. Time comes from the injected clock and
 * nothing runs by itself: {@link #runDue()} performs what is due, so a caller drives it from a
 * loop and a test from a fake clock. Every decision goes to the timeline: {@code scaler} (queue
 * length and activity), {@code keda} (activation, cooldown, deactivation) and {@code hpa}.
 * Not emulated: {@code idleReplicaCount}, fallback, pause annotations and scaling modifiers.
 */
public final class ScaledObjectController {

    private final ScaledObjectSpec spec;
    private final AzureQueueScaler scaler;
    private final ScaleTarget target;
    private final HorizontalPodAutoscaler hpa;
    private final Timeline timeline;
    private final Clock clock;
    private final Instant createdAt;
    private Instant nextPoll;
    private Instant nextSync;
    private String lastHpaReason;
    private volatile Instant lastActiveTime;
    private volatile boolean active;
    private volatile long lastQueueLength = -1;
    private volatile HorizontalPodAutoscaler.Decision lastDecision;

    public ScaledObjectController(ScaledObjectSpec spec, AzureQueueScaler scaler, ScaleTarget target, Timeline timeline, Clock clock) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.scaler = Objects.requireNonNull(scaler, "scaler");
        this.target = Objects.requireNonNull(target, "target");
        this.timeline = Objects.requireNonNull(timeline, "timeline");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.hpa = new HorizontalPodAutoscaler(spec);
        this.createdAt = clock.instant();
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
                poll();
                nextPoll = next(nextPoll, spec.pollingInterval(), now);
            } else if (syncDue) {
                sync();
                nextSync = next(nextSync, spec.syncPeriod(), now);
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

    /**
     * One KEDA check of the ScaledObject ({@code checkScalers} then {@code RequestScale}). The
     * decision is recorded before the target is scaled, so the timeline reads decision, then pods.
     */
    public void poll() {
        Instant now = clock.instant();
        int current = target.specReplicas();
        Map<String, Object> reading = new LinkedHashMap<>();
        reading.put("scaler", "azure-queue");
        reading.put("queue", spec.queueName());
        reading.put("metric", spec.metricName());
        reading.put("strategy", spec.queueLengthStrategy().kedaName());
        AzureQueueScaler.Reading read;
        try {
            read = scaler.read();
        } catch (RuntimeException e) {
            reading.put("error", describe(e));
            timeline.record(now, "scaler", reading);
            keda(now, "error", current, current, Map.of("reason", "the scaler failed; replicas unchanged"));
            return;
        }
        lastQueueLength = read.queueLength();
        active = read.active();
        reading.put("value", read.queueLength());
        reading.put("activationQueueLength", spec.activationQueueLength());
        reading.put("active", read.active());
        timeline.record(now, "scaler", reading);

        int min = spec.minReplicaCount();
        if (read.active()) {
            if (current == 0) {
                int to = Math.max(1, min);
                lastActiveTime = now;
                keda(now, "activate", current, to, Map.of());
                target.scale(to);
            } else {
                lastActiveTime = now;
                keda(now, "active", current, current, Map.of());
            }
            return;
        }
        if (current > 0 && min == 0) {
            Instant cooldownEnds = lastActiveTime == null
                    ? createdAt.plus(spec.initialCooldownPeriod())
                    : lastActiveTime.plus(spec.cooldownPeriod());
            if (cooldownEnds.isBefore(now)) {
                keda(now, "deactivate", current, 0, Map.of());
                target.scale(0);
            } else {
                keda(now, "cooldown", current, current,
                        Map.of("cooldownEndsInMs", Duration.between(now, cooldownEnds).toMillis()));
            }
        } else if (current < min) {
            keda(now, "min", current, min, Map.of());
            target.scale(min);
        } else {
            keda(now, "idle", current, current, Map.of());
        }
    }

    /** One HPA controller sync. */
    public HorizontalPodAutoscaler.Decision sync() {
        Instant now = clock.instant();
        int current = target.specReplicas();
        HorizontalPodAutoscaler.Decision decision = hpa.reconcile(now, current, target.statusReplicas(),
                scaler::queueLength);
        lastDecision = decision;
        // At 0 replicas the HPA is disabled on every sync: one line says so, not one per sync.
        if (!"ScalingDisabled".equals(decision.reason()) || !"ScalingDisabled".equals(lastHpaReason)) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("current", decision.currentReplicas());
            values.put("status", decision.statusReplicas());
            if (decision.metricValue() >= 0) {
                values.put("metric", decision.metricValue());
                values.put("target", spec.queueLength());
                values.put("metricReplicas", decision.metricReplicas());
                values.put("stabilized", decision.stabilizedReplicas());
            }
            values.put("desired", decision.desiredReplicas());
            values.put("rescale", decision.rescale());
            values.put("reason", decision.reason());
            timeline.record(now, "hpa", values);
        }
        lastHpaReason = decision.reason();
        // Scaled after the record, so the timeline reads in causal order: decision, then pod changes.
        if (decision.rescale()) {
            target.scale(decision.desiredReplicas());
        }
        return decision;
    }

    private void keda(Instant now, String action, int from, int to, Map<String, Object> extra) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("action", action);
        values.put("from", from);
        values.put("to", to);
        values.put("lastActive", lastActiveTime == null ? null : lastActiveTime.toEpochMilli());
        values.putAll(extra);
        timeline.record(now, "keda", values);
    }

    private static String describe(RuntimeException e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline) : message;
    }

    public ScaledObjectSpec spec() {
        return spec;
    }

    /** The last check that found the trigger active, if any ({@code status.lastActiveTime}). */
    public Optional<Instant> lastActiveTime() {
        return Optional.ofNullable(lastActiveTime);
    }

    /** Whether the last successful check found the trigger active. */
    public boolean isActive() {
        return active;
    }

    /** The queue length of the last successful KEDA check; -1 before one. */
    public long lastQueueLength() {
        return lastQueueLength;
    }

    /** The HPA's last decision, if it synced yet. */
    public Optional<HorizontalPodAutoscaler.Decision> lastHpaDecision() {
        return Optional.ofNullable(lastDecision);
    }
}
