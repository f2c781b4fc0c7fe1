package io.durascale.pipeline.local.keda;

import io.durascale.pipeline.local.kube.ScaleTarget;
import io.durascale.run.timeline.Timeline;
import io.durascale.run.timeline.TimelineEvent.KedaDecision;
import io.durascale.run.timeline.TimelineEvent.ScalerReading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * KEDA's scale handler for one ScaledObject: each call of {@link #check()} is one tick of its polling
 * loop ({@code pkg/scaling/scale_handler.go}, {@code checkScalers}) followed by the scale executor's
 * {@code RequestScale} ({@code pkg/scaling/executor/scale_scaledobjects.go}):
 * <ul>
 *   <li>active at 0 replicas scales to max(1, minReplicaCount) — activation is KEDA's, never the HPA's;
 *       active otherwise only refreshes {@code lastActiveTime};</li>
 *   <li>not active with replicas and minReplicaCount 0 scales to 0 at the first check strictly after
 *       {@code lastActiveTime + cooldownPeriod} (or, never active, after {@code creation + initialCooldownPeriod}),
 *       directly from any count ({@code scaleToZeroOrIdle});</li>
 *   <li>below minReplicaCount scales up to it; a scaler error changes nothing.</li>
 * </ul>
 * The scaler only answers; the activation and cooldown rules are here. Each check records the
 * scaler's reading and the decision, before the target is scaled, so the timeline reads decision,
 * then pods. Not emulated: {@code idleReplicaCount}, fallback, pause annotations, scaling modifiers.
 */
public final class ScaleHandler {

    private final ScaledObjectSpec spec;
    private final Scaler scaler;
    private final String metricName;
    private final ScaleTarget target;
    private final Timeline timeline;
    private final Clock clock;
    private final Instant createdAt;
    private volatile Instant lastActiveTime;
    private volatile boolean active;
    private volatile long lastValue = -1;

    public ScaleHandler(ScaledObjectSpec spec, Scaler scaler, ScaleTarget target, Timeline timeline, Clock clock) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.scaler = Objects.requireNonNull(scaler, "scaler");
        this.metricName = scaler.getMetricSpecForScaling().get(0).name();
        this.target = Objects.requireNonNull(target, "target");
        this.timeline = Objects.requireNonNull(timeline, "timeline");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.createdAt = clock.instant();
    }

    /** One check of the ScaledObject at the clock's time. */
    public void check() {
        Instant now = clock.instant();
        int current = target.specReplicas();
        Scaler.MetricsAndActivity read;
        try {
            read = scaler.getMetricsAndActivity(metricName);
        } catch (RuntimeException e) {
            timeline.record(reading(now, null, firstLine(e)));
            decide(now, "error", current, current, null, "the scaler failed; replicas unchanged");
            return;
        }
        lastValue = read.value();
        active = read.active();
        timeline.record(reading(now, read, null));

        int min = spec.minReplicaCount();
        if (read.active()) {
            lastActiveTime = now;
            if (current == 0) {
                int to = Math.max(1, min);
                decide(now, "activate", current, to, null, null);
                target.scale(to);
            } else {
                decide(now, "active", current, current, null, null);
            }
            return;
        }
        if (current > 0 && min == 0) {
            Instant cooldownEnds = lastActiveTime == null
                    ? createdAt.plus(spec.initialCooldownPeriod())
                    : lastActiveTime.plus(spec.cooldownPeriod());
            if (cooldownEnds.isBefore(now)) {
                decide(now, "deactivate", current, 0, null, null);
                target.scale(0);
            } else {
                decide(now, "cooldown", current, current, Duration.between(now, cooldownEnds).toMillis(), null);
            }
        } else if (current < min) {
            decide(now, "min", current, min, null, null);
            target.scale(min);
        } else {
            decide(now, "idle", current, current, null, null);
        }
    }

    /** The scaler's answer as the timeline's {@code scaler} line, one field set per trigger type. */
    private ScalerReading reading(Instant now, Scaler.MetricsAndActivity read, String error) {
        if (spec.trigger() instanceof AzureQueueTrigger queue) {
            return new ScalerReading(now.toEpochMilli(), queue.type(), target.name(), queue.queueName(), metricName,
                    queue.queueLengthStrategy().kedaName(), read == null ? null : read.value(),
                    read == null ? null : (long) queue.activationQueueLength(), read == null ? null : read.active(), error);
        }
        if (spec.trigger() instanceof ExternalTrigger external) {
            return new ScalerReading(now.toEpochMilli(), external.type(), target.name(), null, metricName, null,
                    read == null ? null : read.value(), null, read == null ? null : read.active(), error);
        }
        throw new IllegalStateException("no timeline reading for a " + spec.trigger().type() + " trigger");
    }

    private void decide(Instant now, String action, int from, int to, Long cooldownEndsInMs, String reason) {
        Instant last = lastActiveTime;
        timeline.record(new KedaDecision(now.toEpochMilli(), target.name(), action, from, to, last == null ? null : last.toEpochMilli(),
                cooldownEndsInMs, reason, null, null));
    }

    private static String firstLine(RuntimeException e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline) : message;
    }

    public Duration pollingInterval() {
        return spec.pollingInterval();
    }

    /** The last check that found the trigger active, if any ({@code status.lastActiveTime}). */
    public Optional<Instant> lastActiveTime() {
        return Optional.ofNullable(lastActiveTime);
    }

    /** Whether the last successful check found the trigger active. */
    public boolean isActive() {
        return active;
    }

    /** The metric of the last successful check (the queue length); -1 before one. */
    public long lastValue() {
        return lastValue;
    }
}
