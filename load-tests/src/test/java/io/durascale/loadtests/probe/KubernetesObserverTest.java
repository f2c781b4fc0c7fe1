package io.durascale.loadtests.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.durascale.loadtests.RunMetrics;
import io.durascale.loadtests.RunMetrics.TimelineRecord;
import io.durascale.run.timeline.Timeline;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The observer against fabric8's Kubernetes mock server in CRUD mode: the test plays the cluster,
 * creating the worker Deployment, KEDA's HPA and ScaledObject, a node and pods, and moving the
 * pods through their conditions; the observer must turn each change into the timeline records
 * the report and the scale-up figures read.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesObserverTest {

    static KubernetesClient client;

    private static final java.util.concurrent.atomic.AtomicInteger NAMESPACES = new java.util.concurrent.atomic.AtomicInteger();
    private static final Map<String, String> LABELS = Map.of("app.kubernetes.io/name", "durascale-worker");

    @TempDir
    Path dir;
    private Path file;
    private Timeline timeline;
    private KubernetesObserver observer;
    /** A namespace per test: the mock server lives as long as the class. */
    private static String NS;

    @BeforeEach
    void start() {
        NS = "load-" + NAMESPACES.incrementAndGet();
        file = dir.resolve("timeline.jsonl");
        timeline = Timeline.to(file);
        client.apps().deployments().inNamespace(NS).resource(deployment(0, 0, 0)).create();
        observer = new KubernetesObserver(client, NS, "durascale-worker", timeline, true).start();
    }

    @AfterEach
    void stop() {
        if (observer != null) {
            observer.close();
        }
        timeline.close();
    }

    @Test
    void followsAPodThroughItsConditionsWithReceiveTimesAndTheSecondPrecisionConditionTimes() {
        client.apps().deployments().inNamespace(NS).resource(deployment(1, 0, 0)).update();
        Pod pod = client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("worker-a")
                .withLabels(LABELS).endMetadata().withNewSpec().addNewContainer().withName("worker").withImage("w")
                .endContainer().endSpec().build()).create();
        awaitRecord("pod", r -> "Pending".equals(r.text("phase")));

        pod = withConditions(pod, "node-1", condition("PodScheduled", "2026-11-21T20:00:01Z"));
        awaitRecord("pod", r -> "PodScheduled".equals(r.text("condition")));
        pod = withConditions(pod, "node-1", condition("PodScheduled", "2026-11-21T20:00:01Z"),
                condition("Initialized", "2026-11-21T20:00:02Z"));
        pod = withConditions(pod, "node-1", condition("PodScheduled", "2026-11-21T20:00:01Z"),
                condition("Initialized", "2026-11-21T20:00:02Z"), condition("ContainersReady", "2026-11-21T20:00:05Z"),
                condition("Ready", "2026-11-21T20:00:05Z"));
        client.apps().deployments().inNamespace(NS).resource(deployment(1, 1, 1)).update();

        awaitRecord("pod", r -> "Ready".equals(r.text("phase")));
        awaitRecord("replicas", r -> r.longValue("ready") == 1);
        List<TimelineRecord> pods = records("pod");
        assertThat(pods).extracting(r -> r.text("condition"))
                .containsExactly("Created", "PodScheduled", "Initialized", "ContainersReady", "Ready");
        assertThat(pods).extracting(r -> r.text("phase"))
                .containsExactly("Pending", "ContainerCreating", "ContainerCreating", "Running", "Ready");
        TimelineRecord ready = pods.get(4);
        assertThat(ready.text("node")).isEqualTo("node-1");
        assertThat(ready.longValue("conditionTime")).isEqualTo(Instant.parse("2026-11-21T20:00:05Z").toEpochMilli());
        // The record's time is when the event arrived, not the condition's rounded timestamp.
        assertThat(ready.t()).isGreaterThan(ready.longValue("conditionTime"));
        assertThat(observer.replicas()).isEqualTo(1);
        assertThat(observer.readyReplicas()).isEqualTo(1);

        client.pods().inNamespace(NS).withName("worker-a").delete();
        awaitRecord("pod", r -> "Deleted".equals(r.text("phase")));
    }

    @Test
    void recordsKedasHpaAndScaledObjectForThisDeploymentOnlyAndNodes() {
        client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).resource(new HorizontalPodAutoscalerBuilder()
                .withNewMetadata().withName("keda-hpa-durascale-worker").endMetadata()
                .withNewSpec().withNewScaleTargetRef().withKind("Deployment").withName("durascale-worker")
                .withApiVersion("apps/v1").endScaleTargetRef().withMinReplicas(1).withMaxReplicas(10).endSpec()
                .withNewStatus().withCurrentReplicas(1).withDesiredReplicas(4).endStatus().build()).create();
        client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).resource(new HorizontalPodAutoscalerBuilder()
                .withNewMetadata().withName("someone-else").endMetadata()
                .withNewSpec().withNewScaleTargetRef().withKind("Deployment").withName("other")
                .withApiVersion("apps/v1").endScaleTargetRef().withMaxReplicas(3).endSpec().build()).create();
        client.genericKubernetesResources(KubernetesObserver.SCALED_OBJECTS).inNamespace(NS).resource(scaledObject("True"))
                .create();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("aks-compute-1")
                .withLabels(Map.of("kubernetes.azure.com/agentpool", "compute")).endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build())
                .create();

        awaitRecord("hpa", r -> r.longValue("desired") == 4);
        awaitRecord("keda", r -> "active".equals(r.text("action")));
        awaitRecord("node", r -> "Ready".equals(r.text("state")) && "compute".equals(r.text("pool")));
        client.genericKubernetesResources(KubernetesObserver.SCALED_OBJECTS).inNamespace(NS).resource(scaledObject("False"))
                .update();
        awaitRecord("keda", r -> "idle".equals(r.text("action")));
        client.nodes().withName("aks-compute-1").delete();
        awaitRecord("node", r -> "Removed".equals(r.text("state")));

        assertThat(records("hpa")).allSatisfy(r -> assertThat(r.text("hpa")).isEqualTo("keda-hpa-durascale-worker"));
    }

    // ---- the cluster the test plays ----

    private static Deployment deployment(int desired, int current, int ready) {
        return new DeploymentBuilder().withNewMetadata().withName("durascale-worker").withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(desired).withNewSelector().withMatchLabels(LABELS).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(LABELS).endMetadata().withNewSpec().addNewContainer()
                .withName("worker").withImage("w").endContainer().endSpec().endTemplate().endSpec()
                .withNewStatus().withReplicas(current).withReadyReplicas(ready).endStatus().build();
    }

    private static PodCondition condition(String type, String at) {
        return new PodConditionBuilder().withType(type).withStatus("True").withLastTransitionTime(at).build();
    }

    private static Pod withConditions(Pod pod, String node, PodCondition... conditions) {
        Pod changed = new PodBuilder(client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).get())
                .editSpec().withNodeName(node).endSpec()
                .withNewStatus().withConditions(conditions).endStatus().build();
        return client.pods().inNamespace(NS).resource(changed).update();
    }

    private static GenericKubernetesResource scaledObject(String active) {
        return new GenericKubernetesResourceBuilder().withApiVersion("keda.sh/v1alpha1").withKind("ScaledObject")
                .withNewMetadata().withName("durascale-worker").withNamespace(NS).endMetadata()
                .addToAdditionalProperties("spec", Map.of("scaleTargetRef", Map.of("name", "durascale-worker")))
                .addToAdditionalProperties("status", Map.of("conditions", List.of(
                        Map.of("type", "Ready", "status", "True"), Map.of("type", "Active", "status", active))))
                .build();
    }

    // ---- reading the timeline ----

    private List<TimelineRecord> records(String kind) {
        List<TimelineRecord> out = new ArrayList<>();
        for (TimelineRecord r : RunMetrics.readTimeline(file)) {
            if (r.kind().equals(kind)) {
                out.add(r);
            }
        }
        return out;
    }

    private void awaitRecord(String kind, java.util.function.Predicate<TimelineRecord> match) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> records(kind).stream().anyMatch(match));
    }
}
