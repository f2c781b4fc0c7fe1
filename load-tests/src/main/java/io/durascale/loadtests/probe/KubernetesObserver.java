package io.durascale.loadtests.probe;

import io.durascale.run.timeline.Timeline;
import io.durascale.run.timeline.TimelineEvent;
import io.durascale.run.timeline.TimelineEvent.HpaDecision;
import io.durascale.run.timeline.TimelineEvent.KedaDecision;
import io.durascale.run.timeline.TimelineEvent.NodeChange;
import io.durascale.run.timeline.TimelineEvent.Replicas;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a worker Deployment in a cluster with fabric8 informers and writes what it sees into the
 * timeline, in the same kinds the local autoscaler writes: {@code replicas} (the Deployment),
 * {@code pod} (each pod's way through its conditions, {@link PodTrail}), {@code hpa} (KEDA's HorizontalPodAutoscaler),
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

    private final KubernetesClient client;
    private final String namespace;
    private final String deployment;
    private final Timeline timeline;
    private final boolean watchNodes;
    private final List<SharedIndexInformer<?>> informers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Object deploymentLock = new Object();
    private final PodTrail pods;
    private final Map<String, TimelineEvent> lastPublished = new ConcurrentHashMap<>();
    private volatile Deployment latest;
    private volatile SharedIndexInformer<Pod> podInformer;

    public KubernetesObserver(KubernetesClient client, String namespace, String deployment, Timeline timeline,
                              boolean watchNodes) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.deployment = Objects.requireNonNull(deployment, "deployment");
        this.timeline = Objects.requireNonNull(timeline, "timeline");
        this.watchNodes = watchNodes;
        this.pods = new PodTrail(timeline);
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
        publishIfChanged("replicas", t -> new Replicas(t, deployment, orZero(desired), orZero(current), orZero(ready)));
        if (podInformer == null && d.getSpec() != null && d.getSpec().getSelector() != null
                && d.getSpec().getSelector().getMatchLabels() != null) {
            Map<String, String> labels = d.getSpec().getSelector().getMatchLabels();
            tryInform("pods of " + deployment, () -> {
                SharedIndexInformer<Pod> informer = client.pods().inNamespace(namespace).withLabels(labels)
                        .inform(handler(pods::onPod, pods::onPodDeleted), 0);
                podInformer = informer;
                return informer;
            });
        }
    }

    private void onDeploymentDeleted() {
        latest = null;
        // Always a line, even when the last one already read zero: the deletion is an event of its own.
        publish("replicas", t -> new Replicas(t, deployment, 0, 0, 0));
    }

    // ---- KEDA's HPA and ScaledObject ----

    private void onHpa(HorizontalPodAutoscaler hpa) {
        if (hpa.getSpec() == null || hpa.getSpec().getScaleTargetRef() == null
                || !deployment.equals(hpa.getSpec().getScaleTargetRef().getName())) {
            return;
        }
        String name = hpa.getMetadata().getName();
        int current = hpa.getStatus() == null ? 0 : orZero(hpa.getStatus().getCurrentReplicas());
        int desired = hpa.getStatus() == null ? 0 : orZero(hpa.getStatus().getDesiredReplicas());
        int min = orZero(hpa.getSpec().getMinReplicas());
        int max = orZero(hpa.getSpec().getMaxReplicas());
        Double metric = metricValue(hpa);
        publishIfChanged("hpa", t -> new HpaDecision(t, null, name, current, null, metric, null, null, null, desired, null,
                null, min, max));
    }

    /** The external metric's current value as a number: a Kubernetes quantity such as {@code 7} or {@code 2500m}. */
    private static Double metricValue(HorizontalPodAutoscaler hpa) {
        if (hpa.getStatus() == null || hpa.getStatus().getCurrentMetrics() == null) {
            return null;
        }
        for (MetricStatus m : hpa.getStatus().getCurrentMetrics()) {
            if (m.getExternal() != null && m.getExternal().getCurrent() != null) {
                var current = m.getExternal().getCurrent();
                var quantity = current.getAverageValue() != null ? current.getAverageValue() : current.getValue();
                if (quantity != null) {
                    return quantity.getNumericalAmount().doubleValue();
                }
            }
        }
        return null;
    }

    private void onScaledObject(GenericKubernetesResource so) {
        Object spec = so.getAdditionalProperties().get("spec");
        Object target = spec instanceof Map<?, ?> s ? s.get("scaleTargetRef") : null;
        Object targetName = target instanceof Map<?, ?> t ? t.get("name") : null;
        if (!deployment.equals(targetName)) {
            return;
        }
        Map<String, String> conditions = new LinkedHashMap<>();
        Object status = so.getAdditionalProperties().get("status");
        Object list = status instanceof Map<?, ?> st ? st.get("conditions") : null;
        if (list instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> c && c.get("type") != null) {
                    conditions.put(String.valueOf(c.get("type")), c.get("status") == null ? null : String.valueOf(c.get("status")));
                }
            }
        }
        String name = so.getMetadata().getName();
        String action = "True".equals(conditions.get("Active")) ? "active" : "idle";
        Long lastActive = status instanceof Map<?, ?> st && st.get("lastActiveTime") != null
                ? epochMillis(String.valueOf(st.get("lastActiveTime"))) : null;
        publishIfChanged("keda", t -> new KedaDecision(t, null, action, null, null, lastActive, null, null, name,
                conditions));
    }

    // ---- nodes ----

    private void onNode(Node node) {
        boolean ready = node.getStatus() != null && node.getStatus().getConditions() != null && node.getStatus()
                .getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        publishNode(node, ready ? "Ready" : "Provisioning");
    }

    private void onNodeDeleted(Node node) {
        publishNode(node, "Removed");
    }

    private void publishNode(Node node, String state) {
        String name = node.getMetadata().getName();
        String pool = pool(node);
        publishIfChanged("node/" + name, t -> new NodeChange(t, name, state, null, null, pool));
    }

    private static String pool(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        if (labels == null) {
            return null;
        }
        return labels.getOrDefault("kubernetes.azure.com/agentpool", labels.get("agentpool"));
    }

    // ---- plumbing ----

    /**
     * Records the event made at this moment only when its values differ from the last one under the same key
     * (informer resyncs repeat unchanged objects); the values are compared as the event made at time 0.
     */
    private void publishIfChanged(String key, LongFunction<TimelineEvent> event) {
        TimelineEvent values = event.apply(0);
        TimelineEvent previous = lastPublished.put(key, values);
        if (!values.equals(previous)) {
            timeline.record(event.apply(System.currentTimeMillis()));
        }
    }

    /** Records the event made at this moment, and keeps its values for {@link #publishIfChanged}. */
    private void publish(String key, LongFunction<TimelineEvent> event) {
        lastPublished.put(key, event.apply(0));
        timeline.record(event.apply(System.currentTimeMillis()));
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

    static Long epochMillis(String timestamp) {
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
