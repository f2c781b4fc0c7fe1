package io.durascale.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.pipeline.PipelineCli;
import io.durascale.pipeline.local.hpa.HpaControllerFlags;
import io.durascale.pipeline.local.keda.ScaledObjectSpec;
import io.durascale.pipeline.local.kube.FakePodLauncher;
import io.durascale.pipeline.local.kube.LocalDeployment;
import io.durascale.pipeline.local.kube.NodePoolSpec;
import io.durascale.run.timeline.Timeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code up}'s flags, as the options the stack would start with: nothing is started here, the
 * command's runner only records what it was given.
 */
class UpCommandTest {

    private final List<LocalStack.Options> started = new ArrayList<>();
    private final StringWriter err = new StringWriter();

    /** Runs {@code up} with these flags through the CLI's error handling; returns the exit code. */
    private int up(String... args) {
        UpCommand command = new UpCommand();
        command.runner = options -> {
            started.add(options);
            return 0;
        };
        CommandLine cli = PipelineCli.configure(new CommandLine(command)).setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private LocalStack.Options options(String... args) {
        assertThat(up(args)).as(err.toString()).isZero();
        assertThat(started).hasSize(1);
        return started.get(0);
    }

    @Test
    void withoutFlagsTheStackGetsTheDemoScalingAndOneNodeAsBefore() {
        LocalStack.Options options = options();
        assertThat(options.scaling()).isEqualTo(ScaledObjectSpec.demo());
        assertThat(options.hpaController()).isEqualTo(HpaControllerFlags.demo());
        assertThat(options.nodePool()).isEqualTo(NodePoolSpec.noDelays());
        assertThat(options.jobsQueue()).isEqualTo(ScaledObjectSpec.demo().azureQueue().queueName());
    }

    @Test
    void theOrchestrationTierIsScaledUnlessAskedToRunInProcess() {
        assertThat(options().orchestrationTier()).isEqualTo(LocalStack.Tier.scaled(null));
        started.clear();
        assertThat(options("--orchestration-tier", "in-process").orchestrationTier()).isEqualTo(LocalStack.Tier.inProcess());
        started.clear();
        assertThat(options("--pipeline-jar", "/opt/p.jar").orchestrationTier())
                .isEqualTo(LocalStack.Tier.scaled(Path.of("/opt/p.jar")));
        assertThat(up("--orchestration-tier", "zero")).isEqualTo(2);
        assertThat(err.toString()).contains("'zero' is not scaled or in-process").doesNotContain("Exception");
    }

    @Test
    void everyScalingAndNodePoolFlagReachesTheSpecs() {
        LocalStack.Options options = options("--min-replicas", "1", "--max-replicas", "6", "--activation-queue-length", "3",
                "--queue-length", "7", "--polling-interval", "3s", "--cooldown", "40s", "--scale-down-stabilization", "45s",
                "--pod-start-delay", "2s", "--node-provisioning-delay", "30s", "--pods-per-node", "2",
                "--initial-nodes", "0", "--max-nodes", "5", "--hpa-sync-period", "15s", "--hpa-tolerance", "0.2",
                "--hpa-downscale-stabilization", "1m");

        ScaledObjectSpec scaling = options.scaling();
        assertThat(scaling.minReplicaCount()).isEqualTo(1);
        assertThat(scaling.maxReplicaCount()).isEqualTo(6);
        assertThat(scaling.azureQueue().activationQueueLength()).isEqualTo(3);
        assertThat(scaling.azureQueue().queueLength()).isEqualTo(7);
        assertThat(scaling.pollingInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(scaling.cooldownPeriod()).isEqualTo(Duration.ofSeconds(40));
        assertThat(scaling.behavior().orElseThrow().scaleDown().stabilizationWindow()).contains(Duration.ofSeconds(45));
        assertThat(scaling.behavior().orElseThrow().scaleUp())
                .as("scale-up rules stay the demo's").isEqualTo(ScaledObjectSpec.demo().behavior().orElseThrow().scaleUp());

        assertThat(options.hpaController()).isEqualTo(new HpaControllerFlags(Duration.ofSeconds(15), 0.2,
                Duration.ofMinutes(1)));

        NodePoolSpec pool = options.nodePool();
        assertThat(pool.podStartDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(pool.nodeProvisioningDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(pool.podsPerNode()).isEqualTo(2);
        assertThat(pool.initialNodes()).isZero();
        assertThat(pool.maxNodes()).isEqualTo(5);
    }

    @ParameterizedTest
    @CsvSource({
        "4,  110, 1, 1",   // the defaults: one node, as before --max-nodes existed
        "4,  2,   1, 2",   // --pods-per-node 2 with the default 4 replicas: a second node may be added
        "5,  2,   1, 3",
        "4,  2,   0, 2",
        "4,  110, 3, 3",   // never below --initial-nodes
    })
    void withoutMaxNodesThePoolMayGrowToHoldMaxReplicas(int maxReplicas, int podsPerNode, int initialNodes, int maxNodes) {
        NodePoolSpec pool = options("--max-replicas", Integer.toString(maxReplicas), "--pods-per-node",
                Integer.toString(podsPerNode), "--initial-nodes", Integer.toString(initialNodes)).nodePool();
        assertThat(pool.maxNodes()).isEqualTo(maxNodes);
    }

    @Test
    void withPodsPerNode2AndFourReplicasEveryPodIsScheduledAfterTheProvisioningDelay() {
        NodePoolSpec pool = options("--pods-per-node", "2", "--node-provisioning-delay", "20s").nodePool();
        FakeClock clock = new FakeClock();
        FakePodLauncher launcher = new FakePodLauncher();
        LocalDeployment deployment = new LocalDeployment("worker", pool, launcher, Timeline.none(), clock);
        deployment.scale(ScaledObjectSpec.demo().maxReplicaCount());
        assertThat(deployment.readyReplicas()).as("two pods fit the initial node").isEqualTo(2);

        clock.advance(Duration.ofSeconds(20));
        deployment.reconcile();
        assertThat(deployment.readyReplicas()).as("the other two run on the node added after 20 s").isEqualTo(4);
        assertThat(deployment.nodes()).hasSize(2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--min-replicas 5                   | --min-replicas: MinReplicaCount=5 must be less than MaxReplicaCount=4",
        "--min-replicas -1                  | --min-replicas: minReplicaCount must be 0 or more, got -1",
        "--activation-queue-length -1       | --activation-queue-length: activationQueueLength must be 0 or more, got -1",
        "--max-replicas 0                   | --max-replicas: maxReplicaCount must be at least 1, got 0",
        "--max-replicas 1001                | --max-replicas: maxReplicaCount must be 1 to 1000 on one machine",
        "--scale-down-stabilization 2h      | --scale-down-stabilization: behavior.scaleDown.stabilizationWindow must be 0 to 3600 s",
        "--initial-nodes -1                 | --initial-nodes: initialNodes must be 0 or more, got -1",
        "--max-nodes 0                      | --max-nodes: maxNodes must be at least 1",
        "--initial-nodes 3 --max-nodes 2    | --max-nodes: maxNodes must be at least 1 and at least initialNodes (3), got 2",
        "--pods-per-node 0                  | --pods-per-node: podsPerNode must be at least 1, got 0",
        "--polling-interval 0s              | --polling-interval: pollingInterval must be above 0, got 0s",
        "--hpa-sync-period 0s               | --hpa-sync-period: syncPeriod must be above 0, got 0s",
        "--hpa-tolerance 1                  | --hpa-tolerance: tolerance must be at least 0 and below 1",
        "--scaled-object missing.yaml       | --scaled-object: missing.yaml: no such file (give a manifest, e.g. from helm template)",
        "--scaled-object x.yaml --cooldown 1m | --cooldown: the ScaledObject of --scaled-object x.yaml sets this; change it there",
        "--partitions 99                    | partition count must be 1-16, not 99",
        "--hub a                            | ",
        "--port 70000                       | --port must be 0 to 65535 (0 picks a free port), got 70000",
        "--taskhub-port -1                  | --taskhub-port must be 0 to 65535 (0 picks a free port), got -1",
    })
    void anOutOfRangeValueIsOneLineNamingItsFlagAndExitCode2AndNothingStarts(String args, String message) {
        int exit = up(args.trim().split("\\s+"));
        assertThat(exit).as(err.toString()).isEqualTo(2);
        assertThat(err.toString().strip().lines()).as(err.toString()).singleElement().asString()
                .startsWith("error: " + (message == null ? "" : message));
        assertThat(started).isEmpty();
    }

    @Test
    void aScaledObjectOnAnExternalTriggerIsNotTheWorkerTiersAndSaysSo(@TempDir Path dir) throws IOException {
        Path manifest = dir.resolve("orchestration.yaml");
        Files.writeString(manifest, String.join("\n",
                "apiVersion: keda.sh/v1alpha1",
                "kind: ScaledObject",
                "metadata:",
                "  name: perf-durascale-pipeline-taskhub",
                "spec:",
                "  scaleTargetRef:",
                "    name: perf-durascale-pipeline-taskhub",
                "  triggers:",
                "    - type: external",
                "      metadata:",
                "        scalerAddress: perf-durascale-pipeline-scaler:6000",
                "        hub: DurascaleHub"));
        assertThat(up("--scaled-object", manifest.toString())).as(err.toString()).isEqualTo(2);
        assertThat(err.toString().strip().lines()).singleElement().asString().isEqualTo("error: --scaled-object: " + manifest
                + " scales on an external trigger; the worker tier's ScaledObject needs an azure-queue trigger (its queue is "
                + "the jobs queue)");
        assertThat(started).isEmpty();
    }
}
