package io.durascale.worker.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.durascale.worker.cli.WorkerCli;
import io.durascale.worker.consumer.ConsumerSettings;
import io.durascale.core.cli.Durations;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart, linted and rendered by real Helm (helm-java), and its objects checked field by field. */
class HelmChartTest {

    private static final Path CHART = Path.of("src", "main", "helm", "durascale-worker");
    private static final String RELEASE = "perf";
    private static final String FULLNAME = "perf-durascale-worker";

    @Test
    void chartLintsCleanly() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as("lint messages: %s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).noneMatch(message -> message.contains("[ERROR]") || message.contains("[WARNING]"));
    }

    @Test
    void defaultsRenderADeploymentScaledFromZeroByAnAzureQueueScaledObject() {
        List<HasMetadata> objects = render(template -> template);
        assertThat(objects).extracting(HasMetadata::getKind)
                .containsExactlyInAnyOrder("TriggerAuthentication", "Deployment", "ScaledObject");

        Deployment deployment = only(objects, Deployment.class);
        assertThat(deployment.getMetadata().getName()).isEqualTo(FULLNAME);
        assertThat(deployment.getSpec().getReplicas()).as("replicas are KEDA's, not Helm's").isNull();
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container worker = pod.getContainers().get(0);
        assertThat(worker.getImage()).isEqualTo("durascale/worker:0.1.0");
        assertThat(worker.getArgs()).contains("run", "--queue=compute-jobs", "--concurrency=1", "--visibility-timeout=30s",
                "--max-dequeue-count=5", "--drain-grace=25s", "--http-port=8080").noneMatch(a -> a.startsWith("--exit-when-idle"));
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(drainGrace(worker).toSeconds());
        assertProbes(worker, true);
        assertConnectionFromSecret(worker, "durascale-storage");
        assertThat(worker.getResources().getRequests()).containsEntry("cpu", new Quantity("1"))
                .containsEntry("memory", new Quantity("512Mi"));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/port", "8080");
        assertThat(deployment.getSpec().getSelector().getMatchLabels())
                .isEqualTo(Map.of("app.kubernetes.io/name", "durascale-worker", "app.kubernetes.io/instance", RELEASE));
        assertArgsParse(worker);

        GenericKubernetesResource scaledObject = only(objects, "ScaledObject");
        assertThat(scaledObject.getApiVersion()).isEqualTo("keda.sh/v1alpha1");
        assertThat((String) scaledObject.get("spec", "scaleTargetRef", "name")).isEqualTo(FULLNAME);
        assertThat((String) scaledObject.get("spec", "scaleTargetRef", "kind")).isEqualTo("Deployment");
        assertThat((Integer) scaledObject.get("spec", "minReplicaCount")).isZero();
        assertThat((Integer) scaledObject.get("spec", "maxReplicaCount")).isEqualTo(10);
        assertThat((Integer) scaledObject.get("spec", "pollingInterval")).isEqualTo(30);
        assertThat((Integer) scaledObject.get("spec", "cooldownPeriod")).isEqualTo(300);
        Object advanced = scaledObject.get("spec", "advanced");
        assertThat(advanced).as("no HPA behaviour unless asked for").isNull();
        assertTrigger(scaledObject, "compute-jobs", "5", "0", "all");

        GenericKubernetesResource auth = only(objects, "TriggerAuthentication");
        assertThat(auth.getMetadata().getName()).isEqualTo(FULLNAME);
        assertThat((List<?>) auth.get("spec", "secretTargetRef")).hasSize(1);
        assertThat((String) auth.get("spec", "secretTargetRef", 0, "parameter")).isEqualTo("connection");
        assertThat((String) auth.get("spec", "secretTargetRef", 0, "name")).isEqualTo("durascale-storage");
        assertThat((String) auth.get("spec", "secretTargetRef", 0, "key")).isEqualTo("connectionString");
    }

