package io.durascale.pipeline.local.kube;

import io.durascale.run.timeline.Timeline;
import io.durascale.run.timeline.TimelineEvent;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A deployment's lines on the run's timeline: {@code pod} phases, {@code node} changes and {@code replicas}. */
final class DeploymentTimeline {

    private static final Logger log = LoggerFactory.getLogger(DeploymentTimeline.class);

    private final String deployment;
    private final Timeline timeline;
    private int[] published = {-1, -1, -1};

    DeploymentTimeline(String deployment, Timeline timeline) {
        this.deployment = deployment;
        this.timeline = timeline;
    }

    /** The pod's current phase, its node and process. */
    void pod(Instant now, Pod pod) {
        pod(now, pod, null, null, null, null);
    }

    /** The pod's current phase and why. */
    void pod(Instant now, Pod pod, String reason) {
        pod(now, pod, null, reason, null, null);
    }

    /**
     * @param exitCode the process's, when it ended
     * @param restarts and {@code restartInMs}: a crash loop's count and back-off
     */
    void pod(Instant now, Pod pod, Integer exitCode, String reason, Integer restarts, Long restartInMs) {
        Long pid = pod.process != null && pod.process.pid().isPresent() ? pod.process.pid().getAsLong() : null;
        timeline.record(new TimelineEvent.PodPhase(now.toEpochMilli(), pod.name, null, pod.phase.label(),
                pod.node == null ? null : pod.node.name, pid, exitCode, reason, restarts, restartInMs, null, null));
        log.debug("pod {} {}", pod.name, pod.phase);
    }

    /** A node's new state and the node count after it. */
    void node(Instant now, Node node, String state, int nodes, String reason) {
        timeline.record(new TimelineEvent.NodeChange(now.toEpochMilli(), node.name, state, nodes, reason, null));
    }

    /** Desired, current and ready replicas, when one of them changed since the last line. */
    void replicas(Instant now, int desired, int current, int ready) {
        int[] counts = {desired, current, ready};
        if (!java.util.Arrays.equals(counts, published)) {
            published = counts;
            timeline.record(new TimelineEvent.Replicas(now.toEpochMilli(), deployment, desired, current, ready));
        }
    }
}
