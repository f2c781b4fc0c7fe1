package io.durascale.run.figures;

import io.durascale.run.Metrics.OrchestrationTier;
import io.durascale.run.figures.RunFigures.BlockTimes;
import io.durascale.run.timeline.TimelineEvent;
import io.durascale.run.timeline.TimelineEvent.KedaDecision;
import io.durascale.run.timeline.TimelineEvent.QueueDepth;
import io.durascale.run.timeline.TimelineEvent.Replicas;
import io.durascale.run.timeline.TimelineEvent.ScalerReading;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code metrics.json}'s {@code orchestrationTier}: the orchestration tier ({@link Tiers#ORCHESTRATION}) starting from
 * zero replicas and going back, from the timeline — its deployment's {@code replicas} lines, the scaler's answers for
 * it ({@code scaler} lines, or KEDA's {@code activate} decision) and the jobs queue's depths — with the start requests
 * and the blocks the instrument saw. One definition for the load tests and the simulator.
 *
 * <ul>
 *   <li>The start: the first start request made while the tier had no replicas (none recorded yet, or the last
 *   {@code replicas} line at or before it has {@code current == 0}).</li>
 *   <li>From it: the scaler reporting the tier active (its first {@code active} reading, or KEDA's {@code activate},
 *   whichever comes first); the first {@code replicas} line with a ready host; the first episode committed (given:
 *   the timeline does not see episodes); the first job enqueued (the earliest block enqueued, else the jobs queue's
 *   first non-zero depth).</li>
 *   <li>Back to zero: from the tier's last work — the scaler's last {@code active} reading — to the first
 *   {@code replicas} line with no current host after it.</li>
 *   <li>Peak replicas, and pod-seconds: its current replicas integrated from its first line to the run's last.</li>
 * </ul>
 */
public final class OrchestrationTierFigures {

    private OrchestrationTierFigures() {
    }

    /**
     * @param startRequests when each start request was sent (epoch ms), any order
     * @param firstEpisodeAt when the first orchestration's first episode was committed, null if unknown
     * @return empty when the timeline has no replicas of the orchestration tier: it did not scale here
     */
    public static Optional<OrchestrationTier> of(List<TimelineEvent> timeline, List<Long> startRequests, Long firstEpisodeAt,
                                                 List<BlockTimes> blocks, String jobsQueue) {
        String tier = Tiers.ORCHESTRATION;
        List<Replicas> replicas = TimelineEvent.ofType(timeline, Replicas.class).stream()
                .filter(r -> tier.equals(r.deployment())).toList();
        if (replicas.isEmpty()) {
            return Optional.empty();
        }
        List<ScalerReading> active = TimelineEvent.ofType(timeline, ScalerReading.class).stream()
                .filter(r -> tier.equals(r.deployment()) && Boolean.TRUE.equals(r.active())).toList();
        int peak = replicas.stream().mapToInt(Replicas::current).max().orElse(0);
        long end = timeline.isEmpty() ? replicas.get(replicas.size() - 1).t() : timeline.get(timeline.size() - 1).t();
        double podSeconds = RunFigures.round(RunFigures.podSeconds(replicas, replicas.get(0).t(), end), 1);

        Long lastWorkToZero = null;
        List<String> notes = new ArrayList<>();
        if (active.isEmpty()) {
            notes.add("the scaler never reported the tier active");
        } else {
            long lastWork = active.get(active.size() - 1).t();
            lastWorkToZero = replicas.stream().filter(r -> r.t() >= lastWork && r.current() == 0).findFirst()
                    .map(r -> r.t() - lastWork).orElse(null);
            if (lastWorkToZero == null) {
                notes.add("the tier did not reach zero replicas before the run ended");
            }
        }

        Optional<Long> start = startRequests.stream().sorted().filter(t -> atZero(replicas, t)).findFirst();
        if (start.isEmpty()) {
            notes.add("no start request was made while the tier was at zero replicas");
            return Optional.of(new OrchestrationTier(tier, null, null, null, null, null, lastWorkToZero, peak, podSeconds,
                    String.join("; ", notes)));
        }
        long t0 = start.get();
        Optional<Long> activated = active.stream().map(TimelineEvent::t).filter(t -> t >= t0).findFirst();
        Optional<Long> activatedByKeda = TimelineEvent.ofType(timeline, KedaDecision.class).stream()
                .filter(d -> tier.equals(d.deployment()) && "activate".equals(d.action()) && d.t() >= t0)
                .map(KedaDecision::t).findFirst();
        Long toActive = earliest(activated, activatedByKeda).map(t -> t - t0).orElse(null);
        Long toReady = replicas.stream().filter(r -> r.t() >= t0 && r.ready() > 0).findFirst().map(r -> r.t() - t0)
                .orElse(null);
        Long toEpisode = firstEpisodeAt == null || firstEpisodeAt < t0 ? null : firstEpisodeAt - t0;
        if (firstEpisodeAt == null) {
            notes.add("the first episode's commit time is unknown");
        }
        Optional<Long> firstJob = blocks.stream().map(BlockTimes::enqueuedAt).filter(t -> t >= t0).min(Long::compare)
                .or(() -> TimelineEvent.ofType(timeline, QueueDepth.class).stream()
                        .filter(q -> jobsQueue.equals(q.queue()) && q.t() >= t0 && q.depth() > 0).map(QueueDepth::t).findFirst());
        return Optional.of(new OrchestrationTier(tier, t0, toActive, toReady, toEpisode,
                firstJob.map(t -> t - t0).orElse(null), lastWorkToZero, peak, podSeconds,
                notes.isEmpty() ? null : String.join("; ", notes)));
    }

    /** No replicas recorded at or before {@code t}, or the last of them has none current. */
    private static boolean atZero(List<Replicas> replicas, long t) {
        Replicas last = null;
        for (Replicas r : replicas) {
            if (r.t() > t) {
                break;
            }
            last = r;
        }
        return last == null || last.current() == 0;
    }

    private static Optional<Long> earliest(Optional<Long> a, Optional<Long> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : Optional.of(Math.min(a.get(), b.get()));
    }
}
