package io.durascale.pipeline.helm;

import static io.durascale.pipeline.helm.PipelineChartTest.BRIDGE;
import static io.durascale.pipeline.helm.PipelineChartTest.CHART;
import static io.durascale.pipeline.helm.PipelineChartTest.SCALER;
import static io.durascale.pipeline.helm.PipelineChartTest.TASKHUB;
import static io.durascale.pipeline.helm.PipelineChartTest.assertHealthProbes;
import static io.durascale.pipeline.helm.PipelineChartTest.assertSelects;
import static io.durascale.pipeline.helm.PipelineChartTest.containerPort;
import static io.durascale.pipeline.helm.PipelineChartTest.deployment;
import static io.durascale.pipeline.helm.PipelineChartTest.parse;
import static io.durascale.pipeline.helm.PipelineChartTest.render;
import static io.durascale.pipeline.helm.PipelineChartTest.renderYaml;
import static io.durascale.pipeline.helm.PipelineChartTest.secretRef;
import static io.durascale.pipeline.helm.PipelineChartTest.service;
import static io.durascale.pipeline.helm.PipelineChartTest.servicePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.durascale.pipeline.local.keda.AzureQueueTrigger;
import io.durascale.pipeline.local.keda.ExternalTrigger;
import io.durascale.pipeline.local.keda.ScaledObjectManifest;
import io.durascale.pipeline.local.keda.TriggerMetadata;
import io.durascale.pipeline.scaler.TaskHubScalerMetadata;
import io.durascale.pipeline.scaler.grpc.ScalerServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

/**
 * The chart's scaling parts, rendered by real Helm: the always-on task-hub scaler, the orchestration tier's
 * ScaledObject on it (read back by the local KEDA's own manifest reader, its metadata by the scaler's own parser),
 * and the bridge's ScaledObject on its two queues (each trigger read by the local KEDA's azure-queue parser).
 */
class PipelineChartScalingTest {

    private static final UnaryOperator<TemplateCommand> AUTOSCALED = t -> t.set("taskhub.autoscaling.enabled", true);

