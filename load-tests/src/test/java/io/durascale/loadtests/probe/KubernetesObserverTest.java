package io.durascale.loadtests.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.run.timeline.Timeline;
import io.durascale.run.timeline.TimelineEvent;
import io.durascale.run.timeline.TimelineEvent.HpaDecision;
import io.durascale.run.timeline.TimelineEvent.KedaDecision;
import io.durascale.run.timeline.TimelineEvent.NodeChange;
import io.durascale.run.timeline.TimelineEvent.PodPhase;
import io.durascale.run.timeline.TimelineEvent.Replicas;
import io.durascale.run.timeline.TimelineFile;
import io.durascale.testkit.Await;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
        awaitRecord(PodPhase.class, r -> "Pending".equals(r.phase()));

        pod = withConditions(pod, "node-1", condition("PodScheduled", "2026-11-21T20:00:01Z"));
        awaitRecord(PodPhase.class, r -> "PodScheduled".equals(r.condition()));
        pod = withConditions(pod, "node-1", condition("PodScheduled", "2026-11-21T20:00:01Z"),
                condition("Initialized", "2026-11-21T20:00:02Z"));
        pod = withConditions(pod, "node-1", condition("PodScheduled", "2026-11-21T20:00:01Z"),
                condition("Initialized", "2026-11-21T20:00:02Z"), condition("ContainersReady", "2026-11-21T20:00:05Z"),
                condition("Ready", "2026-11-21T20:00:05Z"));
        client.apps().deployments().inNamespace(NS).resource(deployment(1, 1, 1)).update();

        awaitRecord(PodPhase.class, r -> "Ready".equals(r.phase()));
        awaitRecord(Replicas.class, r -> r.ready() == 1);
        List<PodPhase> pods = records(PodPhase.class);
        assertThat(pods).extracting(PodPhase::condition)
                .containsExactly("Created", "PodScheduled", "Initialized", "ContainersReady", "Ready");
        assertThat(pods).extracting(PodPhase::phase)
                .containsExactly("Pending", "ContainerCreating", "ContainerCreating", "Running", "Ready");
        PodPhase ready = pods.get(4);
        assertThat(ready.node()).isEqualTo("node-1");
        assertThat(ready.conditionTime()).isEqualTo(Instant.parse("2026-11-21T20:00:05Z").toEpochMilli());
        // The record's time is when the event arrived, not the condition's rounded timestamp.
        assertThat(ready.t()).isGreaterThan(ready.conditionTime());
        assertThat(observer.replicas()).isEqualTo(1);
        assertThat(observer.readyReplicas()).isEqualTo(1);

        client.pods().inNamespace(NS).withName("worker-a").delete();
        awaitRecord(PodPhase.class, r -> "Deleted".equals(r.phase()));
        // A deleted Deployment is a line of zero replicas after the last one seen.
        client.apps().deployments().inNamespace(NS).withName("durascale-worker").delete();
        Await.until(Duration.ofSeconds(20), "zero replicas recorded after the deletion", () -> {
            List<Replicas> replicas = records(Replicas.class);
            Replicas last = replicas.get(replicas.size() - 1);
            return last.ready() == 0 && last.current() == 0 && last.desired() == 0;
        }, () -> records(Replicas.class).toString());
    }

    @Test
    void recordsKedasHpaAndScaledObjectForThisDeploymentOnlyAndNodes() {
        client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).resource(new HorizontalPodAutoscalerBuilder()
                .withNewMetadata().withName("keda-hpa-durascale-worker").endMetadata()
                .withNewSpec().withNewScaleTargetRef().withKind("Deployment").withName("durascale-worker")
                .withApiVersion("apps/v1").endScaleTargetRef().withMinReplicas(1).withMaxReplicas(10).endSpec()
                .withNewStatus().withCurrentReplicas(1).withDesiredReplicas(4).addNewCurrentMetric().withType("External")
                .withNewExternal().withNewMetric().withName("s0-azure-queue-compute-jobs").endMetric()
                .withNewCurrent().withAverageValue(new Quantity("2500m")).endCurrent().endExternal().endCurrentMetric()
                .endStatus().build()).create();
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

        awaitRecord(HpaDecision.class, r -> r.desired() == 4);
        awaitRecord(KedaDecision.class, r -> "active".equals(r.action()));
        awaitRecord(NodeChange.class, r -> "Ready".equals(r.state()) && "compute".equals(r.pool()));
        client.genericKubernetesResources(KubernetesObserver.SCALED_OBJECTS).inNamespace(NS).resource(scaledObject("False"))
                .update();
        awaitRecord(KedaDecision.class, r -> "idle".equals(r.action()));
        client.nodes().withName("aks-compute-1").delete();
        awaitRecord(NodeChange.class, r -> "Removed".equals(r.state()));

        assertThat(records(HpaDecision.class)).allSatisfy(r -> assertThat(r.hpa()).isEqualTo("keda-hpa-durascale-worker"));
        // The external metric's quantity is a number in the timeline: 2500m is 2.5.
        assertThat(records(HpaDecision.class)).first().satisfies(r -> {
            assertThat(r.metric()).isEqualTo(2.5);
            assertThat(r.current()).isEqualTo(1);
            assertThat(r.min()).isEqualTo(1);
            assertThat(r.max()).isEqualTo(10);
        });
        assertThat(records(KedaDecision.class)).first().satisfies(r -> {
            assertThat(r.scaledObject()).isEqualTo("durascale-worker");
            assertThat(r.conditions()).containsEntry("Ready", "True").containsEntry("Active", "True");
        });
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

    private <E extends TimelineEvent> List<E> records(Class<E> kind) {
        try {
            return TimelineFile.read(file).of(kind);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <E extends TimelineEvent> void awaitRecord(Class<E> kind, java.util.function.Predicate<E> match) {
        Await.until(Duration.ofSeconds(20), "a " + kind.getSimpleName() + " event that matches",
                () -> records(kind).stream().anyMatch(match), () -> records(kind).toString());
    }
}
