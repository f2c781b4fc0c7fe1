package io.durascale.benchmarks.cluster;

import io.durascale.run.jmh.JmhResults;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Cluster mode: benchmarks each named node pool with a {@link BenchmarkJob}, all pools at once,
 * waits for them (polling with a deadline), and collects each pod's result from its log. Any
 * failure — a pool without nodes, a Job that failed, a timeout — stops the run with one message
 * naming the pool and what to do; Jobs still running are deleted so they free their nodes.
 */
public final class ClusterBenchmark {

    static final String INSTANCE_TYPE_LABEL = "node.kubernetes.io/instance-type";
    static final String LEGACY_INSTANCE_TYPE_LABEL = "beta.kubernetes.io/instance-type";
    private static final List<String> JOB_NAME_LABELS = List.of("batch.kubernetes.io/job-name", "job-name");

    private final KubernetesClient client;
    private final BenchmarkJob.Spec spec;
    private final Duration pollInterval;
    private final PrintStream progress;

    public ClusterBenchmark(KubernetesClient client, BenchmarkJob.Spec spec, Duration pollInterval, PrintStream progress) {
        this.client = client;
        this.spec = spec;
        this.pollInterval = pollInterval;
        this.progress = progress;
    }

    /** A pool's node as the Job will be sized for it. */
    record Placement(PoolTarget target, String sku, int vcpus, long cpuRequestMillis) {
    }

    /**
     * Runs the pools' Jobs and returns their results in the order given.
     *
     * @throws ClusterBenchmarkException one sentence naming the pool and the problem
     */
    public List<PoolResult> run(List<PoolTarget> pools) {
        try {
            List<Placement> placements = new ArrayList<>();
            for (PoolTarget pool : pools) {
                placements.add(place(pool));
            }
            String suffix = Long.toString(System.currentTimeMillis() / 1000, 36);
            Map<String, Placement> jobs = new LinkedHashMap<>();
            for (Placement placement : placements) {
                String name = BenchmarkJob.name(placement.target().pool(), suffix);
                client.batch().v1().jobs().inNamespace(spec.namespace())
                        .resource(BenchmarkJob.build(spec, name, placement.target().pool(), placement.vcpus(),
                                placement.cpuRequestMillis()))
                        .create();
                jobs.put(name, placement);
                progress.printf(Locale.ROOT, "cluster: started Job %s/%s on pool %s (%s, %d vCPUs, requesting %dm CPU)%n",
                        spec.namespace(), name, placement.target().pool(), placement.sku(), placement.vcpus(),
                        placement.cpuRequestMillis());
            }
            try {
                Map<String, PoolResult> results = awaitAll(jobs);
                List<PoolResult> ordered = new ArrayList<>();
                jobs.keySet().forEach(name -> ordered.add(results.get(name)));
                return ordered;
            } catch (RuntimeException e) {
                deleteUnfinished(jobs.keySet());
                throw e;
            }
        } catch (KubernetesClientException e) {
            throw new ClusterBenchmarkException("the Kubernetes API at " + client.getMasterUrl() + " refused or failed a "
                    + "request (" + firstLine(e.getMessage()) + "): check the kubeconfig context and your permissions on "
                    + "nodes, pods, pods/log and batch Jobs in namespace " + spec.namespace());
        }
    }

    Placement place(PoolTarget target) {
        List<Node> nodes = client.nodes().withLabel(BenchmarkJob.POOL_LABEL, target.pool()).list().getItems();
        if (nodes.isEmpty()) {
            throw new ClusterBenchmarkException("node pool " + target.pool() + " has no nodes (no node is labelled "
                    + BenchmarkJob.POOL_LABEL + "=" + target.pool() + "): scale it to at least 1 node or check the name "
                    + "with 'kubectl get nodes -L " + BenchmarkJob.POOL_LABEL + "'");
        }
        Node best = null;
        long bestFree = -1;
        for (Node node : nodes) {
            long free = millis(node.getStatus().getAllocatable().get("cpu")) - requestedOn(node.getMetadata().getName());
            if (free > bestFree) {
                best = node;
                bestFree = free;
            }
        }
        int vcpus = (int) Math.max(1, millis(best.getStatus().getCapacity().get("cpu")) / 1000);
        long request = bestFree / 10 * 10;
        if (request < 100) {
            throw new ClusterBenchmarkException("node pool " + target.pool() + " has no free CPU for the benchmark pod "
                    + "(the best node has " + bestFree + "m unrequested): scale the pool up by a node");
        }
        String labelled = Optional.ofNullable(best.getMetadata().getLabels()).map(l -> l.getOrDefault(INSTANCE_TYPE_LABEL,
                l.get(LEGACY_INSTANCE_TYPE_LABEL))).orElse(null);
        String sku = target.sku() != null ? target.sku() : labelled;
        if (sku == null) {
            throw new ClusterBenchmarkException("node pool " + target.pool() + " does not say its VM size (no "
                    + INSTANCE_TYPE_LABEL + " label): give it as --pool " + target.pool() + "=Standard_...");
        }
        return new Placement(target, sku, vcpus, request);
    }

