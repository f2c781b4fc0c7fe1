package io.durascale.run.timeline;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One line of {@code timeline.jsonl}: {@code {"t": <epoch ms>, "kind": "<kind>", …values}}. Each kind is one
 * record; {@link #kind()} names it on the line, and {@link Other} keeps a line of a kind this version does not
 * know, so a newer writer's timeline still reads. The kinds and their values are in docs/run-directory.md.
 */
public sealed interface TimelineEvent {

    /** When it happened, epoch milliseconds. */
    long t();

    /** The line's {@code kind}. */
    @JsonIgnore
    String kind();

    /** The kinds this version writes and reads, by their {@code kind} value. */
    Map<String, Class<? extends TimelineEvent>> KINDS = Map.ofEntries(
            Map.entry(KedaSettings.KIND, KedaSettings.class),
            Map.entry(ScalerReading.KIND, ScalerReading.class),
            Map.entry(KedaDecision.KIND, KedaDecision.class),
            Map.entry(HpaDecision.KIND, HpaDecision.class),
            Map.entry(Replicas.KIND, Replicas.class),
            Map.entry(PodPhase.KIND, PodPhase.class),
            Map.entry(NodeChange.KIND, NodeChange.class),
            Map.entry(QueueDepth.KIND, QueueDepth.class),
            Map.entry(Orchestrations.KIND, Orchestrations.class),
            Map.entry(LoadMarker.KIND, LoadMarker.class));

    /**
     * The ScaledObject, HPA controller and node pool settings in force for a deployment, as JSON of the emulation's
     * own records ({@code scaledObject}, {@code hpaController}, {@code nodePool}).
     */
    @JsonPropertyOrder({"t", "deployment", "scaledObject", "hpaController", "nodePool"})
    record KedaSettings(long t, String deployment, JsonNode scaledObject, JsonNode hpaController, JsonNode nodePool)
            implements TimelineEvent {
        public static final String KIND = "keda-settings";

        @Override
        public String kind() {
            return KIND;
        }
    }

    /**
     * A KEDA scaler reading, one per polling interval. {@code error} (the first line of the failure) replaces
     * {@code value}, {@code activationQueueLength} and {@code active} when the read failed.
     *
     * @param scaler the trigger type ({@code azure-queue}, {@code external})
     * @param metric the HPA's external metric name ({@code s0-azure-queue-<queue>})
     * @param strategy {@code queueLengthStrategy}: {@code all} or {@code visibleonly}
     * @param deployment the scaled deployment, when the emulation scales more than one
     */
    @JsonPropertyOrder({"t", "scaler", "deployment", "queue", "metric", "strategy", "value", "activationQueueLength",
            "active", "error"})
    record ScalerReading(long t, String scaler, String deployment, String queue, String metric, String strategy, Long value,
                         Long activationQueueLength, Boolean active, String error) implements TimelineEvent {
        public static final String KIND = "scaler";

        @Override
        public String kind() {
            return KIND;
        }
    }

    /**
     * A KEDA scale-handler decision ({@code action}: {@code activate}, {@code active}, {@code cooldown},
     * {@code deactivate}, {@code min}, {@code idle}, {@code error}, {@code stopped}), from → to replicas and the
     * last active time (epoch ms, null before the first). From a cluster's ScaledObject: {@code scaledObject},
     * {@code action} ({@code active}/{@code idle}) and its {@code conditions}.
     */
    @JsonPropertyOrder({"t", "deployment", "action", "from", "to", "lastActive", "cooldownEndsInMs", "reason",
            "scaledObject", "conditions"})
    record KedaDecision(long t, String deployment, String action, Integer from, Integer to,
                        @JsonInclude(JsonInclude.Include.ALWAYS) Long lastActive, Long cooldownEndsInMs, String reason,
                        String scaledObject, Map<String, String> conditions) implements TimelineEvent {
        public static final String KIND = "keda";

        /** The line the local KEDA writes when it stops. */
        public static KedaDecision stopped(long t, String deployment) {
            return new KedaDecision(t, deployment, "stopped", null, null, null, null, null, null, null);
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /**
     * An HPA sync decision: current (spec) and status replicas, the metric and its target, the replicas the
     * metric asks for, after stabilization, the desired count, whether it rescales and why (the HPA's reason).
     * From a cluster: {@code hpa} (its name), {@code min}, {@code max}.
     */
    @JsonPropertyOrder({"t", "deployment", "hpa", "current", "status", "metric", "target", "metricReplicas", "stabilized",
            "desired", "rescale", "reason", "min", "max"})
    record HpaDecision(long t, String deployment, String hpa, int current, Integer status, Double metric, Double target,
                       Integer metricReplicas, Integer stabilized, int desired, Boolean rescale, String reason, Integer min,
                       Integer max) implements TimelineEvent {
        public static final String KIND = "hpa";

        @Override
        public String kind() {
            return KIND;
        }
    }

    /** A deployment's desired, current and ready replicas, whenever one of them changes. */
    @JsonPropertyOrder({"t", "deployment", "desired", "current", "ready"})
    record Replicas(long t, String deployment, int desired, int current, int ready) implements TimelineEvent {
        public static final String KIND = "replicas";

        @Override
        public String kind() {
            return KIND;
        }
    }

    /**
     * A pod's phase change ({@code Pending}, {@code ContainerCreating}, {@code Running}, {@code Ready},
     * {@code Terminating}, {@code Succeeded}, {@code Failed}, {@code CrashLoopBackOff}; a cluster adds
     * {@code Deleted}), its node, the local process id and exit code, why (an unschedulable pod, a failed probe),
     * and for a crash loop the restart count and back-off; from a cluster also the pod condition and Kubernetes'
     * own time for it (epoch ms, 1 s precision; {@code t} is when the watch event arrived).
     */
    @JsonPropertyOrder({"t", "pod", "deployment", "phase", "node", "pid", "exitCode", "reason", "restarts", "restartInMs",
            "condition", "conditionTime"})
    record PodPhase(long t, String pod, String deployment, String phase, @JsonInclude(JsonInclude.Include.ALWAYS) String node,
                    Long pid, Integer exitCode, String reason, Integer restarts, Long restartInMs, String condition,
                    Long conditionTime) implements TimelineEvent {
        public static final String KIND = "pod";

        @Override
        public String kind() {
            return KIND;
        }
    }

    /** A node's state ({@code Provisioning}, {@code Ready}, {@code Removed}), the node count after it, why; a cluster's agent pool. */
    @JsonPropertyOrder({"t", "node", "state", "nodes", "reason", "pool"})
    record NodeChange(long t, String node, String state, Integer nodes, String reason, String pool) implements TimelineEvent {
        public static final String KIND = "node";

        @Override
        public String kind() {
            return KIND;
        }
    }

    /** A monitored queue's approximate depth (control queues, work items, compute jobs). */
    @JsonPropertyOrder({"t", "queue", "depth"})
    record QueueDepth(long t, String queue, long depth) implements TimelineEvent {
        public static final String KIND = "queue";

        @Override
        public String kind() {
            return KIND;
        }
    }

    /** Cumulative orchestration counts seen by the load test. */
    @JsonPropertyOrder({"t", "started", "completed", "failed"})
    record Orchestrations(long t, int started, int completed, int failed) implements TimelineEvent {
        public static final String KIND = "orchestrations";

        @Override
        public String kind() {
            return KIND;
        }
    }

    /**
     * A marker from the load test: {@code phase} ({@code load-start}, {@code step-start}, {@code idle-start},
     * {@code zero-replicas}, {@code idle-timeout}, {@code load-end}) and the step it belongs to.
     */
    @JsonPropertyOrder({"t", "phase", "step"})
    record LoadMarker(long t, String phase, int step) implements TimelineEvent {
        public static final String KIND = "load";

        @Override
        public String kind() {
            return KIND;
        }
    }

    /** A line of a kind this version does not know: kept whole, so it is shown rather than lost. */
    record Other(long t, String kind, JsonNode values) implements TimelineEvent {
    }

    /** The events of one kind, in order. */
    static <E extends TimelineEvent> List<E> ofType(List<TimelineEvent> events, Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
