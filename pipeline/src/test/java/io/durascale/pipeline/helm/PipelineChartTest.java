package io.durascale.pipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.durascale.pipeline.PipelineCli;
import io.durascale.pipeline.events.CompletionBridge;
import io.durascale.pipeline.taskhub.TaskHubServer;
import io.durascale.pipeline.taskhub.TaskHubSettings;
import io.durascale.core.job.BlobNames;
import io.durascale.core.job.JobQueues;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
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
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The pipeline chart, linted and rendered by real Helm (helm-java), its objects read back through
 * fabric8's model, and every piece's arguments parsed by the real {@link PipelineCli} command line.
 */
class PipelineChartTest {

    static final Path CHART = Path.of("src", "main", "helm", "durascale-pipeline");
    private static final Path WORKER_CHART = Path.of("..", "worker", "src", "main", "helm", "durascale-worker");
    static final String RELEASE = "perf";
    static final String FULLNAME = "perf-durascale-pipeline";
    static final String TASKHUB = FULLNAME + "-taskhub";
    static final String API = FULLNAME + "-api";
    static final String BRIDGE = FULLNAME + "-bridge";
    static final String SCALER = FULLNAME + "-scaler";

    @Test
    void chartLintsCleanly() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as("lint messages: %s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).noneMatch(message -> message.contains("[ERROR]") || message.contains("[WARNING]"));
    }

    @Test
    void defaultsRenderATaskHubAnApiAndABridgeWiredToOneTaskHubService() {
        List<HasMetadata> objects = render(t -> t);
        assertThat(objects).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).containsExactlyInAnyOrder(
                "Deployment/" + TASKHUB, "Service/" + TASKHUB, "Deployment/" + API, "Service/" + API,
                "Deployment/" + BRIDGE, "ScaledObject/" + BRIDGE, "TriggerAuthentication/" + BRIDGE,
                "Deployment/" + SCALER, "Service/" + SCALER, "ScaledObject/" + TASKHUB);

