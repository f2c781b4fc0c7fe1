package io.durascale.benchmarks.cluster;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Kubernetes Job that benchmarks one node pool: one pod pinned to the pool by its
 * {@code agentpool} label, requesting the CPU the busiest-free node has left (so nothing else is
 * scheduled beside it) and no CPU limit (a quota would throttle the measurement), running
 * {@link PodBenchmark} from the benchmarks image. It never retries (a retry would measure a
 * different moment), stops itself after the timeout, and is deleted an hour after it finishes.
 */
public final class BenchmarkJob {

    public static final String POOL_LABEL = "agentpool";
    public static final String APP_LABEL = "app.kubernetes.io/name";
    public static final String APP = "durascale-benchmarks";
    public static final String POOL_OF_JOB_LABEL = "durascale.io/pool";

    private BenchmarkJob() {
    }

    /** The settings every pool's Job shares. */
    public record Spec(String namespace, String image, String kernel, String blockSize, String jmhOptions, Duration timeout) {
    }

    public static Job build(Spec spec, String name, String pool, int vcpus, long cpuRequestMillis) {
        Map<String, String> labels = Map.of(APP_LABEL, APP, POOL_OF_JOB_LABEL, pool);
        List<String> command = List.of("java", "-XX:ActiveProcessorCount=" + vcpus, "-cp", "/app/benchmarks.jar",
                PodBenchmark.class.getName(), "--kernel", spec.kernel(), "--block-size", spec.blockSize(),
                "--threads", Integer.toString(vcpus), "--jmh-options", spec.jmhOptions());
        return new JobBuilder()
                .withNewMetadata().withName(name).withNamespace(spec.namespace()).withLabels(labels).endMetadata()
                .withNewSpec()
                    .withBackoffLimit(0)
                    .withActiveDeadlineSeconds(spec.timeout().toSeconds())
                    .withTtlSecondsAfterFinished(3600)
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).endMetadata()
                        .withNewSpec()
                            .withRestartPolicy("Never")
                            .withNodeSelector(Map.of(POOL_LABEL, pool))
                            .addNewContainer()
                                .withName("benchmarks")
                                .withImage(spec.image())
                                .withCommand(command)
                                .withNewResources()
                                    .withRequests(Map.of("cpu", new Quantity(cpuRequestMillis + "m"),
                                            "memory", new Quantity("1Gi")))
                                    .withLimits(Map.of("memory", new Quantity("2Gi")))
                                .endResources()
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    /** A DNS-1123 name: durascale-bench-POOL-SUFFIX, at most 63 characters. */
    public static String name(String pool, String suffix) {
        String name = ("durascale-bench-" + pool + "-" + suffix).toLowerCase(Locale.ROOT);
        return name.length() <= 63 ? name : name.substring(0, 63).replaceAll("-+$", "");
    }
}
