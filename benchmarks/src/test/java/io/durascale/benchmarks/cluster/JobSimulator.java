package io.durascale.benchmarks.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.durascale.benchmarks.sizing.MachineFacts;
import io.durascale.run.jmh.JmhJson;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * Plays the cluster's part against fabric8's mock server: nodes of a pool, then, for a benchmark
 * Job the code under test created, the pod the Job controller would start, its log (served by an
 * expectation: the CRUD mock has no pod logs) and the Job's final status.
 */
public final class JobSimulator {

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    public JobSimulator(KubernetesMockServer server, KubernetesClient client) {
        this.server = server;
        this.client = client;
    }

    /** A node of {@code pool} with AKS's reservations, and a DaemonSet pod requesting 300m on it. */
    public void node(String pool, String name, String instanceType, int vcpus, String allocatableCpu) {
        client.nodes().resource(new NodeBuilder()
                .withNewMetadata().withName(name).withLabels(Map.of("agentpool", pool,
                        "node.kubernetes.io/instance-type", instanceType)).endMetadata()
                .withNewStatus().withCapacity(Map.of("cpu", new Quantity(Integer.toString(vcpus))))
                .withAllocatable(Map.of("cpu", new Quantity(allocatableCpu))).endStatus()
                .build()).create();
        client.pods().inNamespace("kube-system").resource(new PodBuilder()
                .withNewMetadata().withName("kube-proxy-" + name).withNamespace("kube-system").endMetadata()
                .withNewSpec().withNodeName(name).addNewContainer().withName("kube-proxy").withImage("kube-proxy")
                .withNewResources().withRequests(Map.of("cpu", new Quantity("300m"))).endResources().endContainer().endSpec()
                .withNewStatus().withPhase("Running").endStatus()
                .build()).create();
    }

    /** Waits (with a deadline) for the code under test to create the pool's Job. */
    public Job awaitJob(String pool) {
        return Awaitility.await("a benchmark Job for pool " + pool).atMost(Duration.ofSeconds(10))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .until(() -> client.batch().v1().jobs().inAnyNamespace().withLabel(BenchmarkJob.POOL_OF_JOB_LABEL, pool)
                        .list().getItems(), jobs -> !jobs.isEmpty())
                .get(0);
    }

    /** The Job's pod, on {@code node}, in {@code phase}. */
    public Pod startPod(Job job, String node, String phase) {
        String podName = job.getMetadata().getName() + "-x7k2p";
        return client.pods().inNamespace(job.getMetadata().getNamespace()).resource(new PodBuilder()
                .withNewMetadata().withName(podName).withNamespace(job.getMetadata().getNamespace())
                .withLabels(Map.of("batch.kubernetes.io/job-name", job.getMetadata().getName(),
                        "job-name", job.getMetadata().getName())).endMetadata()
                .withNewSpec().withNodeName(node).withContainers(job.getSpec().getTemplate().getSpec().getContainers())
                .endSpec()
                .withNewStatus().withPhase(phase).endStatus()
                .build()).create();
    }

    /** Serves {@code log} as the pod's log, then marks the Job complete. */
    public void succeed(Job job, Pod pod, String log) {
        server.expect().get().withPath("/api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods/"
                + pod.getMetadata().getName() + "/log?pretty=false").andReturn(200, log).always();
        client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(new JobBuilder(job)
                .withNewStatus().withSucceeded(1).addNewCondition().withType("Complete").withStatus("True").endCondition()
                .endStatus().build()).updateStatus();
    }

    public void fail(Job job, String reason, String message) {
        client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(new JobBuilder(job)
                .withNewStatus().withFailed(1).addNewCondition().withType("Failed").withStatus("True").withReason(reason)
                .withMessage(message).endCondition().endStatus().build()).updateStatus();
    }

    /** What {@link PodBenchmark} prints on a node of {@code vcpus} CPUs: JMH's progress, then the marked result. */
    public static String podLog(int vcpus, double perCore, double efficiency) {
        Map<String, String> params = Map.of("kernel", "montecarlo", "blockSize", "1000000");
        Map<String, String> kernelParams = Map.of("kernel", "montecarlo", "blockSize", "1000000", "spinTokens", "0");
        JmhJson jmh = JmhJson.results()
                .add("KernelBenchmark.compute", 1, kernelParams, 312, perCore, perCore)
                .add("ThreadSweepBenchmark.threads1", 1, params, Double.NaN, perCore, perCore)
                .add("ThreadSweepBenchmark.threads2", 2, params, Double.NaN, 2 * perCore * 0.98, 2 * perCore * 0.98)
                .add("ThreadSweepBenchmark.threads4", 4, params, Double.NaN, 4 * perCore * 0.95, 4 * perCore * 0.95)
                .add("KernelBenchmark.compute", vcpus, kernelParams, Double.NaN, vcpus * perCore * efficiency,
                        vcpus * perCore * efficiency);
        try {
            ArrayNode array = (ArrayNode) new ObjectMapper().readTree(jmh.json());
            return "# JMH version: 1.37\n# Benchmark: io.durascale.benchmarks.ThreadSweepBenchmark.threads1\n"
                    + "Iteration   1: 49.1 ops/s\n"
                    + PodOutput.format(new MachineFacts("Intel(R) Xeon(R) Platinum 8272CL CPU @ 2.60GHz", vcpus, 2, true,
                            new double[] {1.2, 0.8, 0.4}), array) + "\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