        // The task hub: gRPC and metrics ports, /healthz probes on the metrics port, scaled in on SIGTERM within the
        // pod's grace; KEDA owns its replicas.
        Deployment taskhubDeployment = deployment(objects, TASKHUB);
        assertThat(taskhubDeployment.getSpec().getReplicas()).isNull();
        PodSpec taskhubPod = taskhubDeployment.getSpec().getTemplate().getSpec();
        assertThat(taskhubPod.getTerminationGracePeriodSeconds()).isEqualTo(30L);
        Container taskhub = taskhubPod.getContainers().get(0);
        ParseResult taskhubArgs = parse(taskhub, "taskhub");
        assertThat(taskhubArgs.<String>matchedOptionValue("--bind", null)).isEqualTo("0.0.0.0");
        assertThat(taskhubArgs.<Integer>matchedOptionValue("--port", null)).isEqualTo(4001);
        assertThat(taskhubArgs.<Integer>matchedOptionValue("--metrics-port", null)).isEqualTo(9465);
        assertThat(taskhubArgs.<String>matchedOptionValue("--hub", null)).isEqualTo("DurascaleHub");
        assertThat(taskhubArgs.<Integer>matchedOptionValue("--partitions", null)).isEqualTo(4);
        assertThat(taskhubArgs.<Integer>matchedOptionValue("--orchestrations", null)).isEqualTo(2);
        assertThat(taskhubArgs.<String>matchedOptionValue("--jobs-queue", null)).isEqualTo("compute-jobs");
        assertThat(taskhubArgs.<Duration>matchedOptionValue("--lease-duration", null)).isEqualTo(Duration.ofSeconds(30));
        assertThat(taskhubArgs.<Duration>matchedOptionValue("--lease-acquire-interval", null)).isEqualTo(Duration.ofSeconds(5));
        assertThat(taskhubArgs.<Duration>matchedOptionValue("--scale-in-grace", null))
                .isEqualTo(Duration.ofSeconds(25)).isLessThan(Duration.ofSeconds(taskhubPod.getTerminationGracePeriodSeconds()));
        assertThat(taskhubArgs.hasMatchedOption("--no-extended-sessions")).isFalse();
        assertThat(containerPort(taskhub, "grpc")).isEqualTo(4001);
        assertThat(containerPort(taskhub, "metrics")).isEqualTo(9465);
        assertHealthProbes(taskhub, "metrics");
        assertThat(taskhubDeployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/port", "9465")
                .containsEntry("prometheus.io/path", "/metrics");

        Service taskhubService = service(objects, TASKHUB);
        assertSelects(taskhubService, taskhubDeployment, deployment(objects, API), deployment(objects, BRIDGE),
                deployment(objects, SCALER));
        assertThat(servicePort(taskhubService, "grpc").getPort()).isEqualTo(4001);
        assertThat(servicePort(taskhubService, "grpc").getTargetPort().getStrVal()).isEqualTo("grpc");
        assertThat(servicePort(taskhubService, "metrics").getPort()).isEqualTo(9465);

        // The API writes to the task hub's storage and serves 7071 with its host key from a Secret.
        Deployment apiDeployment = deployment(objects, API);
        Container api = apiDeployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        ParseResult apiArgs = parse(api, "api");
        assertWritesToTheHubsStorage(apiArgs, "DurascaleHub", 4);
        assertThat(apiArgs.<String>matchedOptionValue("--bind", null)).isEqualTo("0.0.0.0");
        assertThat(apiArgs.<Integer>matchedOptionValue("--port", null)).isEqualTo(7071);
        assertThat(apiArgs.hasMatchedOption("--no-history")).isFalse();
        assertThat(containerPort(api, "http")).isEqualTo(7071);
        assertHealthProbes(api, "http");
        assertThat(secretRef(api, "DURASCALE_HOST_KEY").getName()).isEqualTo("durascale-host-key");
        assertThat(secretRef(api, "DURASCALE_HOST_KEY").getKey()).isEqualTo("hostKey");
        assertThat(apiDeployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .as("the API has no /metrics to scrape").isNullOrEmpty();
        Service apiService = service(objects, API);
        assertSelects(apiService, apiDeployment, taskhubDeployment, deployment(objects, BRIDGE), deployment(objects, SCALER));
        assertThat(apiService.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(servicePort(apiService, "http").getPort()).isEqualTo(7071);
        assertThat(servicePort(apiService, "http").getTargetPort().getStrVal()).isEqualTo("http");

        // The bridge raises its events into the same hub's storage; with Event Grid wired (the default) it does not watch blobs itself.
        Deployment bridgeDeployment = deployment(objects, BRIDGE);
        assertThat(bridgeDeployment.getSpec().getStrategy()).isNull();
        Container bridge = bridgeDeployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        ParseResult bridgeArgs = parse(bridge, "bridge");
        assertWritesToTheHubsStorage(bridgeArgs, "DurascaleHub", 4);
        assertThat(bridgeArgs.hasMatchedOption("--blob-events")).isFalse();
        assertThat(bridgeArgs.<String>matchedOptionValue("--jobs-queue", null)).isEqualTo("compute-jobs");
        assertThat(bridgeArgs.<String>matchedOptionValue("--completions-queue", null)).isEqualTo("compute-completions");
        assertThat(bridgeArgs.<String>matchedOptionValue("--output-container", null)).isEqualTo("compute-output");
        assertThat(bridgeArgs.hasMatchedOption("--no-verify")).isFalse();

        for (Deployment piece : List.of(taskhubDeployment, apiDeployment, bridgeDeployment, deployment(objects, SCALER))) {
            PodSpec pod = piece.getSpec().getTemplate().getSpec();
            Container container = pod.getContainers().get(0);
            assertThat(container.getImage()).isEqualTo("durascale/pipeline:0.1.0");
            assertThat(secretRef(container, "AZURE_STORAGE_CONNECTION_STRING").getName()).isEqualTo("durascale-storage");
            assertThat(secretRef(container, "AZURE_STORAGE_CONNECTION_STRING").getKey()).isEqualTo("connectionString");
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(container.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/tmp"));
            assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(pod.getEnableServiceLinks()).isFalse();
        }
    }

    @Test
    void chartDefaultsAgreeWithTheCommandsAndWithTheWorkerChart() {
        List<HasMetadata> objects = render(t -> t);
        ParseResult taskhub = parse(container(objects, TASKHUB), "taskhub");
        ParseResult bridge = parse(container(objects, BRIDGE), "bridge");
        assertThat(taskhub.<String>matchedOptionValue("--hub", null)).isEqualTo(TaskHubSettings.DEFAULT_HUB);
        assertThat(taskhub.<Integer>matchedOptionValue("--port", null)).isEqualTo(TaskHubServer.DEFAULT_PORT);
        assertThat(taskhub.<String>matchedOptionValue("--jobs-queue", null)).isEqualTo(JobQueues.DEFAULT_QUEUE);
        assertThat(bridge.<String>matchedOptionValue("--jobs-queue", null)).isEqualTo(JobQueues.DEFAULT_QUEUE);
        assertThat(bridge.<String>matchedOptionValue("--completions-queue", null)).isEqualTo(CompletionBridge.DEFAULT_QUEUE);
        assertThat(bridge.<String>matchedOptionValue("--output-container", null)).isEqualTo(BlobNames.OUTPUT_CONTAINER);

        // The worker chart's defaults: the same jobs queue and the same storage Secret.
        List<HasMetadata> worker = render(new Helm(WORKER_CHART).template(), t -> t);
        Container workerContainer = only(worker, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(workerContainer.getArgs()).contains("--queue=" + taskhub.matchedOptionValue("--jobs-queue", ""));
        assertThat(secretRef(workerContainer, "AZURE_STORAGE_CONNECTION_STRING").getName())
                .isEqualTo(secretRef(container(objects, TASKHUB), "AZURE_STORAGE_CONNECTION_STRING").getName());
    }

    @Test
    void blobEventsRunTheBridgeWithItsOwnWatcherAndNeverTwoAtOnce() {
        Deployment watching = deployment(render(t -> t.set("bridge.blobEvents", true).set("bridge.verify", false)), BRIDGE);
        ParseResult args = parse(watching.getSpec().getTemplate().getSpec().getContainers().get(0), "bridge");
        assertThat(args.hasMatchedOption("--blob-events")).isTrue();
        assertThat(args.<Boolean>matchedOptionValue("--blob-events", null)).isTrue();
        assertThat(args.hasMatchedOption("--no-verify")).isTrue();
        assertThat(watching.getSpec().getReplicas()).isEqualTo(1);
        assertThat(watching.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(render(t -> t.set("bridge.blobEvents", true))).as("a watching bridge is never scaled")
                .noneMatch(o -> o.getKind().equals("ScaledObject") && o.getMetadata().getName().equals(BRIDGE));

        Deployment eventGrid = deployment(render(t -> t.set("bridge.blobEvents", false).set("bridge.replicas", 2)
                .set("bridge.autoscaling.enabled", false)), BRIDGE);
        assertThat(parse(eventGrid.getSpec().getTemplate().getSpec().getContainers().get(0), "bridge")
                .hasMatchedOption("--blob-events")).isFalse();
        assertThat(eventGrid.getSpec().getReplicas()).isEqualTo(2);

        assertThatThrownBy(() -> render(t -> t.set("bridge.blobEvents", true).set("bridge.replicas", 2)))
                .hasMessageContaining("bridge.replicas must be 1 when bridge.blobEvents is true, got 2");
    }

    @Test
    void existingSecretsAreReferencedAndTheChartMakesNone() {
        List<HasMetadata> objects = render(t -> t
                .set("storage.existingSecret", "perf-storage").set("storage.secretKey", "connection")
                .set("hostKey.existingSecret", "perf-api-key").set("hostKey.secretKey", "key"));
        assertThat(objects).noneMatch(Secret.class::isInstance);
        for (String piece : List.of(TASKHUB, API, BRIDGE, SCALER)) {
            SecretKeySelector connection = secretRef(container(objects, piece), "AZURE_STORAGE_CONNECTION_STRING");
            assertThat(connection.getName()).isEqualTo("perf-storage");
            assertThat(connection.getKey()).isEqualTo("connection");
        }
        assertThat(secretRef(container(objects, API), "DURASCALE_HOST_KEY").getName()).isEqualTo("perf-api-key");
        assertThat(secretRef(container(objects, API), "DURASCALE_HOST_KEY").getKey()).isEqualTo("key");
    }

    @Test
    void aConnectionStringAndAHostKeyGivenAsValuesBecomeChartSecretsAndStayOutOfThePods() {
        String connection = "DefaultEndpointsProtocol=https;AccountName=perfstore;AccountKey=c2VjcmV0;EndpointSuffix=core.windows.net";
        String hostKey = "a-host-key-of-32-characters-long";
        List<HasMetadata> objects = render(t -> t.set("storage.connectionString", connection).set("hostKey.value", hostKey));
        List<Secret> secrets = objects.stream().filter(Secret.class::isInstance).map(Secret.class::cast).toList();
        assertThat(secrets).extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder(FULLNAME + "-storage", FULLNAME + "-host-key");
        Secret storage = secrets.stream().filter(s -> s.getMetadata().getName().endsWith("-storage")).findFirst().orElseThrow();
        Secret key = secrets.stream().filter(s -> s.getMetadata().getName().endsWith("-host-key")).findFirst().orElseThrow();
        assertThat(decode(storage, "connectionString")).isEqualTo(connection);
        assertThat(decode(key, "hostKey")).isEqualTo(hostKey);

        for (String piece : List.of(TASKHUB, API, BRIDGE, SCALER)) {
            Container container = container(objects, piece);
            assertThat(secretRef(container, "AZURE_STORAGE_CONNECTION_STRING").getName()).isEqualTo(FULLNAME + "-storage");
            assertThat(container.getEnv()).noneMatch(e -> e.getValue() != null
                    && (e.getValue().contains("AccountKey") || e.getValue().contains(hostKey)));
            assertThat(container.getArgs()).noneMatch(a -> a.contains("AccountKey") || a.contains(hostKey));
        }
        assertThat(secretRef(container(objects, API), "DURASCALE_HOST_KEY").getName()).isEqualTo(FULLNAME + "-host-key");
    }

    @Test
    void theIngressRoutesToTheApiServiceAndIsOffByDefault() {
        assertThat(render(t -> t)).noneMatch(Ingress.class::isInstance);
        List<HasMetadata> objects = render(t -> t.set("api.ingress.enabled", true).set("api.ingress.className", "nginx")
                .set("api.ingress.host", "durascale.example.com").set("api.service.port", 80)
                .set("api.ingress.tls[0].secretName", "durascale-tls").set("api.ingress.tls[0].hosts[0]", "durascale.example.com"));
        Ingress ingress = only(objects, Ingress.class);
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getTls().get(0).getSecretName()).isEqualTo("durascale-tls");
        assertThat(ingress.getSpec().getRules()).hasSize(1);
        assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("durascale.example.com");
        var path = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0);
        assertThat(path.getPath()).isEqualTo("/");
        assertThat(path.getPathType()).isEqualTo("Prefix");
        IngressBackend backend = path.getBackend();
        assertThat(backend.getService().getName()).isEqualTo(API);
        Service apiService = service(objects, API);
        ServicePort port = servicePort(apiService, backend.getService().getPort().getName());
        assertThat(port.getPort()).isEqualTo(80);
        assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
        assertThat(containerPort(container(objects, API), "http")).isEqualTo(7071);
    }

    @Test
    void eightPartitionsAndThreeTaskHubReplicasAreTheSameForEveryPiece(@TempDir Path dir) throws IOException {
        // From a values file, so the numbers arrive as YAML numbers (float64 inside Helm), not --set strings.
        Path values = dir.resolve("cluster.yaml");
        Files.writeString(values, String.join("\n",
                "hubName: PerfHub",
                "partitions: 8",
                "jobsQueue: batch-jobs",
                "taskhub:",
                "  replicas: 3",
                "  autoscaling:",
                "    enabled: false",
                "  orchestrations: 4",
                "  leaseDurationSeconds: 45",
                "  port: 5001",
                "  extendedSessions: false",
                "api:",
                "  history: false",
                ""));
        List<HasMetadata> objects = render(t -> t.withValuesFile(values));
        Deployment taskhubDeployment = deployment(objects, TASKHUB);
        assertThat(taskhubDeployment.getSpec().getReplicas()).isEqualTo(3);
        ParseResult taskhub = parse(taskhubDeployment.getSpec().getTemplate().getSpec().getContainers().get(0), "taskhub");
        assertThat(taskhub.<Integer>matchedOptionValue("--partitions", null)).isEqualTo(8);
        assertThat(taskhub.<Integer>matchedOptionValue("--orchestrations", null)).isEqualTo(4);
        assertThat(taskhub.<Integer>matchedOptionValue("--port", null)).isEqualTo(5001);
        assertThat(taskhub.<Duration>matchedOptionValue("--lease-duration", null)).isEqualTo(Duration.ofSeconds(45));
        assertThat(taskhub.hasMatchedOption("--no-extended-sessions")).isTrue();
        assertThat(taskhub.<String>matchedOptionValue("--jobs-queue", null)).isEqualTo("batch-jobs");

        ParseResult api = parse(container(objects, API), "api");
        ParseResult bridge = parse(container(objects, BRIDGE), "bridge");
        assertThat(List.of(taskhub, api)).allSatisfy(p -> assertThat(p.<String>matchedOptionValue("--hub", null)).isEqualTo("PerfHub"));
        assertThat(api.hasMatchedOption("--no-history")).isTrue();
        assertThat(bridge.<String>matchedOptionValue("--jobs-queue", null)).isEqualTo("batch-jobs");
        Service taskhubService = service(objects, TASKHUB);
        assertThat(servicePort(taskhubService, "grpc").getPort()).isEqualTo(5001);
        assertWritesToTheHubsStorage(api, "PerfHub", 8);
        assertWritesToTheHubsStorage(bridge, "PerfHub", 8);
    }

    @Test
    void valuesThatCannotWorkFailTheRenderWithOneSentenceNamingTheValue() {
        assertThatThrownBy(() -> render(t -> t.set("storage.existingSecret", "")))
                .hasMessageContaining("set storage.existingSecret (a Secret with the connection string) or storage.connectionString");
        assertThatThrownBy(() -> render(t -> t.set("partitions", 0)))
                .hasMessageContaining("partitions must be 1-16 (the task hub's control queues), got 0");
        assertThatThrownBy(() -> render(t -> t.set("partitions", 17)))
                .hasMessageContaining("partitions must be 1-16 (the task hub's control queues), got 17");
        assertThatThrownBy(() -> render(t -> t.set("hubName", "9lives")))
                .hasMessageContaining("hubName must be 3-45 letters or digits starting with a letter, got 9lives");
        assertThatThrownBy(() -> render(t -> t.set("jobsQueue", "Compute_Jobs"))).hasMessageContaining("jobsQueue must be");
        assertThatThrownBy(() -> render(t -> t.set("jobsQueue", "compute-jobs-poison"))).hasMessageContaining("jobsQueue must be");
        assertThatThrownBy(() -> render(t -> t.set("completionsQueue", "compute-jobs")))
                .hasMessageContaining("completionsQueue (compute-jobs) must differ from jobsQueue");
        assertThatThrownBy(() -> render(t -> t.set("outputContainer", "results")))
                .hasMessageContaining("outputContainer must be compute-output, got results");
        assertThatThrownBy(() -> render(t -> t.set("taskhub.leaseDurationSeconds", 10)))
                .hasMessageContaining("taskhub.leaseDurationSeconds must be 15-60 (Azure blob leases), got 10");
        assertThatThrownBy(() -> render(t -> t.set("taskhub.orchestrations", 0)))
                .hasMessageContaining("taskhub.orchestrations must be at least 1, got 0");
        assertThatThrownBy(() -> render(t -> t.set("taskhub.metricsPort", 4001)))
                .hasMessageContaining("taskhub.port and taskhub.metricsPort must differ");
        assertThatThrownBy(() -> render(t -> t.set("hostKey.existingSecret", "")))
                .hasMessageContaining("set hostKey.existingSecret (a Secret with the API's host key) or hostKey.value");
        assertThatThrownBy(() -> render(t -> t.set("hostKey.value", "short")))
                .hasMessageContaining("hostKey.value must have at least 16 characters");
    }

    static List<HasMetadata> render(UnaryOperator<TemplateCommand> values) {
        List<HasMetadata> objects = render(new Helm(CHART).template(), values);
        assertThat(objects).as("every object is a built-in kind fabric8 knows, or KEDA's")
                .allMatch(o -> !(o instanceof GenericKubernetesResource) || o.getApiVersion().equals("keda.sh/v1alpha1"));
        return objects;
    }

    /** The rendered stream as Helm prints it. */
    static String renderYaml(TemplateCommand template, UnaryOperator<TemplateCommand> values) {
        return values.apply(template.withName(RELEASE).withNamespace("perf").withKubeVersion("v1.30.0")).call();
    }

    private static List<HasMetadata> render(TemplateCommand template, UnaryOperator<TemplateCommand> values) {
        String yaml = renderYaml(template, values);
        Object parsed = new KubernetesSerialization().unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
        @SuppressWarnings("unchecked")
        List<HasMetadata> objects = parsed instanceof List<?> list ? (List<HasMetadata>) list : List.of((HasMetadata) parsed);
        return objects;
    }

    /** The container's arguments, parsed by the real command line: a typo in the chart fails here. */
    static ParseResult parse(Container container, String command) {
        ParseResult result = new CommandLine(new PipelineCli()).parseArgs(container.getArgs().toArray(String[]::new));
        assertThat(result.subcommand()).as("a subcommand in %s", container.getArgs()).isNotNull();
        assertThat(result.subcommand().commandSpec().name()).isEqualTo(command);
        return result.subcommand();
    }

    /** The API and the bridge need no task hub process: they name the hub and its partitions, not an address. */
    private static void assertWritesToTheHubsStorage(ParseResult args, String hub, int partitions) {
        assertThat(args.hasMatchedOption("--taskhub")).as("no backend address").isFalse();
        assertThat(args.<String>matchedOptionValue("--hub", null)).isEqualTo(hub);
        assertThat(args.<Integer>matchedOptionValue("--partitions", null)).isEqualTo(partitions);
    }

    /** The Service's selector picks the target's pods and none of the others'. */
    static void assertSelects(Service service, Deployment target, Deployment... others) {
        Map<String, String> selector = service.getSpec().getSelector();
        assertThat(target.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(selector);
        assertThat(target.getSpec().getSelector().getMatchLabels()).isEqualTo(selector);
        for (Deployment other : others) {
            assertThat(other.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                    .as("%s selects pods of %s", service.getMetadata().getName(), other.getMetadata().getName()).isFalse();
        }
    }

    static void assertHealthProbes(Container container, String portName) {
        for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
            assertThat(probe.getHttpGet().getPath()).isEqualTo("/healthz");
            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo(portName);
        }
    }

    static int containerPort(Container container, String name) {
        return container.getPorts().stream().filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElseThrow(() -> new AssertionError("no port " + name + " in " + container.getPorts()));
    }

    static ServicePort servicePort(Service service, String name) {
        return service.getSpec().getPorts().stream().filter(p -> name.equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no port " + name + " in " + service.getSpec().getPorts()));
    }

    static SecretKeySelector secretRef(Container container, String variable) {
        EnvVar env = container.getEnv().stream().filter(e -> e.getName().equals(variable)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + variable + " in " + container.getEnv()));
        assertThat(env.getValue()).as("%s comes from a Secret, never inline", variable).isNull();
        return env.getValueFrom().getSecretKeyRef();
    }

    private static String decode(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    static Deployment deployment(List<HasMetadata> objects, String name) {
        return named(objects, Deployment.class, name);
    }

    static Service service(List<HasMetadata> objects, String name) {
        return named(objects, Service.class, name);
    }

    static Container container(List<HasMetadata> objects, String deployment) {
        return deployment(objects, deployment).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    static <T extends HasMetadata> T named(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast).filter(o -> o.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
        List<T> matching = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(matching).as("objects of type %s", type.getSimpleName()).hasSize(1);
        return matching.get(0);
    }
}
