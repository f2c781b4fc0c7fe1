package io.durascale.loadtests;

import io.durascale.pipeline.orchestration.BatchRequest;
import io.durascale.pipeline.orchestration.OrchestrationWorkers;
import io.durascale.pipeline.taskhub.TaskHubSettings;
import io.durascale.run.LoadWorkload;
import io.durascale.run.RunInfo;
import io.durascale.storage.StorageResolution;
import io.durascale.core.cli.Durations;
import io.durascale.core.job.JobQueues;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every parameter of a load test, read in one place from {@code -D} system properties (Maven passes
 * them on to Gatling's JVM) with the environment as a fallback for secrets. A bad value is one
 * sentence naming the property and what it accepts ({@link IllegalArgumentException}).
 *
 * <p>No {@code -Dtarget}: the embedded stack is started in this JVM. With {@code -Dtarget=https://...}
 * the load goes to a deployed pipeline or any Durable Functions app with the same HTTP API, which
 * also needs {@code -DhostKey} and {@code -Dconnection} (the task hub's storage account, for the
 * queue monitor and block latencies); {@code -DkubeContext}/{@code -Dnamespace} turn on the
 * Kubernetes observer.
 */
public record LoadSettings(
        Optional<URI> target, Optional<String> hostKey, Optional<String> connection,
        Optional<String> kubeContext, Optional<String> namespace, String deployment, String hub, String jobsQueue,
        String orchestrator,
        int batches, int blocks, int blockSize, String kernel, long seed,
        double rate, Duration duration, Duration pollInterval, Duration timeout, Duration idleTimeout,
        List<Integer> sweep, int sweepBatches, int sweepBlocks, int sweepWorkers,
        int partitions, int maxReplicas, int queueLength, Duration pollingInterval, Duration cooldown,
        int workerConcurrency, int orchestrationWorkers, boolean scaledOrchestrationTier, Duration podStartDelay,
        boolean verify,
        Duration monitorInterval, Optional<Double> pricePerPodHour, Optional<Path> runDir, Optional<Path> gates,
        Optional<Path> sizing,
        Path gatlingResults) {

    /** The environment variable read for the host key when {@code -DhostKey} is not given. */
    public static final String HOST_KEY_ENV = "DURASCALE_HOST_KEY";
    /** A 1-vCPU pod's share of a Standard_D4s_v5 (0.192 USD/h, East US, pay-as-you-go, 4 vCPUs). */
    public static final double DEFAULT_PRICE_PER_POD_HOUR = 0.048;

    public LoadSettings {
        require(batches >= 1 && batches <= 10_000, "batches", "must be 1-10000");
        require(blocks >= 1 && blocks <= BatchRequest.MAX_INPUT_COUNT, "blocks", "must be 1-" + BatchRequest.MAX_INPUT_COUNT);
        require(rate > 0 && rate <= 1000, "rate", "must be a number of batches per second above 0 and at most 1000");
        require(sweep.stream().allMatch(p -> p >= 1 && p <= TaskHubSettings.MAX_PARTITIONS) && !sweep.isEmpty(),
                "sweep", "must list partition counts 1-" + TaskHubSettings.MAX_PARTITIONS);
        require(sweepBatches >= 1 && sweepBlocks >= 1 && sweepWorkers >= 1, "sweepBatches/sweepBlocks/sweepWorkers",
                "must be at least 1");
        require(partitions >= 1 && partitions <= TaskHubSettings.MAX_PARTITIONS, "partitions",
                "must be 1-" + TaskHubSettings.MAX_PARTITIONS);
        require(maxReplicas >= 1, "maxReplicas", "must be at least 1");
        require(queueLength >= 1, "queueLength", "must be at least 1");
        require(workerConcurrency >= 1, "workerConcurrency", "must be at least 1");
        require(orchestrationWorkers >= 1 && orchestrationWorkers <= OrchestrationWorkers.MAX_COUNT, "orchestrationWorkers",
                "must be 1-" + OrchestrationWorkers.MAX_COUNT);
        require(!pollInterval.isZero() && !timeout.isZero() && !monitorInterval.isZero(),
                "pollInterval/timeout/monitorInterval", "must be longer than zero");
        pricePerPodHour.ifPresent(p -> require(p >= 0, "pricePerPodHour", "must be 0 or more"));
        sizing.ifPresent(f -> require(java.nio.file.Files.isRegularFile(f), "sizing",
                "must be a sizing.json written by the sizing command (" + f + " is not a file)"));
        if (target.isPresent()) {
            require(hostKey.isPresent(), "hostKey", "is needed with -Dtarget (or set " + HOST_KEY_ENV + ")");
            require(connection.isPresent(), "connection", "is needed with -Dtarget: the task hub's storage account, to "
                    + "watch its queues (or set " + StorageResolution.CONNECTION_STRING_ENV + ")");
        }
    }

    /** From this JVM's system properties and environment. */
    public static LoadSettings fromSystem() {
        return from(System.getProperties()::getProperty, System::getenv);
    }

    /** From any property source (tests), with {@code environment} as the fallback for secrets. */
    public static LoadSettings from(Function<String, String> properties, Function<String, String> environment) {
        Reader p = new Reader(properties);
        String kernel = p.string("kernel", BatchRequest.DEFAULT_KERNEL);
        Optional<URI> target = p.optional("target").map(LoadSettings::targetUri);
        return new LoadSettings(
                target,
                p.optional("hostKey").or(() -> nonBlank(environment.apply(HOST_KEY_ENV))),
                p.optional("connection").or(() -> nonBlank(environment.apply(StorageResolution.CONNECTION_STRING_ENV))),
                p.optional("kubeContext"), p.optional("namespace"),
                p.string("deployment", "durascale-worker"),
                p.string("hub", TaskHubSettings.DEFAULT_HUB),
                p.string("jobsQueue", JobQueues.DEFAULT_QUEUE),
                p.string("orchestrator", "BatchCompute"),
                p.integer("batches", 4), p.integer("blocks", 20),
                p.integer("blockSize", knownBlockSize(kernel)), kernel, p.longValue("seed", BatchRequest.DEFAULT_SEED),
                p.decimal("rate", 0.5), p.duration("duration", Duration.ofSeconds(60)),
                p.duration("pollInterval", Duration.ofMillis(500)), p.duration("timeout", Duration.ofMinutes(5)),
                p.duration("idleTimeout", Duration.ofMinutes(5)),
                p.integers("sweep", List.of(1, 2, 4, 8)), p.integer("sweepBatches", 24), p.integer("sweepBlocks", 2),
                p.integer("sweepWorkers", 2),
                p.integer("partitions", 4), p.integer("maxReplicas", 4), p.integer("queueLength", 5),
                p.duration("pollingInterval", Duration.ofSeconds(2)), p.duration("cooldown", Duration.ofSeconds(20)),
                p.integer("workerConcurrency", 1),
                p.integer("orchestrationWorkers", io.durascale.pipeline.local.LocalStack.Options.defaults().orchestrationWorkers()),
                orchestrationTier(p.string("orchestrationTier", "in-process")),
                p.duration("podStartDelay", Duration.ZERO), p.bool("verify", true),
                p.duration("monitorInterval", Duration.ofSeconds(1)),
                p.optional("pricePerPodHour").map(v -> p.parse("pricePerPodHour", v, Double::parseDouble, "a number")),
                p.optional("runDir").map(Path::of), p.optional("gates").map(Path::of), p.optional("sizing").map(Path::of),
                Path.of(p.string("gatlingResults", "target/gatling")));
    }

    /** True when no target was given: the embedded stack runs in this JVM. */
    public boolean embedded() {
        return target.isEmpty();
    }

    /** What ran, for run.json: never the host key or the connection string. */
    public RunInfo describe() {
        RunInfo info = RunInfo.of("load-test").withTarget(embedded() ? "embedded" : "cluster");
        if (target.isPresent()) {
            info = info.withSetting("targetUrl", target.get().getScheme() + "://" + target.get().getAuthority());
        }
        if (kubeContext.isPresent()) {
            info = info.withSetting("kubeContext", kubeContext.get());
        }
        if (namespace.isPresent()) {
            info = info.withSetting("namespace", namespace.get());
        }
        if (embedded()) {
            info = info.withSetting("orchestrationTier", scaledOrchestrationTier ? "scaled" : "in-process");
        }
        return info.withKernel(kernel, blockSize).withWorkload(workload());
    }

    /** Everything a load test's figures depend on, so a gate compares only like with like. */
    public LoadWorkload workload() {
        LoadWorkload.Scaling scaling = embedded()
                ? new LoadWorkload.Scaling(partitions, maxReplicas, queueLength, pollingInterval.toMillis(),
                        cooldown.toSeconds(), workerConcurrency, orchestrationWorkers,
                        scaledOrchestrationTier ? "scaled" : "in-process", podStartDelay.toMillis(), verify)
                : null;
        return new LoadWorkload(orchestrator, batches, blocks, seed, pollInterval.toMillis(), rate, duration.toSeconds(),
                sweep, sweepBatches, sweepBlocks, sweepWorkers, scaling);
    }

    /**
     * {@code -DorchestrationTier}: {@code in-process} (one always-on task hub in this JVM, the default) or
     * {@code scaled} (the first stack's orchestration tier as KEDA-scaled {@code pipeline.jar taskhub} processes, as
     * {@code up} runs it; a partition sweep's steps stay in process: they measure partitions, not scaling).
     */
    private static boolean orchestrationTier(String value) {
        return switch (value) {
            case "scaled" -> true;
            case "in-process" -> false;
            default -> throw new IllegalArgumentException("-DorchestrationTier must be scaled or in-process, not '" + value + "'");
        };
    }

    /** The first stack's orchestration tier. */
    public io.durascale.pipeline.local.LocalStack.Tier firstStackTier() {
        return scaledOrchestrationTier ? io.durascale.pipeline.local.LocalStack.Tier.scaled(null)
                : io.durascale.pipeline.local.LocalStack.Tier.inProcess();
    }

    private static URI targetUri(String value) {
        try {
            URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-Dtarget must be an http(s) URL such as https://myapp.azurewebsites.net, not '"
                    + value + "'");
        }
    }

    private static int knownBlockSize(String kernel) {
        try {
            return BatchRequest.defaultBlockSize(kernel);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-Dkernel: " + e.getMessage());
        }
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static void require(boolean ok, String property, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("-D" + property + " " + rule);
        }
    }

    /** Typed reads of one property source, each error naming the property. */
    private record Reader(Function<String, String> source) {

        Optional<String> optional(String name) {
            return nonBlank(source.apply(name));
        }

        String string(String name, String fallback) {
            return optional(name).orElse(fallback);
        }

        int integer(String name, int fallback) {
            return optional(name).map(v -> parse(name, v, Integer::parseInt, "a whole number")).orElse(fallback);
        }

        long longValue(String name, long fallback) {
            return optional(name).map(v -> parse(name, v, Long::parseLong, "a whole number")).orElse(fallback);
        }

        double decimal(String name, double fallback) {
            return optional(name).map(v -> parse(name, v, Double::parseDouble, "a number")).orElse(fallback);
        }

        boolean bool(String name, boolean fallback) {
            return optional(name).map(v -> parse(name, v, s -> {
                if (!s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
                    throw new IllegalArgumentException();
                }
                return Boolean.parseBoolean(s);
            }, "true or false")).orElse(fallback);
        }

        Duration duration(String name, Duration fallback) {
            return optional(name).map(v -> parse(name, v, Durations::parse, "a duration such as 30s, 500ms or 2m"))
                    .orElse(fallback);
        }

        List<Integer> integers(String name, List<Integer> fallback) {
            return optional(name).map(v -> {
                List<Integer> values = new ArrayList<>();
                for (String part : v.split(",")) {
                    values.add(parse(name, part.trim(), Integer::parseInt, "a comma-separated list of whole numbers"));
                }
                return List.copyOf(values);
            }).orElse(fallback);
        }

        <T> T parse(String name, String value, Function<String, T> parser, String expected) {
            try {
                return parser.apply(value);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("-D" + name + " must be " + expected + ", not '" + value + "'");
            }
        }
    }
}
