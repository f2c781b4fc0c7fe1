package io.durascale.reports;

import io.durascale.run.LatencySummary;
import io.durascale.run.Machine;
import io.durascale.run.Metrics;
import io.durascale.run.RunDirectory;
import io.durascale.run.RunFile;
import io.durascale.run.RunInfo;
import io.durascale.run.RunJson;
import io.durascale.run.Sizing;
import io.durascale.run.TaskHubBench;
import io.durascale.run.jmh.JmhJson;
import io.durascale.run.timeline.Timeline;
import io.durascale.run.timeline.TimelineEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;

/**
 * Writes run directories through the run-directory records, as the instruments do, with realistic values from an
 * embedded study on a 2-core machine: a JMH run (with a calibration benchmark and -prof gc), sizing, a task hub
 * benchmark, a KEDA scale-up/scale-to-zero timeline simulated second by second, HdrHistogram latency files,
 * metrics.json and a Gatling report folder. Each method replaces its file.
 */
public final class SyntheticRun {

    public static final long T0 = Instant.parse("2026-11-21T20:00:00Z").toEpochMilli();
    public static final String KERNEL = "io.durascale.benchmarks.KernelBenchmark.compute";
    public static final String CALIBRATION = "io.durascale.benchmarks.CalibrationBenchmark.sha256";
    private static final String WORKER = "durascale-worker";

    private final RunDirectory run;
    private String kernelName = "stencil";
    private String hostile = null;

    private SyntheticRun(Path dir) {
        this.run = RunDirectory.create(dir, "synthetic");
    }

    public static SyntheticRun in(Path dir) {
        return new SyntheticRun(dir);
    }

    /** A run directory with every contract file. */
    public static Path full(Path dir) {
        SyntheticRun run = in(dir);
        run.runJson().jmh(1.0).sizing(1.0).taskhubBench().timeline().latency().metrics().gatling();
        return dir;
    }

    public Path dir() {
        return run.path();
    }

    /** Puts a string crafted to break out of HTML and script contexts into every free-text field. */
    public SyntheticRun hostile(String text) {
        this.hostile = text;
        this.kernelName = text;
        return this;
    }

    // ---------------------------------------------------------------- run.json

    /** A study's description of itself, as the load tests and the study merge it. */
    record TaskHubSetting(String hub, int partitions) {
    }

    public SyntheticRun runJson() {
        RunInfo info = RunInfo.of("study").withTarget("embedded")
                .withStorage("Azurite (npm) — blob http://127.0.0.1:41001, queue http://127.0.0.1:41002, table http://127.0.0.1:41003",
                        true)
                .withMachine(new Machine("Linux 6.18 amd64", 2, 25276641280L, "Debian 17.0.15", 6320816128L))
                .withVersions(versions("durascale", "0.1.0-SNAPSHOT", "azurite", "3.37.0", "jmh", "1.37", "gatling", "3.15.1"))
                .withKernel(kernelName, 256)
                .withSetting("taskHub", new TaskHubSetting("DurascaleHub", 4))
                .withSetting("keda", "ScaledObjectSpec[queue=compute-jobs, queueLength=5, pollingInterval=PT2S, "
                        + "cooldownPeriod=PT20S, min=0, max=4]")
                .withSetting("nodePool", "NodePoolSpec[podsPerNode=2, nodeProvisioningDelay=PT10S, initialNodes=1]")
                .withStartedAt(Instant.parse("2026-11-21T20:00:00Z")).withFinishedAt(Instant.parse("2026-11-21T20:09:30Z"));
        if (hostile != null) {
            info = info.withSetting("note", hostile);
        }
        return runJson(info);
    }

    /** run.json as given (this machine is added when it names none). */
    public SyntheticRun runJson(RunInfo info) {
        delete(RunFile.RUN.fileName());
        run.describe(info);
        return this;
    }

