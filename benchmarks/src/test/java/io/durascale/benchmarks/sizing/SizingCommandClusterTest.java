package io.durascale.benchmarks.sizing;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.benchmarks.cluster.JobSimulator;
import io.durascale.run.RunInfo;
import io.durascale.run.RunJson;
import io.durascale.run.RunReader;
import io.durascale.run.Sizing;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cluster mode end to end against fabric8's mock server: two pools measured, sized without extrapolation. */
@EnableKubernetesMockClient(crud = true)
class SizingCommandClusterTest {

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void sizesEachPoolsSkuFromItsOwnMeasurement(@TempDir Path dir) throws Exception {
        JobSimulator cluster = new JobSimulator(server, client);
        cluster.node("compute", "aks-compute-0", "Standard_F8s_v2", 8, "7820m");
        cluster.node("general", "aks-general-0", "Standard_D4s_v5", 4, "3860m");
        SizingCommand command = new SizingCommand();
        command.kubernetes = client;
        command.pollInterval = Duration.ofMillis(20);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path runDir = dir.resolve("run");
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> SizingCommand.commandLine(command,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute("--pool", "compute", "--pool", "general=Standard_D4s_v5", "--image", "durascale/benchmarks:test",
                        "--namespace", "bench", "--out", runDir.toString()));

        Job compute = cluster.awaitJob("compute");
        Job general = cluster.awaitJob("general");
        Pod computePod = cluster.startPod(compute, "aks-compute-0", "Succeeded");
        Pod generalPod = cluster.startPod(general, "aks-general-0", "Succeeded");
        cluster.succeed(general, generalPod, JobSimulator.podLog(4, 40.0, 0.95));
        cluster.succeed(compute, computePod, JobSimulator.podLog(8, 50.0, 0.8));

        assertThat(exit.get(20, TimeUnit.SECONDS)).as(err.toString(StandardCharsets.UTF_8)).isZero();
        RunReader read = RunReader.read(runDir);
        Sizing sizing = read.sizing().orElseThrow();
        assertThat(sizing.skus()).hasSize(2);
        Sizing.SkuRow f8 = sizing.skus().get(0);
        assertThat(f8.name()).isEqualTo("Standard_F8s_v2");
        assertThat(f8.extrapolated()).isFalse();
        assertThat(f8.measuredOnSku()).isTrue();
        assertThat(f8.perCoreBlocksPerSecond()).isEqualTo(50.0);
        assertThat(f8.scalingEfficiency()).isEqualTo(0.8);
        assertThat(f8.basis()).isEqualTo("measured at 8 threads on a Standard_F8s_v2");
        Sizing.SkuRow d4 = sizing.skus().get(1);
        assertThat(d4.name()).isEqualTo("Standard_D4s_v5");
        assertThat(d4.scalingEfficiency()).isEqualTo(0.95);
        assertThat(sizing.measuredBy()).containsOnlyKeys("node pool compute (aks-compute-0)", "node pool general (aks-general-0)");
        assertThat(sizing.measuredBy().get("node pool compute (aks-compute-0)").sku()).isEqualTo("Standard_F8s_v2");
        assertThat(sizing.method().mode()).startsWith("cluster");
        assertThat(sizing.recommended().reason()).doesNotContain("extrapolated", "another machine");
        assertThat(runDir.resolve("jmh-compute.json")).exists();
        assertThat(runDir.resolve("jmh-general.json")).exists();
        RunInfo runJson = read.run().orElseThrow();
        assertThat(runJson.target()).isEqualTo("cluster");
        assertThat(RunJson.MAPPER.treeToValue(runJson.setting("sizing"), SizingCommand.RunSetting.class).jmh())
                .containsEntry("compute", "jmh-compute.json").containsEntry("general", "jmh-general.json");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("cluster: started Job bench/durascale-bench-compute-",
                "sizing: results in " + runDir.toAbsolutePath());
    }
}
