package io.durascale.reports.analysis;

import io.durascale.run.timeline.TimelineEvent;
import io.durascale.run.timeline.TimelineFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pipeline's tiers as the timeline saw them: each deployment's existing pods ({@code replicas} events'
 * {@code current}) over the run, whether it scales (a scaled object drives it) or is always on, its pod-seconds and peak.
 */
public final class Tiers {

    public static final String WORKER = "durascale-worker";
    public static final String ORCHESTRATION = "durascale-orchestration";
    /** Tiers a ScaledObject drives in the reference pipeline even when the timeline carries no keda-settings for them. */
    static final Set<String> SCALED = Set.of(WORKER, ORCHESTRATION);

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

    private Tiers(long start, long end, List<Tier> tiers) {
        this.start = start;
        this.end = end;
        this.tiers = tiers;
    }

    public static Tiers of(TimelineFile timeline) {
        Map<String, StepSeries> byDeployment = new LinkedHashMap<>();
        for (TimelineEvent.Replicas r : timeline.of(TimelineEvent.Replicas.class)) {
            byDeployment.computeIfAbsent(deployment(r), k -> new StepSeries()).add(r.t(), r.current());
        }
        Set<String> kedaScaled = new java.util.HashSet<>();
        timeline.of(TimelineEvent.KedaSettings.class).forEach(k -> kedaScaled.add(k.deployment() == null ? WORKER : k.deployment()));
        List<Tier> tiers = new ArrayList<>();
        byDeployment.forEach((name, series) -> tiers.add(new Tier(name, SCALED.contains(name) || kedaScaled.contains(name),
                series)));
        return new Tiers(timeline.start(), timeline.end(), List.copyOf(tiers));
    }

    /**
     * The deployment the worker figures come from when the timeline has several: {@value #WORKER}, else the first one
     * seen; null when the replicas events name one deployment at most (every event is the worker's).
     */
    public static String workerDeployment(TimelineFile timeline) {
        List<String> names = timeline.of(TimelineEvent.Replicas.class).stream().map(Tiers::deployment).distinct().toList();
        if (names.size() <= 1) {
            return null;
        }
        return names.contains(WORKER) ? WORKER : names.get(0);
    }

    /** A replicas event's deployment; one that names none is the worker's (written before there were other tiers). */
    public static String deployment(TimelineEvent.Replicas r) {
        return r.deployment() == null ? WORKER : r.deployment();
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
