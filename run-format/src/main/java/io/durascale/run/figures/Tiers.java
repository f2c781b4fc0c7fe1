package io.durascale.run.figures;

import io.durascale.run.timeline.TimelineEvent;
import io.durascale.run.timeline.TimelineEvent.PodPhase;
import io.durascale.run.timeline.TimelineEvent.Replicas;
import java.util.List;
import java.util.Set;

/**
 * The reference pipeline's Deployments, one per tier, as a timeline names them in its {@code replicas}, {@code pod},
 * {@code scaler} and {@code keda} lines (the local stack's, and the charts' defaults in a cluster), and which tier a
 * line belongs to: the one rule the run figures and the reports both read.
 */
public final class Tiers {

    /** The HTTP tier: always on. */
    public static final String API = "durascale-api";
    /** The completion bridge. */
    public static final String BRIDGE = "durascale-bridge";
    /** The task-hub scaler: always on. */
    public static final String SCALER = "durascale-scaler";
    /** The orchestration tier: task hub hosts with their orchestration workers, scaled on the scaler. */
    public static final String ORCHESTRATION = "durascale-orchestration";
    /** The worker tier, scaled on the jobs queue. */
    public static final String WORKER = "durascale-worker";

    private static final Set<String> NOT_WORKERS = Set.of(API, BRIDGE, SCALER, ORCHESTRATION);
    /** Tiers a ScaledObject drives in the reference pipeline, even when the timeline carries no keda-settings for them. */
    private static final Set<String> SCALED = Set.of(WORKER, ORCHESTRATION);

    private Tiers() {
    }

    /**
     * The timeline without the other tiers' replicas and pods, so that the worker figures read the workers alone; a
     * line that names no deployment (a timeline with one scaled tier) is the workers'.
     */
    public static List<TimelineEvent> workerTier(List<TimelineEvent> timeline) {
        return timeline.stream().filter(e -> !(e instanceof Replicas r && otherTier(r.deployment()))
                && !(e instanceof PodPhase p && otherTier(p.deployment()))).toList();
    }

    /** The deployment a line belongs to: the one it names, or the worker's when it names none. */
    public static String deployment(String named) {
        return named == null ? WORKER : named;
    }

    /** The deployment of a {@code replicas} line ({@link #deployment(String)}). */
    public static String deployment(Replicas replicas) {
        return deployment(replicas.deployment());
    }

    /** A line of the worker tier: it names the workers, no deployment, or one that is none of the other tiers. */
    public static boolean isWorkerTier(String named) {
        return !NOT_WORKERS.contains(deployment(named));
    }

    /** Scaled by a ScaledObject (0..max) in the reference pipeline, rather than always on. */
    public static boolean scaledByDefault(String deployment) {
        return SCALED.contains(deployment);
    }

    private static boolean otherTier(String deployment) {
        return !isWorkerTier(deployment);
    }
}