    /** CPU requested by the running pods on a node, as the scheduler counts it. */
    private long requestedOn(String nodeName) {
        long total = 0;
        // Filtered here rather than with a spec.nodeName field selector, which not every API server (or mock) serves.
        for (Pod pod : client.pods().inAnyNamespace().list().getItems()) {
            if (pod.getSpec() == null || !nodeName.equals(pod.getSpec().getNodeName()) || isTerminal(pod)) {
                continue;
            }
            for (var container : pod.getSpec().getContainers()) {
                if (container.getResources() != null && container.getResources().getRequests() != null) {
                    total += millis(container.getResources().getRequests().get("cpu"));
                }
            }
        }
        return total;
    }

    private Map<String, PoolResult> awaitAll(Map<String, Placement> jobs) {
        long started = System.nanoTime();
        long deadline = started + spec.timeout().toNanos();
        long nextReport = started + Duration.ofSeconds(30).toNanos();
        Map<String, PoolResult> done = new LinkedHashMap<>();
        while (done.size() < jobs.size()) {
            for (Map.Entry<String, Placement> entry : jobs.entrySet()) {
                String name = entry.getKey();
                if (done.containsKey(name)) {
                    continue;
                }
                Job job = client.batch().v1().jobs().inNamespace(spec.namespace()).withName(name).get();
                Placement placement = entry.getValue();
                if (job == null) {
                    throw new ClusterBenchmarkException("benchmark Job " + name + " for pool " + placement.target().pool()
                            + " disappeared before it finished (deleted by someone else?)");
                }
                if (failed(job)) {
                    throw new ClusterBenchmarkException("benchmark Job " + spec.namespace() + "/" + name + " on pool "
                            + placement.target().pool() + " failed" + failureDetail(job, name) + "; see 'kubectl logs -n "
                            + spec.namespace() + " job/" + name + "'");
                }
                if (succeeded(job)) {
                    done.put(name, collect(name, placement));
                    progress.printf(Locale.ROOT, "cluster: pool %s finished after %ds%n", placement.target().pool(),
                            Duration.ofNanos(System.nanoTime() - started).toSeconds());
                }
            }
            if (done.size() == jobs.size()) {
                break;
            }
            long now = System.nanoTime();
            if (now >= deadline) {
                String waiting = jobs.keySet().stream().filter(n -> !done.containsKey(n)).findFirst().orElseThrow();
                throw new ClusterBenchmarkException("benchmark Job " + spec.namespace() + "/" + waiting + " on pool "
                        + jobs.get(waiting).target().pool() + " did not finish within " + format(spec.timeout())
                        + podState(waiting) + "; it was deleted - raise --timeout or check the pool with "
                        + "'kubectl describe job -n " + spec.namespace() + " " + waiting + "'");
            }
            if (now >= nextReport) {
                progress.printf(Locale.ROOT, "cluster: %d of %d pools finished, %ds elapsed%n", done.size(), jobs.size(),
                        Duration.ofNanos(now - started).toSeconds());
                nextReport = now + Duration.ofSeconds(30).toNanos();
            }
            sleep(Math.min(pollInterval.toNanos(), Math.max(1_000_000, deadline - now)));
        }
        return done;
    }

