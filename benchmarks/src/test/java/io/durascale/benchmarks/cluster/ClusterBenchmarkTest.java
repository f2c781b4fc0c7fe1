package io.durascale.benchmarks.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ClusterBenchmarkTest {

    KubernetesMockServer server;
    KubernetesClient client;
    private JobSimulator cluster;
    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    @BeforeEach
    void nodes() {
        cluster = new JobSimulator(server, client);
        cluster.node("compute", "aks-compute-0", "Standard_F8s_v2", 8, "7820m");
    }

    private ClusterBenchmark benchmark(Duration timeout) {
        BenchmarkJob.Spec spec = new BenchmarkJob.Spec("test", "myregistry.azurecr.io/durascale/benchmarks:0.1.0",
                "montecarlo", "1000000", "-f 1 -wi 1 -i 3", timeout);
        return new ClusterBenchmark(client, spec, Duration.ofMillis(20), new PrintStream(progress, true, StandardCharsets.UTF_8));
    }

    private CompletableFuture<List<PoolResult>> runInBackground(ClusterBenchmark benchmark, String... pools) {
        return CompletableFuture.supplyAsync(() -> benchmark.run(java.util.Arrays.stream(pools).map(PoolTarget::parse).toList()));
    }

    @Test
    void runsAJobPinnedToThePoolAndCollectsTheResultFromThePodLog() throws Exception {
        CompletableFuture<List<PoolResult>> run = runInBackground(benchmark(Duration.ofMinutes(5)), "compute");
        Job job = cluster.awaitJob("compute");

        assertThat(job.getMetadata().getName()).startsWith("durascale-bench-compute-");
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(300);
        var pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getNodeSelector()).containsExactlyEntriesOf(java.util.Map.of("agentpool", "compute"));
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        Container container = pod.getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("myregistry.azurecr.io/durascale/benchmarks:0.1.0");
        // The node's allocatable 7820m less the 300m its DaemonSet pod requests; no CPU limit to throttle the run.
        assertThat(container.getResources().getRequests().get("cpu").toString()).isEqualTo("7520m");
        assertThat(container.getResources().getLimits()).doesNotContainKey("cpu");
        assertThat(container.getCommand()).containsSequence("--threads", "8").contains(PodBenchmark.class.getName());

        Pod started = cluster.startPod(job, "aks-compute-0", "Succeeded");
        cluster.succeed(job, started, JobSimulator.podLog(8, 50.0, 0.8));
        List<PoolResult> results = run.get(10, TimeUnit.SECONDS);

        PoolResult compute = results.get(0);
        assertThat(compute.pool()).isEqualTo("compute");
        assertThat(compute.sku()).isEqualTo("Standard_F8s_v2");
        assertThat(compute.vcpus()).isEqualTo(8);
        assertThat(compute.node()).isEqualTo("aks-compute-0");
        assertThat(compute.facts().cpuModel()).isEqualTo("Intel(R) Xeon(R) Platinum 8272CL CPU @ 2.60GHz");
        assertThat(compute.facts().threadsPerCore()).isEqualTo(2);
        assertThat(compute.results()).hasSize(5);
        assertThat(compute.results()).anySatisfy(r -> {
            assertThat(r.threads()).isEqualTo(8);
            assertThat(r.primary().median()).isEqualTo(320.0);
        });
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("started Job test/" + job.getMetadata().getName()
                + " on pool compute (Standard_F8s_v2, 8 vCPUs, requesting 7520m CPU)", "pool compute finished");
    }

    @Test
    void aPoolWithoutNodesIsOneClearMessage() {
        assertThatThrownBy(() -> benchmark(Duration.ofMinutes(5)).run(List.of(PoolTarget.parse("gpu"))))
                .isInstanceOf(ClusterBenchmarkException.class)
                .hasMessage("node pool gpu has no nodes (no node is labelled agentpool=gpu): scale it to at least 1 node "
                        + "or check the name with 'kubectl get nodes -L agentpool'");
        assertThat(client.batch().v1().jobs().inAnyNamespace().list().getItems()).isEmpty();
    }

    @Test
    void aFailedJobNamesThePoolTheReasonAndTheExitCode() throws Exception {
        CompletableFuture<List<PoolResult>> run = runInBackground(benchmark(Duration.ofMinutes(5)), "compute=Standard_F8s_v2");
        Job job = cluster.awaitJob("compute");
        Pod pod = cluster.startPod(job, "aks-compute-0", "Failed");
        client.pods().inNamespace("test").resource(new PodBuilder(pod).editStatus().addNewContainerStatus()
                .withName("benchmarks").withNewState().withNewTerminated().withExitCode(137).withReason("OOMKilled")
                .endTerminated().endState().endContainerStatus().endStatus().build()).updateStatus();
        cluster.fail(job, "BackoffLimitExceeded", "Job has reached the specified backoff limit");

        assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(ClusterBenchmarkException.class)
                .hasMessage("benchmark Job test/" + job.getMetadata().getName() + " on pool compute failed: "
                        + "BackoffLimitExceeded (Job has reached the specified backoff limit), container exited with code 137 "
                        + "(OOMKilled); see 'kubectl logs -n test job/" + job.getMetadata().getName() + "'");
    }

    @Test
    void aJobThatDoesNotFinishInTimeIsDeletedAndSaysWhyItWaited() throws Exception {
        CompletableFuture<List<PoolResult>> run = runInBackground(benchmark(Duration.ofSeconds(1)), "compute");
        Job job = cluster.awaitJob("compute");
        Pod pod = cluster.startPod(job, "aks-compute-0", "Pending");
        client.pods().inNamespace("test").resource(new PodBuilder(pod).editStatus().addNewCondition().withType("PodScheduled")
                .withStatus("False").withMessage("0/1 nodes are available: 1 Insufficient cpu.").endCondition().endStatus()
                .build()).updateStatus();

        assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(ClusterBenchmarkException.class)
                .hasMessage("benchmark Job test/" + job.getMetadata().getName() + " on pool compute did not finish within 1s "
                        + "(pod " + pod.getMetadata().getName() + " Pending: 0/1 nodes are available: 1 Insufficient cpu.); "
                        + "it was deleted - raise --timeout or check the pool with 'kubectl describe job -n test "
                        + job.getMetadata().getName() + "'");
        assertThat(client.batch().v1().jobs().inNamespace("test").withName(job.getMetadata().getName()).get()).isNull();
    }

    @Test
    void aLogWithoutTheResultBlockSaysSoAndShowsItsLastLines() {
        assertThatThrownBy(() -> PodOutput.parse("Exception in thread \"main\" java.lang.OutOfMemoryError\n", "pod p"))
                .hasMessage("pod p finished without a benchmark result in its log (no '" + PodOutput.BEGIN + "' ... '"
                        + PodOutput.END + "' block); its last lines: Exception in thread \"main\" java.lang.OutOfMemoryError");
        assertThatThrownBy(() -> PodOutput.parse(PodOutput.BEGIN + "\n{\"facts\": {}}\n" + PodOutput.END, "pod p"))
                .hasMessage("pod p printed a result block without \"facts\" and a \"jmh\" array");
        assertThatThrownBy(() -> PoolTarget.parse("compute=")).hasMessageContaining("has '=' but no SKU after it");
    }
}