    private static Map<String, String> versions(String... namesAndVersions) {
        Map<String, String> v = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndVersions.length; i += 2) {
            v.put(namesAndVersions[i], namesAndVersions[i + 1]);
        }
        return v;
    }

    // ---------------------------------------------------------------- jmh.json

    /**
     * A JMH result as benchmarks.jar -rf json -prof gc writes it. {@code speed} scales every throughput
     * (and divides times): 2.0 is a machine twice as fast.
     */
    public SyntheticRun jmh(double speed) {
        JmhJson results = JmhJson.results().addScore(CALIBRATION, "thrpt", 1, Map.of(), 1850.0 * speed, 12.0 * speed, "ops/s", 0.02);
        for (int threads : new int[] {1, 2}) {
            results.addScore(KERNEL, "thrpt", threads, Map.of("kernel", kernelName, "blockSize", "256"),
                    (threads == 1 ? 172.0 : 330.1) * speed, 3.1 * speed, "ops/s", 4128.0);
        }
        results.addScore(KERNEL, "avgt", 1, Map.of("kernel", "matmul", "blockSize", "64"), 2.91 / speed, 0.04 / speed,
                "ms/op", 33_000.0);
        return jmh(results);
    }

    public SyntheticRun jmh(JmhJson results) {
        results.write(run.file(RunFile.JMH));
        return this;
    }

    // ---------------------------------------------------------------- sizing.json

    public SyntheticRun sizing(double speed) {
        List<Sizing.SkuRow> skus = List.of(
                sku("Standard_D2s_v5", 2, 8, 1.9, 6.0, 0.096, 165 * speed, 0.96, false, 1, 1, 330 * speed * 0.96, 1, 0.081),
                sku("Standard_F4s_v2", 4, 8, 3.86, 6.0, 0.169, 190 * speed, 0.93, true, 3, 1, 530 * speed, 1, 0.089),
                sku("Standard_D4s_v5", 4, 16, 3.86, 12.9, 0.192, 165 * speed, 0.93, true, 3, 1, 460 * speed, 1, 0.116));
        Sizing.Measured measured = new Sizing.Measured(List.of(1, 2), List.of(172.0 * speed, 330.1 * speed), List.of(1.0, 0.96),
                2_100_000L, "Intel(R) Xeon(R) Platinum 8370C CPU @ 2.80GHz", 2, "this machine", null, 172.0 * speed, null,
                null, null, null, null, null, null, null, null, null);
        run.write(new Sizing(new Sizing.Catalog("keda.md §6 (c3x.dev, learningbro.com; third-party)", "eastus", "USD",
                "2026-11-21", null, null, null), kernelName, 256, measured, null, null, List.of(),
                new Sizing.Target(Sizing.Target.BLOCKS_PER_HOUR, 1_000_000L, null, null, 277.778), null, skus,
                new Sizing.Recommended("Standard_D2s_v5", "lowest cost per million blocks that meets 1,000,000 blocks/h "
                        + "with one node and headroom", null, null)));
        return this;
    }

    private static Sizing.SkuRow sku(String name, int vcpus, double mem, double allocCpu, double allocMem, double price,
                                     double perCore, double eff, boolean extrapolated, int podsPerNode, int concurrency,
                                     double nodeRate, long nodes, double perMillion) {
        return new Sizing.SkuRow(name, vcpus, mem, null, allocCpu, allocMem, price, perCore, eff, extrapolated, podsPerNode,
                concurrency, "1", "512Mi", nodeRate, nodes, perMillion, null, null, podsPerNode * concurrency, "cpu", null,
                false, true, null, "eastus", null, null, null);
    }

    // ---------------------------------------------------------------- taskhub-bench.json

    public SyntheticRun taskhubBench() {
        List<TaskHubBench.Step> steps = new ArrayList<>();
        double[] rates = {31.0, 55.2, 83.6, 88.1};
        int[] partitions = {1, 2, 4, 8};
        for (int i = 0; i < partitions.length; i++) {
            int p = partitions[i];
            List<Long> episodes = new ArrayList<>();
            for (int k = 0; k < p; k++) {
                episodes.add((long) (6000 / p + (k % 2 == 0 ? 90 : -90) * (p > 1 ? 1 : 0)));
            }
            Map<String, Long> operations = new LinkedHashMap<>();
            operations.put("queue.send", 2000L);
            operations.put("queue.receive", 1900L);
            operations.put("table.insert", 9000L);
            double bound = 95.0 + p * 10;
            steps.add(new TaskHubBench.Step(hostile != null ? hostile : "HelloCities5", p, 1000, 5000, 1000 / rates[i],
                    rates[i], rates[i] * 5, 21.1, 21.0, 0.1, operations, episodes, p == 1 ? 1.0 : 1.0 + 90.0 * p / 6000,
                    14.0, 400, bound, rates[i] / bound, Map.of("8", bound), null, null, null));
        }
        run.write(new TaskHubBench(steps));
        return this;
    }

    // ---------------------------------------------------------------- timeline.jsonl

    /** The ScaledObject settings the local KEDA records, as its own record would be written. */
    record ScaledObject(String queueName, int queueLength, String pollingInterval, String cooldownPeriod, int minReplicaCount,
                        int maxReplicaCount) {
    }

    /**
     * A KEDA scale-up and scale-to-zero, second by second: 200 blocks arrive at 2 s, KEDA polls every 2 s,
     * pods take 3 s to be ready, a second node takes 10 s, each ready pod drains 2 blocks/s, and the 20 s
     * cooldown ends with the scale to zero.
     */
    public SyntheticRun timeline() {
        delete(RunFile.TIMELINE.fileName());
        try (Timeline timeline = Timeline.in(run)) {
            simulate(timeline);
        }
        return this;
    }

    private static void simulate(Timeline line) {
        line.record(new TimelineEvent.KedaSettings(T0, WORKER,
                RunJson.MAPPER.valueToTree(new ScaledObject("compute-jobs", 5, "2s", "20s", 0, 4)), null, null));
        line.record(new TimelineEvent.NodeChange(T0, "node-1", "Ready", 1, "initial", null));
        double depth = 0;
        int desired = 0;
        List<int[]> pods = new ArrayList<>(); // {createdAt, readyAt, phaseIndex}
        int completed = 0;
        long lastActive = -1;
        boolean node2 = false;
        int[] lastReplicas = {-1, -1, -1};
        for (int s = 0; s <= 75; s++) {
            long t = T0 + s * 1000L;
            if (s == 2) {
                line.record(new TimelineEvent.LoadMarker(t, "burst-start", 0));
                depth = 200;
                line.record(new TimelineEvent.Orchestrations(t, 40, 0, 0));
            }
            if (s == 3) {
                line.record(new TimelineEvent.LoadMarker(t, "burst-end", 0));
            }
            long ready = pods.stream().filter(p -> p[2] == 3).count();
            depth = Math.max(0, depth - 2 * ready);
            for (int c = 0; c < 4; c++) {
                line.record(new TimelineEvent.QueueDepth(t, "durascalehub-control-0" + c, s >= 2 && depth > 0 ? (s + c) % 3 : 0));
            }
            line.record(new TimelineEvent.QueueDepth(t, "compute-jobs", (long) depth));
            if (s % 2 == 0) {
                boolean active = depth > 0;
                line.record(new TimelineEvent.ScalerReading(t, "azure-queue", null, "compute-jobs", "s0-azure-queue-compute-jobs",
                        "all", (long) depth, 0L, active, null));
                if (active) {
                    line.record(new TimelineEvent.KedaDecision(t, null, desired == 0 ? "activate" : "active", desired,
                            Math.max(1, desired), t, null, null, null, null));
                    lastActive = t;
                    int want = Math.min(4, (int) Math.ceil(depth / 5));
                    line.record(new TimelineEvent.HpaDecision(t, null, null, desired, null, depth, 5.0, null, null, want, null,
                            null, null, null));
                    desired = want;
                } else if (desired > 0 && t - lastActive >= 20_000) {
                    line.record(new TimelineEvent.KedaDecision(t, null, "deactivate", desired, 0, lastActive, null, null, null, null));
                    desired = 0;
                } else if (desired > 0) {
                    line.record(new TimelineEvent.KedaDecision(t, null, "cooldown", desired, desired, lastActive,
                            lastActive + 20_000 - t, null, null, null));
                }
            }
            while (pods.stream().filter(p -> p[2] < 4).count() < desired) {
                int index = pods.size() + 1;
                boolean needsNode = index > 2;
                if (needsNode && !node2) {
                    node2 = true;
                    line.record(new TimelineEvent.NodeChange(t, "node-2", "Provisioning", 2, "pending pods", null));
                }
                pods.add(new int[] {s, -1, 0});
                line.record(pod(t, "worker-" + index, "Pending", null));
            }
            if (node2 && s == 16) {
                line.record(new TimelineEvent.NodeChange(t, "node-2", "Ready", 2, null, null));
            }
            for (int i = 0; i < pods.size(); i++) {
                int[] p = pods.get(i);
                String pod = "worker-" + (i + 1);
                String node = i < 2 ? "node-1" : "node-2";
                boolean nodeReady = i < 2 || s >= 16;
                if (p[2] == 0 && nodeReady && s > p[0]) {
                    p[2] = 1;
                    line.record(pod(t, pod, "ContainerCreating", node));
                } else if (p[2] == 1) {
                    p[2] = 2;
                    line.record(pod(t, pod, "Running", node));
                } else if (p[2] == 2) {
                    p[2] = 3;
                    line.record(pod(t, pod, "Ready", node));
                } else if (p[2] < 4 && desired == 0) {
                    p[2] = 4;
                    line.record(pod(t, pod, "Terminating", node));
                } else if (p[2] == 4) {
                    p[2] = 5;
                    line.record(pod(t, pod, "Succeeded", node));
                }
            }
            int current = (int) pods.stream().filter(p -> p[2] < 4).count();
            int readyNow = (int) pods.stream().filter(p -> p[2] == 3).count();
            int[] replicas = {desired, current, readyNow};
            if (!java.util.Arrays.equals(replicas, lastReplicas)) {
                line.record(new TimelineEvent.Replicas(t, WORKER, desired, current, readyNow));
                lastReplicas = replicas;
            }
            if (s > 2 && s % 5 == 0) {
                completed = Math.min(40, completed + (depth == 0 ? 40 : 7));
                line.record(new TimelineEvent.Orchestrations(t, 40, completed, 0));
            }
            if (s == 45) {
                line.record(new TimelineEvent.LoadMarker(t, "idle-start", 0));
            }
        }
    }

    private static TimelineEvent.PodPhase pod(long t, String pod, String phase, String node) {
        return new TimelineEvent.PodPhase(t, pod, null, phase, node, null, null, null, null, null, null, null);
    }

    // ---------------------------------------------------------------- latency/

    public SyntheticRun latency() {
        latency(hostile != null ? "hostile" : "orchestrationEndToEnd", 4100, 0.25, 40, 1);
        latency("blockEnqueueToOutput", 850, 0.5, 2000, 2);
        return this;
    }

    /** Log-normal latencies around a median, written as latency/NAME.hgrm and latency/NAME.json. */
    public SyntheticRun latency(String name, double medianMs, double sigma, int count, long seed) {
        Histogram h = new Histogram(3_600_000L, 3);
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            h.recordValue(Math.max(1, Math.round(medianMs * Math.exp(sigma * random.nextGaussian()))));
        }
        try {
            Files.createDirectories(run.file("latency"));
            try (PrintStream out = new PrintStream(Files.newOutputStream(run.file("latency/" + name + ".hgrm")), true,
                    StandardCharsets.UTF_8)) {
                h.outputPercentileDistribution(out, 1.0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The file is named for the operation; a hostile name goes only into the file's content.
        run.writeJson("latency/" + name + ".json", new LatencySummary(hostile != null ? hostile : name, LatencySummary.MILLISECONDS,
                h.getTotalCount(), (double) h.getMinValue(), h.getMean(), (double) h.getValueAtPercentile(50),
                (double) h.getValueAtPercentile(90), (double) h.getValueAtPercentile(95), (double) h.getValueAtPercentile(99),
                (double) h.getMaxValue()));
        return this;
    }

    // ---------------------------------------------------------------- metrics.json

    public SyntheticRun metrics() {
        return metrics(7900, 1100);
    }

    public SyntheticRun metrics(double endToEndP95, double blockP95) {
        return metrics(endToEndP95, blockP95, 1200);
    }

    /** As {@link #metrics(double, double)}, with the burst's pods starting in {@code podStartMs} (median). */
    public SyntheticRun metrics(double endToEndP95, double blockP95, long podStartMs) {
        List<Metrics.PartitionStep> partitions = new ArrayList<>();
        double[] rates = {2.1, 3.9, 6.8, 7.1};
        int[] counts = {1, 2, 4, 8};
        for (int i = 0; i < counts.length; i++) {
            List<Double> per = new ArrayList<>();
            for (int k = 0; k < counts[i]; k++) {
                per.add(Math.round(rates[i] / counts[i] * (k == 0 && counts[i] > 1 ? 1.3 : 1.0) * 100) / 100.0);
            }
            partitions.add(new Metrics.PartitionStep(counts[i] + "-partitions", null, counts[i], 24, 0, null, rates[i],
                    rates[i] * 19, per, null, null, counts[i] == 1 ? 1.0 : 1.3 * counts[i] / (counts[i] + 0.3),
                    30.0 + counts[i] * 4, null, null, new Metrics.MachineCpu(0.95, 2, null), "machine CPU"));
        }
        Map<String, LatencySummary> latency = new LinkedHashMap<>();
        latency.put("orchestrationEndToEnd", percentiles(40, 4100, endToEndP95, 8800));
        latency.put("blockEnqueueToOutput", percentiles(2000, 850, blockP95, 1900));
        latency.put("httpStart", percentiles(40, 12, 31, 55));
        run.write(new Metrics("embedded", new Metrics.Emulated(true, true), null,
                new Metrics.ScaleUp(T0 + 2_000, 0, 4000L, 4, 2000L, 30_000L, null, podStartMs, 4, null),
                new Metrics.ScaleToZero(T0 + 37_000, true, 22_000L, 88.0, 4,
                        new Metrics.IdleCost(0.048, 88.0 / 3600 * 0.048, "USD", null)),
                null,
                partitions, latency, new Metrics.OrchestrationCounts(40, 40, 0, 0), null, null,
                List.of("gatling/batchburstsimulation-20261121200012345/index.html")));
        return this;
    }

    private static LatencySummary percentiles(long count, double p50, double p95, double p99) {
        return new LatencySummary(null, LatencySummary.MILLISECONDS, count, null, null, p50, null, p95, p99, null);
    }

    // ---------------------------------------------------------------- gatling/

    public SyntheticRun gatling() {
        return writeText("gatling/batchburstsimulation-20261121200012345/index.html", "<!DOCTYPE html><html><head><title>"
                + "Gatling Stats - Global Information</title></head><body><h1>BatchBurstSimulation</h1></body></html>");
    }

    // ----------------------------------------------------------------

    /** A file as given, for what no writer would write: broken JSON, a line cut short. */
    public SyntheticRun writeText(String name, String text) {
        try {
            Path file = run.file(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private void delete(String name) {
        try {
            Files.deleteIfExists(run.file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