    private PoolResult collect(String jobName, Placement placement) {
        Pod pod = podOf(jobName).orElseThrow(() -> new ClusterBenchmarkException("benchmark Job " + jobName
                + " succeeded but its pod is gone, so its log cannot be read; rerun with a longer ttl or check the "
                + "namespace's pod garbage collection"));
        String podName = pod.getMetadata().getName();
        String log = client.pods().inNamespace(spec.namespace()).withName(podName).getLog();
        PodOutput.Result output = PodOutput.parse(log, "benchmark pod " + spec.namespace() + "/" + podName + " on pool "
                + placement.target().pool());
        var results = JmhResults.parse(output.jmhJson(), "the JMH result of pool " + placement.target().pool());
        return new PoolResult(placement.target().pool(), placement.sku(), placement.vcpus(), jobName,
                pod.getSpec().getNodeName(), output.facts(), output.jmhJson(), results);
    }

    private Optional<Pod> podOf(String jobName) {
        for (String label : JOB_NAME_LABELS) {
            List<Pod> pods = client.pods().inNamespace(spec.namespace()).withLabel(label, jobName).list().getItems();
            if (!pods.isEmpty()) {
                return Optional.of(pods.get(pods.size() - 1));
            }
        }
        return Optional.empty();
    }

    private String failureDetail(Job job, String jobName) {
        StringBuilder detail = new StringBuilder();
        conditions(job).stream().filter(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus())).findFirst()
                .ifPresent(c -> detail.append(": ").append(c.getReason() == null ? "Failed" : c.getReason())
                        .append(c.getMessage() == null ? "" : " (" + c.getMessage() + ")"));
        podOf(jobName).ifPresent(pod -> {
            List<ContainerStatus> statuses = pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
            if (statuses != null) {
                for (ContainerStatus status : statuses) {
                    if (status.getState() != null && status.getState().getTerminated() != null) {
                        var terminated = status.getState().getTerminated();
                        detail.append(detail.length() == 0 ? ": " : ", ").append("container exited with code ")
                                .append(terminated.getExitCode())
                                .append(terminated.getReason() == null ? "" : " (" + terminated.getReason() + ")");
                    }
                }
            }
        });
        return detail.toString();
    }

    private String podState(String jobName) {
        return podOf(jobName).map(pod -> {
            String phase = pod.getStatus() == null || pod.getStatus().getPhase() == null ? "unknown"
                    : pod.getStatus().getPhase();
            String why = "";
            if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
                for (PodCondition condition : pod.getStatus().getConditions()) {
                    if ("PodScheduled".equals(condition.getType()) && "False".equals(condition.getStatus())) {
                        why = ": " + condition.getMessage();
                    }
                }
            }
            return " (pod " + pod.getMetadata().getName() + " " + phase + why + ")";
        }).orElse(" (no pod was created)");
    }

    private void deleteUnfinished(Iterable<String> names) {
        for (String name : names) {
            try {
                Job job = client.batch().v1().jobs().inNamespace(spec.namespace()).withName(name).get();
                if (job != null && !succeeded(job) && !failed(job)) {
                    client.batch().v1().jobs().inNamespace(spec.namespace()).withName(name)
                            .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete();
                    progress.println("cluster: deleted unfinished Job " + spec.namespace() + "/" + name);
                }
            } catch (KubernetesClientException e) {
                progress.println("cluster: could not delete Job " + name + " (" + firstLine(e.getMessage())
                        + "); delete it with kubectl");
            }
        }
    }

    static boolean succeeded(Job job) {
        return job.getStatus() != null && (job.getStatus().getSucceeded() != null && job.getStatus().getSucceeded() > 0
                || conditions(job).stream().anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus())));
    }

    static boolean failed(Job job) {
        return job.getStatus() != null && (job.getStatus().getFailed() != null && job.getStatus().getFailed() > 0
                || conditions(job).stream().anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus())));
    }

    private static List<JobCondition> conditions(Job job) {
        return job.getStatus() == null || job.getStatus().getConditions() == null ? List.of() : job.getStatus().getConditions();
    }

    private static boolean isTerminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    static long millis(Quantity quantity) {
        if (quantity == null) {
            return 0;
        }
        BigDecimal cores = quantity.getNumericalAmount();
        return cores.multiply(BigDecimal.valueOf(1000)).longValue();
    }

    private static String format(Duration duration) {
        long s = duration.toSeconds();
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no detail";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterBenchmarkException("interrupted while waiting for the benchmark Jobs");
        }
    }
}
