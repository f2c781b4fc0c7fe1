package io.durascale.run.figures;

import io.durascale.run.timeline.TimelineEvent;
import io.durascale.run.timeline.TimelineEvent.PodPhase;
import io.durascale.run.timeline.TimelineEvent.Replicas;
import java.util.List;
import java.util.Set;

/**
 * The reference pipeline's Deployments, one per tier, as a timeline names them in its {@code replicas}, {@code pod},
 * {@code scaler} and {@code keda} lines (the local stack's, and the charts' defaults in a cluster).
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

    private static boolean otherTier(String deployment) {
        return deployment != null && NOT_WORKERS.contains(deployment);
    }
}
