package io.durascale.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.durascale.pipeline.PipelineCli;
import io.durascale.pipeline.local.hpa.ScalingBehavior;
import io.durascale.pipeline.local.keda.AzureQueueTrigger;
import io.durascale.pipeline.local.keda.QueueLengthStrategy;
import io.durascale.pipeline.local.keda.ScaledObjectManifest;
import io.durascale.pipeline.local.keda.ScaledObjectSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The link between the worker chart and the local stack, with real Helm (helm-java): the emulation reads
 * exactly the ScaledObject the chart renders, and the demo `up` runs by default is what the chart renders
 * with its {@code values-local.yaml}.
 */
class WorkerChartScaledObjectTest {

    private static final Path CHART = Path.of("..", "worker", "src", "main", "helm", "durascale-worker");

    @TempDir
    Path dir;

    /** {@code helm template <release> <chart>} with these values, written to a file as a user would. */
    private Path render(String release, UnaryOperator<TemplateCommand> values) throws IOException {
        String yaml = values.apply(new Helm(CHART).template().withName(release).withNamespace("perf")
                .withKubeVersion("v1.30.0")).call();
        Path file = dir.resolve(release + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void theDemoUpRunsByDefaultIsWhatTheChartRendersWithValuesLocal() throws IOException {
        Path manifest = render("durascale-worker", t -> t.withValuesFile(CHART.resolve("values-local.yaml")));
        ScaledObjectManifest read = ScaledObjectManifest.read(manifest);
        assertThat(read.spec()).isEqualTo(ScaledObjectSpec.demo());
        assertThat(read.scaleTargetName()).as("the deployment LocalKeda scales by default").isEqualTo("durascale-worker");
        assertThat(up().scaling()).as("up without flags").isEqualTo(read.spec());
    }

    @Test
    void theEmulationReadsExactlyTheScaledObjectTheChartRenders() throws IOException {
        Path values = dir.resolve("cluster.yaml");
        Files.writeString(values, String.join("\n",
                "worker:",
                "  queue: batch-jobs",
                "keda:",
                "  pollingInterval: 5",
                "  cooldownPeriod: 60",
                "  minReplicaCount: 1",
                "  maxReplicaCount: 50",
                "  queueLength: 8",
                "  activationQueueLength: 3",
                "  queueLengthStrategy: visibleonly",
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
        Path manifest = render("perf", t -> t.withValuesFile(values));
        assertThat(Files.readString(manifest)).as("a stream of several documents")
                .contains("kind: Deployment", "kind: TriggerAuthentication", "kind: ScaledObject");

        ScaledObjectSpec expected = new ScaledObjectSpec(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ZERO, 1, 50,
                Optional.of(new ScalingBehavior(
                        // scaleUp sets only its window: the API server fills in the default policies.
                        ScalingBehavior.defaultScaleUp(),
                        new ScalingBehavior.Rules(Duration.ofSeconds(60), ScalingBehavior.SelectPolicy.MAX, List.of(
                                new ScalingBehavior.Policy(ScalingBehavior.PolicyType.PERCENT, 50, Duration.ofSeconds(15)))))),
                List.of(new AzureQueueTrigger("batch-jobs", 8, 3, QueueLengthStrategy.VISIBLE_ONLY,
                        AzureQueueTrigger.Connection.authenticationRef("perf-durascale-worker"))));
        ScaledObjectManifest read = ScaledObjectManifest.read(manifest);
        assertThat(read.spec()).isEqualTo(expected);
        assertThat(read.name()).isEqualTo("perf-durascale-worker");

        LocalStack.Options options = up("--scaled-object", manifest.toString(), "--pods-per-node", "10");
        assertThat(options.scaling()).isEqualTo(expected);
        assertThat(options.jobsQueue()).as("the workers and the orchestration use the trigger's queue").isEqualTo("batch-jobs");
        assertThat(options.nodePool().maxNodes()).as("room for the manifest's 50 replicas").isEqualTo(5);
    }

    @Test
    void theChartsDefaultsRenderAScaledObjectWithoutBehaviorWhichIsTheLegacyHpaPath() throws IOException {
        ScaledObjectSpec spec = ScaledObjectManifest.read(render("perf", t -> t)).spec();
        assertThat(spec.behavior()).isEmpty();
        assertThat(spec.pollingInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.cooldownPeriod()).isEqualTo(Duration.ofMinutes(5));
        assertThat(spec.maxReplicaCount()).isEqualTo(10);
        assertThat(spec.azureQueue().queueName()).isEqualTo("compute-jobs");
    }

    @Test
    void aScaledJobIsNoScaledObjectAndUpSaysSoInOneLineWithExitCode2() throws IOException {
        Path manifest = render("perf", t -> t.set("mode", "scaledJob"));
        StringWriter err = new StringWriter();
        List<LocalStack.Options> started = new ArrayList<>();
        UpCommand command = new UpCommand();
        command.runner = options -> {
            started.add(options);
            return 0;
        };
        int exit = PipelineCli.configure(new CommandLine(command)).setErr(new PrintWriter(err))
                .execute("--scaled-object", manifest.toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("error: --scaled-object: " + manifest
                + ": no KEDA ScaledObject in it (found ScaledJob, TriggerAuthentication)");
        assertThat(started).isEmpty();
    }

    /** The options {@code up} would start the stack with. */
    private static LocalStack.Options up(String... args) {
        List<LocalStack.Options> started = new ArrayList<>();
        UpCommand command = new UpCommand();
        command.runner = options -> {
            started.add(options);
            return 0;
        };
        StringWriter err = new StringWriter();
        int exit = PipelineCli.configure(new CommandLine(command)).setErr(new PrintWriter(err)).execute(args);
        assertThat(exit).as(err.toString()).isZero();
        return started.get(0);
    }
}