    @Test
    void chartDefaultsAgreeWithTheWorkersDefaults() {
        Container worker = only(render(t -> t), Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(worker.getArgs()).contains(
                "--max-dequeue-count=" + ConsumerSettings.DEFAULT_MAX_DEQUEUE_COUNT,
                "--visibility-timeout=" + Durations.format(ConsumerSettings.DEFAULT_VISIBILITY_TIMEOUT),
                "--drain-grace=" + Durations.format(ConsumerSettings.DEFAULT_DRAIN_GRACE));
    }

    @Test
    void scaledJobModeRendersJobsThatExitWhenIdleAndNoDeployment() {
        List<HasMetadata> objects = render(t -> t.set("mode", "scaledJob").set("keda.maxReplicaCount", 20)
                .set("worker.exitWhenIdleSeconds", 45));
        assertThat(objects).extracting(HasMetadata::getKind)
                .containsExactlyInAnyOrder("TriggerAuthentication", "ScaledJob");

        GenericKubernetesResource job = only(objects, "ScaledJob");
        assertThat((Integer) job.get("spec", "maxReplicaCount")).isEqualTo(20);
        assertThat((Integer) job.get("spec", "minReplicaCount")).isZero();
        assertThat((Integer) job.get("spec", "pollingInterval")).isEqualTo(30);
        assertThat((String) job.get("spec", "scalingStrategy", "strategy")).isEqualTo("accurate");
        assertThat((Integer) job.get("spec", "jobTargetRef", "backoffLimit")).isEqualTo(2);
        assertTrigger(job, "compute-jobs", "5", "0", "all");

        // The pod template, read back through the typed model.
        KubernetesSerialization serialization = new KubernetesSerialization();
        PodSpec pod = serialization.convertValue(job.get("spec", "jobTargetRef", "template", "spec"), PodSpec.class);
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        Container worker = pod.getContainers().get(0);
        assertThat(worker.getArgs()).contains("--exit-when-idle=45s");
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(drainGrace(worker).toSeconds());
        assertProbes(worker, false);
        assertConnectionFromSecret(worker, "durascale-storage");
        assertArgsParse(worker);
    }

    @Test
    void customHpaBehaviourIsCopiedIntoTheScaledObject(@TempDir Path dir) throws IOException {
        Path values = dir.resolve("behaviour.yaml");
        Files.writeString(values, String.join("\n",
                "keda:",
                "  minReplicaCount: 1",
                "  maxReplicaCount: 50",
                "  queueLength: 8",
                "  activationQueueLength: 3",
                "  queueLengthStrategy: visibleonly",
                "  pollingInterval: 5",
                "  cooldownPeriod: 60",
                "  hpaBehavior:",
                "    scaleDown:",
                "      stabilizationWindowSeconds: 60",
                "      policies:",
                "        - type: Percent",
                "          value: 50",
                "          periodSeconds: 15",
                "    scaleUp:",
                "      stabilizationWindowSeconds: 0",
                ""));
        GenericKubernetesResource scaledObject = only(render(t -> t.withValuesFile(values)), "ScaledObject");
        assertThat((Integer) scaledObject.get("spec", "minReplicaCount")).isEqualTo(1);
        assertThat((Integer) scaledObject.get("spec", "maxReplicaCount")).isEqualTo(50);
        assertThat((Integer) scaledObject.get("spec", "pollingInterval")).isEqualTo(5);
        assertThat((Integer) scaledObject.get("spec", "cooldownPeriod")).isEqualTo(60);
        assertTrigger(scaledObject, "compute-jobs", "8", "3", "visibleonly");
        String behavior = "spec.advanced.horizontalPodAutoscalerConfig.behavior";
        assertThat((Integer) scaledObject.get(path(behavior, "scaleDown", "stabilizationWindowSeconds"))).isEqualTo(60);
        assertThat((String) scaledObject.get(path(behavior, "scaleDown", "policies", 0, "type"))).isEqualTo("Percent");
        assertThat((Integer) scaledObject.get(path(behavior, "scaleDown", "policies", 0, "value"))).isEqualTo(50);
        assertThat((Integer) scaledObject.get(path(behavior, "scaleUp", "stabilizationWindowSeconds"))).isZero();
    }

    @Test
    void valuesLocalRendersTheOneMachineScaledObjectOfPipelineUp() {
        // The pipeline module's WorkerChartScaledObjectTest holds this equal to ScaledObjectSpec.demo(), field by field.
        GenericKubernetesResource scaledObject = only(render(t -> t.withValuesFile(CHART.resolve("values-local.yaml"))),
                "ScaledObject");
        assertThat((Integer) scaledObject.get("spec", "pollingInterval")).isEqualTo(2);
        assertThat((Integer) scaledObject.get("spec", "cooldownPeriod")).isEqualTo(20);
        assertThat((Integer) scaledObject.get("spec", "minReplicaCount")).isZero();
        assertThat((Integer) scaledObject.get("spec", "maxReplicaCount")).isEqualTo(4);
        assertTrigger(scaledObject, "compute-jobs", "5", "0", "all");
        String behavior = "spec.advanced.horizontalPodAutoscalerConfig.behavior";
        assertThat((Integer) scaledObject.get(path(behavior, "scaleDown", "stabilizationWindowSeconds"))).isEqualTo(20);
        assertThat((List<?>) scaledObject.get(path(behavior, "scaleUp", "policies"))).hasSize(2);
        assertThat((Integer) scaledObject.get(path(behavior, "scaleUp", "policies", 1, "periodSeconds"))).isEqualTo(5);
    }

    @Test
    void resourcesConcurrencyQueueAndAConnectionStringGiveASecretTheWorkerAndKedaShare() {
        String connection = "DefaultEndpointsProtocol=https;AccountName=perfstore;AccountKey=c2VjcmV0;EndpointSuffix=core.windows.net";
        List<HasMetadata> objects = render(t -> t
                .set("storage.connectionString", connection)
                .set("worker.queue", "batch-jobs")
                .set("worker.concurrency", 4)
                .set("worker.drainGraceSeconds", 50)
                .set("terminationGracePeriodSeconds", 70)
                .set("resources.requests.cpu", "4")
                .set("resources.requests.memory", "2Gi")
                .set("resources.limits.cpu", "4")
                .set("resources.limits.memory", "4Gi")
                .set("replicas", 0));
        assertThat(objects).extracting(HasMetadata::getKind)
                .containsExactlyInAnyOrder("Secret", "TriggerAuthentication", "Deployment", "ScaledObject");

        Secret secret = only(objects, Secret.class);
        assertThat(secret.getMetadata().getName()).isEqualTo(FULLNAME);
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("connectionString")), StandardCharsets.UTF_8))
                .isEqualTo(connection);

        Deployment deployment = only(objects, Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isZero();
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container worker = pod.getContainers().get(0);
        assertThat(worker.getArgs()).contains("--queue=batch-jobs", "--concurrency=4", "--drain-grace=50s");
        assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(70L).isGreaterThan(drainGrace(worker).toSeconds());
        assertThat(worker.getResources().getRequests()).containsEntry("cpu", new Quantity("4"))
                .containsEntry("memory", new Quantity("2Gi"));
        assertThat(worker.getResources().getLimits()).containsEntry("cpu", new Quantity("4"))
                .containsEntry("memory", new Quantity("4Gi"));
        assertConnectionFromSecret(worker, FULLNAME);
        assertThat(worker.getEnv()).noneMatch(env -> connection.equals(env.getValue()));
        assertThat((String) only(objects, "TriggerAuthentication").get("spec", "secretTargetRef", 0, "name")).isEqualTo(FULLNAME);
        assertTrigger(only(objects, "ScaledObject"), "batch-jobs", "5", "0", "all");
    }

    @Test
    void valuesThatCannotWorkFailTheRenderWithTheValueToFix() {
        assertThatThrownBy(() -> render(t -> t.set("storage.existingSecret", "")))
                .hasMessageContaining("storage.existingSecret");
        assertThatThrownBy(() -> render(t -> t.set("terminationGracePeriodSeconds", 20)))
                .hasMessageContaining("terminationGracePeriodSeconds (20) must exceed worker.drainGraceSeconds (25)");
        assertThatThrownBy(() -> render(t -> t.set("mode", "cronJob"))).hasMessageContaining("mode must be scaledObject or scaledJob");
        assertThatThrownBy(() -> render(t -> t.set("keda.queueLengthStrategy", "some")))
                .hasMessageContaining("keda.queueLengthStrategy");
        assertThatThrownBy(() -> render(t -> t.set("keda.minReplicaCount", 5).set("keda.maxReplicaCount", 2)))
                .hasMessageContaining("keda.minReplicaCount (5) must not exceed keda.maxReplicaCount (2)");
    }

    private static List<HasMetadata> render(UnaryOperator<TemplateCommand> values) {
        String yaml = values.apply(new Helm(CHART).template().withName(RELEASE).withNamespace("perf").withKubeVersion("v1.30.0")).call();
        Object parsed = new KubernetesSerialization().unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
        @SuppressWarnings("unchecked")
        List<HasMetadata> objects = parsed instanceof List<?> list ? (List<HasMetadata>) list : List.of((HasMetadata) parsed);
        return objects;
    }

    private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
        List<T> matching = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(matching).as("objects of type %s", type.getSimpleName()).hasSize(1);
        return matching.get(0);
    }

    private static GenericKubernetesResource only(List<HasMetadata> objects, String kind) {
        List<GenericKubernetesResource> matching = objects.stream().filter(o -> o.getKind().equals(kind))
                .map(GenericKubernetesResource.class::cast).toList();
        assertThat(matching).as("objects of kind %s", kind).hasSize(1);
        return matching.get(0);
    }

    private static void assertTrigger(GenericKubernetesResource scaler, String queue, String queueLength,
                                      String activationQueueLength, String strategy) {
        assertThat((List<?>) scaler.get("spec", "triggers")).hasSize(1);
        assertThat((String) scaler.get("spec", "triggers", 0, "type")).isEqualTo("azure-queue");
        assertThat((Map<?, ?>) scaler.get("spec", "triggers", 0, "metadata")).isEqualTo(Map.of(
                "queueName", queue, "queueLength", queueLength, "activationQueueLength", activationQueueLength,
                "queueLengthStrategy", strategy));
        assertThat((String) scaler.get("spec", "triggers", 0, "authenticationRef", "name")).isEqualTo(FULLNAME);
    }

    private static void assertProbes(Container worker, boolean readiness) {
        assertThat(worker.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(worker.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        assertThat(worker.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(8080);
        });
        if (readiness) {
            assertThat(worker.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
            assertThat(worker.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        } else {
            assertThat(worker.getReadinessProbe()).isNull();
        }
    }

    private static void assertConnectionFromSecret(Container worker, String secret) {
        EnvVar connection = worker.getEnv().stream().filter(e -> e.getName().equals("AZURE_STORAGE_CONNECTION_STRING"))
                .findFirst().orElseThrow(() -> new AssertionError("no AZURE_STORAGE_CONNECTION_STRING in " + worker.getEnv()));
        assertThat(connection.getValue()).isNull();
        assertThat(connection.getValueFrom().getSecretKeyRef().getName()).isEqualTo(secret);
        assertThat(connection.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("connectionString");
    }

    /** The rendered arguments are flags the worker's own command line accepts. */
    private static void assertArgsParse(Container worker) {
        WorkerCli.commandLine().parseArgs(worker.getArgs().toArray(String[]::new));
    }

    private static Duration drainGrace(Container worker) {
        return worker.getArgs().stream().filter(a -> a.startsWith("--drain-grace=")).findFirst()
                .map(a -> Durations.parse(a.substring("--drain-grace=".length())))
                .orElseThrow(() -> new AssertionError("no --drain-grace in " + worker.getArgs()));
    }

    private static Object[] path(String dotted, Object... rest) {
        String[] head = dotted.split("\\.");
        Object[] all = new Object[head.length + rest.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(rest, 0, all, head.length, rest.length);
        return all;
    }
}
