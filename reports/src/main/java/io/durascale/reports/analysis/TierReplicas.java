package io.durascale.reports.analysis;

import io.durascale.run.figures.Tiers;
import io.durascale.run.timeline.TimelineEvent;
import io.durascale.run.timeline.TimelineFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pipeline's tiers as the timeline saw them: each deployment's existing pods ({@code replicas} events'
 * {@code current}) over the run, whether it scales (a scaled object drives it) or is always on, its pod-seconds and peak.
 * The tiers' names and which tier a line belongs to are run-format's ({@link Tiers}).
 */
public final class TierReplicas {

    /**
     * One deployment over the run window.
     *
     * @param replicas its pods that exist (they are billed while they exist, ready or not)
     * @param scaled driven by a ScaledObject (0..max) rather than always on
     */
    public record Tier(String deployment, boolean scaled, StepSeries replicas) {

        public double peak() {
            return replicas.max();
        }
    }

    private final long start;
    private final long end;
    private final List<Tier> tiers;

    private TierReplicas(long start, long end, List<Tier> tiers) {
        this.start = start;
        this.end = end;
        this.tiers = tiers;
    }

    public static TierReplicas of(TimelineFile timeline) {
        Map<String, StepSeries> byDeployment = new LinkedHashMap<>();
        for (TimelineEvent.Replicas r : timeline.of(TimelineEvent.Replicas.class)) {
            byDeployment.computeIfAbsent(Tiers.deployment(r), k -> new StepSeries()).add(r.t(), r.current());
        }
        Set<String> kedaScaled = new HashSet<>();
        timeline.of(TimelineEvent.KedaSettings.class).forEach(k -> kedaScaled.add(Tiers.deployment(k.deployment())));
        List<Tier> tiers = new ArrayList<>();
        byDeployment.forEach((name, series) -> tiers.add(new Tier(name,
                Tiers.scaledByDefault(name) || kedaScaled.contains(name), series)));
        return new TierReplicas(timeline.start(), timeline.end(), List.copyOf(tiers));
    }

    public List<Tier> tiers() {
        return tiers;
    }

    /** More than the worker tier: the run's timeline has the other deployments' replicas. */
    public boolean everyTier() {
        return tiers.size() > 1;
    }

    public double windowSeconds() {
        return (end - start) / 1000.0;
    }

    /** Pod-seconds of a tier as it ran. */
    public double podSeconds(Tier tier) {
        return tier.replicas().integralSeconds(start, end);
    }

    /** Pod-seconds of a tier never below {@code floor} pods over the window (seed 002: one orchestration pod). */
    public double podSecondsAtLeast(Tier tier, int floor) {
        StepSeries s = tier.replicas();
        double sum = 0;
        long at = start;
        double value = 0;
        for (int i = 0; i < s.size(); i++) {
            long t = Math.max(start, Math.min(end, s.time(i)));
            sum += Math.max(floor, value) * (t - at) / 1000.0;
            at = t;
            value = s.value(i);
        }
        return sum + Math.max(floor, value) * (end - at) / 1000.0;
    }
}