    @Test
    void theScalerIsASmallAlwaysOnDeploymentWithItsOwnServiceAndMetrics() {
        List<HasMetadata> objects = render(t -> t);
        Deployment scaler = deployment(objects, SCALER);
        assertThat(scaler.getSpec().getReplicas()).isEqualTo(1);
        Container container = scaler.getSpec().getTemplate().getSpec().getContainers().get(0);
        ParseResult args = parse(container, "scaler");
        assertThat(args.<String>matchedOptionValue("--bind", null)).isEqualTo("0.0.0.0");
        assertThat(args.<Integer>matchedOptionValue("--port", null)).isEqualTo(ScalerServer.DEFAULT_PORT);
        assertThat(args.<Integer>matchedOptionValue("--metrics-port", null)).isEqualTo(9466);
        assertThat(containerPort(container, "grpc")).isEqualTo(6000);
        assertThat(containerPort(container, "metrics")).isEqualTo(9466);
        assertHealthProbes(container, "metrics");
        assertThat(secretRef(container, "AZURE_STORAGE_CONNECTION_STRING").getName()).isEqualTo("durascale-storage");
        assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("384Mi");
        assertThat(scaler.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/port", "9466");

        Service service = service(objects, SCALER);
        assertSelects(service, scaler, deployment(objects, TASKHUB), deployment(objects, BRIDGE));
        assertThat(servicePort(service, "grpc").getPort()).isEqualTo(6000);
        assertThat(servicePort(service, "grpc").getAppProtocol()).isEqualTo("kubernetes.io/h2c");

        assertThat(render(t -> t.set("scaler.enabled", false).set("taskhub.autoscaling.enabled", false)))
                .noneMatch(o -> o.getMetadata().getName().equals(SCALER));
    }

    @Test
    void theOrchestrationTierIsAutoscaledByDefaultAndKeepsItsReplicasWhenNot() {
        assertThat(render(t -> t)).anyMatch(o -> o.getKind().equals("ScaledObject") && o.getMetadata().getName().equals(TASKHUB));
        List<HasMetadata> objects = render(t -> t.set("taskhub.autoscaling.enabled", false));
        assertThat(objects).noneMatch(o -> o.getKind().equals("ScaledObject") && o.getMetadata().getName().equals(TASKHUB));
        assertThat(deployment(objects, TASKHUB).getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void autoscaledTheTierScalesFromZeroOnTheScalerWithTheSameSettingsAsTheTaskHub() {
        List<HasMetadata> objects = render(AUTOSCALED);
        assertThat(deployment(objects, TASKHUB).getSpec().getReplicas()).as("KEDA owns the replicas").isNull();

        ScaledObjectManifest manifest = ScaledObjectManifest.parse(document(AUTOSCALED, "taskhub-scaledobject.yaml"),
                "taskhub-scaledobject.yaml");
        assertThat(manifest.name()).isEqualTo(TASKHUB);
        assertThat(manifest.scaleTargetName()).isEqualTo(TASKHUB);
        assertThat(manifest.spec().minReplicaCount()).isZero();
        assertThat(manifest.spec().maxReplicaCount()).as("one host per partition").isEqualTo(4);
        assertThat(manifest.spec().pollingInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(manifest.spec().cooldownPeriod()).isEqualTo(Duration.ofSeconds(300));

        ExternalTrigger trigger = (ExternalTrigger) manifest.spec().trigger();
        Service scaler = service(objects, SCALER);
        assertThat(trigger.scalerAddress()).isEqualTo(scaler.getMetadata().getName() + ":"
                + servicePort(scaler, "grpc").getPort());
        TaskHubScalerMetadata metadata = TaskHubScalerMetadata.parse(trigger.metadata());
        ParseResult taskhub = parse(PipelineChartTest.container(objects, TASKHUB), "taskhub");
        assertThat(metadata.hub()).isEqualTo(taskhub.<String>matchedOptionValue("--hub", null));
        assertThat(metadata.partitionCount()).isEqualTo(taskhub.<Integer>matchedOptionValue("--partitions", null));
        assertThat(metadata.pollingInterval()).as("the scaler looks as far ahead as KEDA polls")
                .isEqualTo(manifest.spec().pollingInterval());
        assertThat(metadata.maxActivitiesPerWorker()).isEqualTo(10);
        assertThat(metadata.maxOrchestrationsPerWorker()).isEqualTo(10);
        assertThat(metadata.connection()).as("the scaler reads with its own Secret; no key in the trigger").isEmpty();
    }

    @Test
    void everyAutoscalingValueReachesTheScaledObjectAndTheScaler() {
        UnaryOperator<TemplateCommand> values = t -> t.set("taskhub.autoscaling.enabled", true).set("partitions", 8)
                .set("hubName", "PerfHub").set("scaler.port", 7000)
                .set("taskhub.autoscaling.minReplicaCount", 1).set("taskhub.autoscaling.maxReplicaCount", 12)
                .set("taskhub.autoscaling.pollingInterval", 10).set("taskhub.autoscaling.cooldownPeriod", 60)
                .set("taskhub.autoscaling.maxActivitiesPerWorker", 40)
                .set("taskhub.autoscaling.maxOrchestrationsPerWorker", 25);
        ScaledObjectManifest manifest = ScaledObjectManifest.parse(document(values, "taskhub-scaledobject.yaml"), "so.yaml");
        assertThat(manifest.spec().minReplicaCount()).isEqualTo(1);
        assertThat(manifest.spec().maxReplicaCount()).isEqualTo(12);
        assertThat(manifest.spec().cooldownPeriod()).isEqualTo(Duration.ofSeconds(60));
        ExternalTrigger trigger = (ExternalTrigger) manifest.spec().trigger();
        assertThat(trigger.scalerAddress()).isEqualTo(SCALER + ":7000");
        assertThat(TaskHubScalerMetadata.parse(trigger.metadata())).isEqualTo(new TaskHubScalerMetadata("PerfHub", 8, 40, 25,
                Duration.ofSeconds(10), Optional.empty()));
        assertThat(parse(PipelineChartTest.container(render(values), SCALER), "scaler")
                .<Integer>matchedOptionValue("--port", null)).isEqualTo(7000);
    }

    @Test
    void theBridgeScalesFromZeroOnItsTwoQueuesWithTheStorageSecret() {
        List<HasMetadata> objects = render(t -> t);
        assertThat(deployment(objects, BRIDGE).getSpec().getReplicas()).as("KEDA owns the replicas").isNull();
        GenericKubernetesResource so = objects.stream().filter(GenericKubernetesResource.class::isInstance)
                .map(GenericKubernetesResource.class::cast).filter(o -> o.getKind().equals("ScaledObject")).findFirst().orElseThrow();
        GenericKubernetesResource auth = objects.stream().filter(GenericKubernetesResource.class::isInstance)
                .map(GenericKubernetesResource.class::cast).filter(o -> o.getKind().equals("TriggerAuthentication")).findFirst()
                .orElseThrow();
        assertThat(so.<String>get("spec", "scaleTargetRef", "name")).isEqualTo(BRIDGE);
        assertThat(so.<Integer>get("spec", "minReplicaCount")).isZero();
        assertThat(so.<Integer>get("spec", "maxReplicaCount")).isEqualTo(4);
        List<Map<String, Object>> triggers = so.get("spec", "triggers");
        assertThat(triggers).hasSize(2);
        AzureQueueTrigger completions = azureQueue(triggers.get(0));
        assertThat(completions.queueName()).isEqualTo("compute-completions");
        assertThat(completions.queueLength()).isEqualTo(5);
        assertThat(completions.connection()).isEqualTo(AzureQueueTrigger.Connection.authenticationRef(BRIDGE));
        // The local KEDA refuses a poison queue as a worker's jobs queue, so the second trigger is compared, not parsed.
        @SuppressWarnings("unchecked")
        Map<String, String> poison = (Map<String, String>) triggers.get(1).get("metadata");
        assertThat(triggers.get(1).get("type")).isEqualTo(AzureQueueTrigger.TYPE);
        assertThat(poison).isEqualTo(Map.of("queueName", "compute-jobs-poison", "queueLength", "5"));
        assertThat(triggers.get(1).get("authenticationRef")).isEqualTo(triggers.get(0).get("authenticationRef"));
        assertThat(auth.getMetadata().getName()).isEqualTo(BRIDGE);
        List<Map<String, Object>> refs = auth.get("spec", "secretTargetRef");
        assertThat(refs).singleElement().isEqualTo(Map.of("parameter", "connection", "name", "durascale-storage",
                "key", "connectionString"));

        assertThat(render(t -> t.set("bridge.autoscaling.enabled", false)))
                .noneMatch(o -> o.getKind().equals("ScaledObject") && o.getMetadata().getName().equals(BRIDGE));
    }

    @Test
    void scalingValuesThatCannotWorkFailTheRenderWithOneSentence() {
        assertThatThrownBy(() -> render(AUTOSCALED.andThen(t -> t.set("scaler.enabled", false))::apply))
                .hasMessageContaining("taskhub.autoscaling.enabled needs scaler.enabled");
        assertThatThrownBy(() -> render(AUTOSCALED.andThen(t -> t.set("taskhub.autoscaling.minReplicaCount", 5))::apply))
                .hasMessageContaining("taskhub.autoscaling needs 0 <= minReplicaCount <= maxReplicaCount and maxReplicaCount >= 1, got 5 and 4");
        assertThatThrownBy(() -> render(AUTOSCALED.andThen(t -> t.set("taskhub.autoscaling.maxActivitiesPerWorker", 0))::apply))
                .hasMessageContaining("taskhub.autoscaling.maxActivitiesPerWorker must be at least 1, got 0");
        assertThatThrownBy(() -> render(AUTOSCALED.andThen(t -> t.set("taskhub.autoscaling.pollingInterval", 0))::apply))
                .hasMessageContaining("taskhub.autoscaling.pollingInterval must be 1-86400 seconds, got 0");
        assertThatThrownBy(() -> render(t -> t.set("scaler.metricsPort", 6000)))
                .hasMessageContaining("scaler.port and scaler.metricsPort must differ, both are 6000");
        assertThatThrownBy(() -> render(t -> t.set("bridge.autoscaling.queueLength", 0)))
                .hasMessageContaining("bridge.autoscaling.queueLength must be at least 1, got 0");
        assertThatThrownBy(() -> render(t -> t.set("taskhub.scaleInGraceSeconds", 30)))
                .hasMessageContaining("taskhub.scaleInGraceSeconds must be 0 or more and under terminationGracePeriodSeconds (30), got 30");
        assertThat(render(AUTOSCALED.andThen(t -> t.set("taskhub.replicas", 0))::apply)).as("replicas are KEDA's then")
                .anyMatch(o -> o.getMetadata().getName().equals(TASKHUB));
    }

    /** One rendered document, by the template it came from (Helm's {@code # Source:} line). */
    private static String document(UnaryOperator<TemplateCommand> values, String template) {
        String yaml = renderYaml(new Helm(CHART).template(), values);
        return Arrays.stream(yaml.split("(?m)^---$"))
                .filter(doc -> doc.contains("# Source: durascale-pipeline/templates/" + template)).findFirst()
                .orElseThrow(() -> new AssertionError("no document from " + template));
    }

    @SuppressWarnings("unchecked")
    private static AzureQueueTrigger azureQueue(Map<String, Object> trigger) {
        assertThat(trigger.get("type")).isEqualTo(AzureQueueTrigger.TYPE);
        Map<String, String> metadata = (Map<String, String>) trigger.get("metadata");
        Map<String, String> ref = (Map<String, String>) trigger.get("authenticationRef");
        return AzureQueueTrigger.parse(TriggerMetadata.of(metadata, "trigger.metadata"), Optional.ofNullable(ref.get("name")));
    }
}
