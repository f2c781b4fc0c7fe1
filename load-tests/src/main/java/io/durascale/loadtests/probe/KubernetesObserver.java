package io.durascale.loadtests.probe;

import io.durascale.run.timeline.Timeline;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a worker Deployment in a cluster with fabric8 informers and writes what it sees into the
 * timeline, in the same kinds the local autoscaler writes: {@code replicas} (the Deployment),
 * {@code pod} (each pod's way through PodScheduled, Initialized, container start, ContainersReady
 * and Ready, then Terminating and its end), {@code hpa} (KEDA's HorizontalPodAutoscaler),
 * {@code keda} (the ScaledObject's Active condition) and {@code node} (nodes added, ready, removed).
 *
 * <p>Each record's {@code t} is when the watch event arrived here; Kubernetes' own condition
 * timestamps have one-second precision, so they ride along as {@code conditionTime} but the
 * receive time is what scale-up latencies are computed from. Informers that cannot start (no
 * KEDA CRD, no permission to list nodes) are reported once and skipped.
 */
public final class KubernetesObserver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KubernetesObserver.class);

    /** KEDA's ScaledObject, watched as a generic resource so no KEDA model classes are needed. */
    public static final ResourceDefinitionContext SCALED_OBJECTS = new ResourceDefinitionContext.Builder()
            .withGroup("keda.sh").withVersion("v1alpha1").withKind("ScaledObject").withPlural("scaledobjects")
            .withNamespaced(true).build();

    /** The pod conditions followed, in the order a starting pod passes them. */
    private static final List<String> CONDITIONS = List.of("PodScheduled", "Initialized", "ContainersReady", "Ready");

    private final KubernetesClient client;
    private final String namespace;
    private final String deployment;
    private final Timeline timeline;
    private final boolean watchNodes;
    private final List<SharedIndexInformer<?>> informers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Object deploymentLock = new Object();
    private final Map<String, PodState> pods = new ConcurrentHashMap<>();
    private final Map<String, Object> lastPublished = new ConcurrentHashMap<>();
    private volatile Deployment latest;
    private volatile SharedIndexInformer<Pod> podInformer;

    public KubernetesObserver(KubernetesClient client, String namespace, String deployment, Timeline timeline,
                              boolean watchNodes) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.deployment = Objects.requireNonNull(deployment, "deployment");
        this.timeline = Objects.requireNonNull(timeline, "timeline");
        this.watchNodes = watchNodes;
    }

    /** Starts the informers; the pod informer follows once the Deployment (and so its selector) is seen. */
    public KubernetesObserver start() {
        tryInform("deployment " + deployment, () -> client.apps().deployments().inNamespace(namespace)
                .withName(deployment).inform(handler(this::onDeployment, d -> onDeploymentDeleted()), 0));
        tryInform("horizontal pod autoscalers", () -> client.autoscaling().v2().horizontalPodAutoscalers()
                .inNamespace(namespace).inform(handler(this::onHpa, h -> { }), 0));
        tryInform("KEDA scaled objects", () -> client.genericKubernetesResources(SCALED_OBJECTS).inNamespace(namespace)
                .inform(handler(this::onScaledObject, s -> { }), 0));
        if (watchNodes) {
            tryInform("nodes", () -> client.nodes().inform(handler(this::onNode, this::onNodeDeleted), 0));
        }
        return this;
    }

    /** Pods of the Deployment as last seen: created and not being deleted. */
    public int replicas() {
        Deployment d = latest;
        return d == null || d.getStatus() == null || d.getStatus().getReplicas() == null ? 0 : d.getStatus().getReplicas();
    }

    /** Ready pods of the Deployment as last seen. */
    public int readyReplicas() {
        Deployment d = latest;
        return d == null || d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0
                : d.getStatus().getReadyReplicas();
    }

    /** True once the Deployment has been seen. */
    public boolean sawDeployment() {
        return latest != null;
    }

    // ---- the Deployment ----

    private void onDeployment(Deployment d) {
        synchronized (deploymentLock) {
            publishDeployment(d);
        }
    }

    private void publishDeployment(Deployment d) {
        latest = d;
        Integer desired = d.getSpec() == null ? null : d.getSpec().getReplicas();
        Integer current = d.getStatus() == null ? null : d.getStatus().getReplicas();
        Integer ready = d.getStatus() == null ? null : d.getStatus().getReadyReplicas();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("deployment", deployment);
        values.put("desired", orZero(desired));
        values.put("current", orZero(current));
        values.put("ready", orZero(ready));
        publishIfChanged("replicas", values);
        if (podInformer == null && d.getSpec() != null && d.getSpec().getSelector() != null
                && d.getSpec().getSelector().getMatchLabels() != null) {
            Map<String, String> labels = d.getSpec().getSelector().getMatchLabels();
            tryInform("pods of " + deployment, () -> {
                SharedIndexInformer<Pod> informer = client.pods().inNamespace(namespace).withLabels(labels)
                        .inform(handler(this::onPod, this::onPodDeleted), 0);
                podInformer = informer;
                return informer;
            });
        }
    }

    private void onDeploymentDeleted() {
        latest = null;
        publishIfChanged("replicas", Map.of("deployment", deployment, "desired", 0, "current", 0, "ready", 0,
                "deleted", true));
    }

    // ---- pods ----

    /** What has been recorded of one pod, so each step is recorded once. */
    private static final class PodState {
        final java.util.Set<String> trueConditions = new java.util.HashSet<>();
        boolean started;
        boolean terminating;
        String ended;
    }

    private void onPod(Pod pod) {
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
                recordPod(name, "Pending", node, "Created", pod.getMetadata().getCreationTimestamp());
            }
            Map<String, PodCondition> conditions = new HashMap<>();
            if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
                pod.getStatus().getConditions().forEach(c -> conditions.put(c.getType(), c));
            }
            for (String type : CONDITIONS) {
                PodCondition c = conditions.get(type);
                boolean isTrue = c != null && "True".equals(c.getStatus());
                if (isTrue && state.trueConditions.add(type)) {
                    recordPod(name, phaseFor(type), node, type, c.getLastTransitionTime());
                } else if (!isTrue && c != null && state.trueConditions.remove(type) && "Ready".equals(type)) {
                    recordPod(name, "Running", node, "NotReady", c.getLastTransitionTime());
                }
                if ("Initialized".equals(type) && !state.started) {
                    String startedAt = runningSince(pod);
                    if (startedAt != null) {
                        state.started = true;
                        recordPod(name, "Running", node, "ContainerStarted", startedAt);
                    }
                }
            }
            if (!state.started && runningSince(pod) != null) {
                state.started = true;
                recordPod(name, "Running", node, "ContainerStarted", runningSince(pod));
            }
            if (!state.terminating && pod.getMetadata().getDeletionTimestamp() != null) {
                state.terminating = true;
                recordPod(name, "Terminating", node, "DeletionRequested", pod.getMetadata().getDeletionTimestamp());
            }
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if (state.ended == null && ("Succeeded".equals(phase) || "Failed".equals(phase))) {
                state.ended = phase;
                recordPod(name, phase, node, "Ended", null);
            }
        }
    }

    private void onPodDeleted(Pod pod) {
        String name = pod.getMetadata().getName();
        PodState state = pods.remove(name);
        recordPod(name, "Deleted", pod.getSpec() == null ? null : pod.getSpec().getNodeName(), "Deleted", null);
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

    private void recordPod(String pod, String phase, String node, String condition, String conditionTime) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("pod", pod);
        values.put("phase", phase);
        values.put("node", node);
        values.put("condition", condition);
        Long at = epochMillis(conditionTime);
        if (at != null) {
            values.put("conditionTime", at);
        }
        timeline.record("pod", values);
    }

    // ---- KEDA's HPA and ScaledObject ----

    private void onHpa(HorizontalPodAutoscaler hpa) {
        if (hpa.getSpec() == null || hpa.getSpec().getScaleTargetRef() == null
                || !deployment.equals(hpa.getSpec().getScaleTargetRef().getName())) {
            return;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("hpa", hpa.getMetadata().getName());
        values.put("current", hpa.getStatus() == null ? 0 : orZero(hpa.getStatus().getCurrentReplicas()));
        values.put("desired", hpa.getStatus() == null ? 0 : orZero(hpa.getStatus().getDesiredReplicas()));
        values.put("min", orZero(hpa.getSpec().getMinReplicas()));
        values.put("max", orZero(hpa.getSpec().getMaxReplicas()));
        String metric = metricValue(hpa);
        if (metric != null) {
            values.put("metric", metric);
        }
        publishIfChanged("hpa", values);
    }

    private static String metricValue(HorizontalPodAutoscaler hpa) {
        if (hpa.getStatus() == null || hpa.getStatus().getCurrentMetrics() == null) {
            return null;
        }
        for (MetricStatus m : hpa.getStatus().getCurrentMetrics()) {
            if (m.getExternal() != null && m.getExternal().getCurrent() != null) {
                var current = m.getExternal().getCurrent();
                var quantity = current.getAverageValue() != null ? current.getAverageValue() : current.getValue();
                if (quantity != null) {
                    return quantity.toString();
                }
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private void onScaledObject(GenericKubernetesResource so) {
        Object spec = so.getAdditionalProperties().get("spec");
        Object target = spec instanceof Map<?, ?> s ? s.get("scaleTargetRef") : null;
        Object targetName = target instanceof Map<?, ?> t ? t.get("name") : null;
        if (!deployment.equals(targetName)) {
            return;
        }
        Map<String, Object> conditions = new LinkedHashMap<>();
        Object status = so.getAdditionalProperties().get("status");
        Object list = status instanceof Map<?, ?> st ? st.get("conditions") : null;
        if (list instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> c && c.get("type") != null) {
                    conditions.put(String.valueOf(c.get("type")), c.get("status"));
                }
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("scaledObject", so.getMetadata().getName());
        values.put("action", "True".equals(conditions.get("Active")) ? "active" : "idle");
        values.put("conditions", conditions);
        if (status instanceof Map<?, ?> st && st.get("lastActiveTime") != null) {
            values.put("lastActive", epochMillis(String.valueOf(st.get("lastActiveTime"))));
        }
        publishIfChanged("keda", values);
    }

    // ---- nodes ----

    private void onNode(Node node) {
        boolean ready = node.getStatus() != null && node.getStatus().getConditions() != null && node.getStatus()
                .getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("node", node.getMetadata().getName());
        values.put("state", ready ? "Ready" : "Provisioning");
        values.put("pool", pool(node));
        publishIfChanged("node/" + node.getMetadata().getName(), "node", values);
    }

    private void onNodeDeleted(Node node) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("node", node.getMetadata().getName());
        values.put("state", "Removed");
        values.put("pool", pool(node));
        publishIfChanged("node/" + node.getMetadata().getName(), "node", values);
    }

    private static String pool(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        if (labels == null) {
            return null;
        }
        return labels.getOrDefault("kubernetes.azure.com/agentpool", labels.get("agentpool"));
    }

    // ---- plumbing ----

    private void publishIfChanged(String kind, Map<String, Object> values) {
        publishIfChanged(kind, kind, values);
    }

    /** Records only when the values differ from the last record under the same key (resyncs repeat objects). */
    private void publishIfChanged(String key, String kind, Map<String, Object> values) {
        Object previous = lastPublished.put(key, values);
        if (!values.equals(previous)) {
            timeline.record(kind, values);
        }
    }

    private void tryInform(String what, java.util.function.Supplier<SharedIndexInformer<?>> start) {
        try {
            informers.add(start.get());
        } catch (RuntimeException e) {
            log.warn("kubernetes observer: not watching {} ({})", what, firstLine(e));
        }
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> upsert, Consumer<T> delete) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                upsert.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                upsert.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                delete.accept(obj);
            }
        };
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static Long epochMillis(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(timestamp).toEpochMilli();
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        for (SharedIndexInformer<?> informer : informers) {
            try {
                informer.close();
            } catch (RuntimeException e) {
                log.debug("closing an informer failed: {}", e.toString());
            }
        }
        informers.clear();
    }
}
