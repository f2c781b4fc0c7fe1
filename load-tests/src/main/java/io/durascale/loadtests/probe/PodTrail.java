package io.durascale.loadtests.probe;

import io.durascale.run.timeline.Timeline;
import io.durascale.run.timeline.TimelineEvent.PodPhase;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way of each pod of the watched Deployment through PodScheduled, Initialized, container start,
 * ContainersReady and Ready, then Terminating and its end, as {@code pod} events: each step once, however
 * often the informer repeats the pod. Kubernetes' own condition time rides along as {@code conditionTime}.
 */
final class PodTrail {

    private static final Logger log = LoggerFactory.getLogger(PodTrail.class);

    /** The pod conditions followed, in the order a starting pod passes them. */
    private static final List<String> CONDITIONS = List.of("PodScheduled", "Initialized", "ContainersReady", "Ready");

    /** What has been recorded of one pod, so each step is recorded once. */
    private static final class PodState {
        final Set<String> trueConditions = new HashSet<>();
        boolean started;
        boolean terminating;
        String ended;
    }

    private final Timeline timeline;
    private final Map<String, PodState> pods = new HashMap<>();

    PodTrail(Timeline timeline) {
        this.timeline = timeline;
    }

    void onPod(Pod pod) {
        String name = pod.getMetadata().getName();
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        PodState state;
        boolean isNew;
        synchronized (pods) {
            isNew = !pods.containsKey(name);
            state = pods.computeIfAbsent(name, n -> new PodState());
        }
        synchronized (state) {
            if (isNew) {
                record(name, "Pending", node, "Created", pod.getMetadata().getCreationTimestamp());
            }
            Map<String, PodCondition> conditions = new HashMap<>();
            if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
                pod.getStatus().getConditions().forEach(c -> conditions.put(c.getType(), c));
            }
            for (String type : CONDITIONS) {
                PodCondition c = conditions.get(type);
                boolean isTrue = c != null && "True".equals(c.getStatus());
                if (isTrue && state.trueConditions.add(type)) {
                    record(name, phaseFor(type), node, type, c.getLastTransitionTime());
                } else if (!isTrue && c != null && state.trueConditions.remove(type) && "Ready".equals(type)) {
                    record(name, "Running", node, "NotReady", c.getLastTransitionTime());
                }
                if ("Initialized".equals(type) && !state.started) {
                    String startedAt = runningSince(pod);
                    if (startedAt != null) {
                        state.started = true;
                        record(name, "Running", node, "ContainerStarted", startedAt);
                    }
                }
            }
            if (!state.started && runningSince(pod) != null) {
                state.started = true;
                record(name, "Running", node, "ContainerStarted", runningSince(pod));
            }
            if (!state.terminating && pod.getMetadata().getDeletionTimestamp() != null) {
                state.terminating = true;
                record(name, "Terminating", node, "DeletionRequested", pod.getMetadata().getDeletionTimestamp());
            }
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if (state.ended == null && ("Succeeded".equals(phase) || "Failed".equals(phase))) {
                state.ended = phase;
                record(name, phase, node, "Ended", null);
            }
        }
    }

    void onPodDeleted(Pod pod) {
        String name = pod.getMetadata().getName();
        PodState state;
        synchronized (pods) {
            state = pods.remove(name);
        }
        record(name, "Deleted", pod.getSpec() == null ? null : pod.getSpec().getNodeName(), "Deleted", null);
        if (state == null) {
            log.debug("pod {} deleted before it was seen", name);
        }
    }

    private static String phaseFor(String condition) {
        return switch (condition) {
            case "PodScheduled", "Initialized" -> "ContainerCreating";
            case "ContainersReady" -> "Running";
            default -> "Ready";
        };
    }

    /** When the first container started running, if it has. */
    private static String runningSince(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
            if (cs.getState() != null && cs.getState().getRunning() != null) {
                String at = cs.getState().getRunning().getStartedAt();
                return at == null ? "" : at;
            }
        }
        return null;
    }

    private void record(String pod, String phase, String node, String condition, String conditionTime) {
        timeline.record(new PodPhase(System.currentTimeMillis(), pod, null, phase, node, null, null, null, null, null,
                condition, KubernetesObserver.epochMillis(conditionTime)));
    }
}
