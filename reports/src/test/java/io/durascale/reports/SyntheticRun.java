package io.durascale.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
 * Writes run directories exactly as docs/run-directory.md specifies, with realistic values from an
 * embedded study on a 2-core machine: a JMH run (with a calibration benchmark and -prof gc), sizing,
 * a task hub benchmark, a KEDA scale-up/scale-to-zero timeline simulated second by second, HdrHistogram
 * latency files, metrics.json and a Gatling report folder.
 */
public final class SyntheticRun {

    public static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final ObjectMapper LINE = JsonMapper.builder().build();
    public static final long T0 = Instant.parse("2026-11-21T20:00:00Z").toEpochMilli();
    public static final String KERNEL = "io.durascale.benchmarks.KernelBenchmark.compute";
    public static final String CALIBRATION = "io.durascale.benchmarks.CalibrationBenchmark.sha256";

    private final Path dir;
    private String kernelName = "stencil";
    private String hostile = null;

    private SyntheticRun(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        return dir;
    }

    /** Puts a string crafted to break out of HTML and script contexts into every free-text field. */
    public SyntheticRun hostile(String text) {
        this.hostile = text;
        this.kernelName = text;
        return this;
    }

    // ---------------------------------------------------------------- run.json

    public SyntheticRun runJson() {
        Map<String, Object> run = obj(
                "kind", "study", "target", "embedded",
                "storage", "Azurite (npm) — blob http://127.0.0.1:41001, queue http://127.0.0.1:41002, table http://127.0.0.1:41003",
                "emulator", true,
                "machine", obj("os", "Linux 6.18 amd64", "cpus", 2, "memoryBytes", 25276641280L,
                        "java", "Debian 17.0.15", "maxHeapBytes", 6320816128L),
                "versions", obj("durascale", "0.1.0-SNAPSHOT", "azurite", "3.37.0", "jmh", "1.37", "gatling", "3.15.1"),
                "kernel", kernelName, "blockSize", 256,
                "taskHub", obj("hub", "DurascaleHub", "partitions", 4),
                "keda", "ScaledObjectSpec[queue=compute-jobs, queueLength=5, pollingInterval=PT2S, cooldownPeriod=PT20S, min=0, max=4]",
                "nodePool", "NodePoolSpec[podsPerNode=2, nodeProvisioningDelay=PT10S, initialNodes=1]",
                "startedAt", "2026-11-21T20:00:00Z", "finishedAt", "2026-11-21T20:09:30Z");
        if (hostile != null) {
            run.put("note", hostile);
        }
        return write("run.json", run);
    }

    public SyntheticRun runJson(Map<String, Object> run) {
        return write("run.json", run);
    }

    // ---------------------------------------------------------------- jmh.json

    /**
     * A JMH result as benchmarks.jar -rf json -prof gc writes it. {@code speed} scales every throughput
     * (and divides times): 2.0 is a machine twice as fast.
     */
    public SyntheticRun jmh(double speed) {
        List<Map<String, Object>> entries = new ArrayList<>();
        entries.add(jmhEntry(CALIBRATION, "thrpt", 1, Map.of(), 1850.0 * speed, 12.0 * speed, "ops/s", 0.02));
        for (int threads : new int[] {1, 2}) {
            entries.add(jmhEntry(KERNEL, "thrpt", threads, Map.of("kernel", kernelName, "blockSize", "256"),
                    (threads == 1 ? 172.0 : 330.1) * speed, 3.1 * speed, "ops/s", 4128.0));
        }
        entries.add(jmhEntry(KERNEL, "avgt", 1, Map.of("kernel", "matmul", "blockSize", "64"), 2.91 / speed, 0.04 / speed,
                "ms/op", 33_000.0));
        return jmh(entries);
    }

    public SyntheticRun jmh(List<Map<String, Object>> entries) {
        return write("jmh.json", entries);
    }

    /** One entry of JMH's JSON, every key in JMH 1.37's order; error NaN writes JMH's "NaN" strings. */
    public static Map<String, Object> jmhEntry(String benchmark, String mode, int threads, Map<String, String> params,
                                               double score, double error, String unit, double allocBytesPerOp) {
        Map<String, Object> e = obj("jmhVersion", "1.37", "benchmark", benchmark, "mode", mode, "threads", threads,
                "forks", 1, "jvm", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java", "jvmArgs", List.of(),
                "jdkVersion", "17.0.15", "vmName", "OpenJDK 64-Bit Server VM", "vmVersion", "17.0.15+6-Debian-1deb12u1",
                "warmupIterations", 2, "warmupTime", "1 s", "warmupBatchSize", 1,
                "measurementIterations", 3, "measurementTime", "1 s", "measurementBatchSize", 1);
        if (!params.isEmpty()) {
            e.put("params", new java.util.TreeMap<>(params));
        }
        e.put("primaryMetric", metric(score, error, unit));
        Map<String, Object> secondary = new LinkedHashMap<>();
        if (!Double.isNaN(allocBytesPerOp)) {
            secondary.put("gc.alloc.rate", metric(allocBytesPerOp * score / 1e6, error, "MB/sec"));
            secondary.put("gc.alloc.rate.norm", metric(allocBytesPerOp, allocBytesPerOp * 0.001, "B/op"));
            secondary.put("gc.count", metric(3, Double.NaN, "counts"));
        }
        e.put("secondaryMetrics", secondary);
        return e;
    }

    private static Map<String, Object> metric(double score, double error, String unit) {
        boolean nan = Double.isNaN(error);
        Object err = nan ? "NaN" : error;
        List<Object> ci = nan ? List.of("NaN", "NaN") : List.of(score - error, score + error);
        Map<String, Object> percentiles = obj("0.0", score * 0.99, "50.0", score, "90.0", score * 1.005, "95.0", score * 1.008,
                "99.0", score * 1.01, "99.9", score * 1.01, "99.99", score * 1.01, "99.999", score * 1.01,
                "99.9999", score * 1.01, "100.0", score * 1.01);
        return obj("score", score, "scoreError", err, "scoreConfidence", ci, "scorePercentiles", percentiles,
                "scoreUnit", unit, "rawData", List.of(List.of(score * 0.99, score, score * 1.01)));
    }

    // ---------------------------------------------------------------- sizing.json

    public SyntheticRun sizing(double speed) {
        List<Map<String, Object>> skus = new ArrayList<>();
        skus.add(sku("Standard_D2s_v5", 2, 8, 1.9, 6.0, 0.096, 165 * speed, 0.96, false, 1, 1, 330 * speed * 0.96, 1, 0.081));
        skus.add(sku("Standard_F4s_v2", 4, 8, 3.86, 6.0, 0.169, 190 * speed, 0.93, true, 3, 1, 530 * speed, 1, 0.089));
        skus.add(sku("Standard_D4s_v5", 4, 16, 3.86, 12.9, 0.192, 165 * speed, 0.93, true, 3, 1, 460 * speed, 1, 0.116));
        Map<String, Object> sizing = obj(
                "catalog", obj("source", "keda.md §6 (c3x.dev, learningbro.com; third-party)", "region", "eastus",
                        "currency", "USD", "date", "2026-11-21"),
                "kernel", kernelName, "blockSize", 256,
                "measured", obj("threads", List.of(1, 2), "opsPerSecond", List.of(172.0 * speed, 330.1 * speed),
                        "scalingEfficiency", List.of(1.0, 0.96), "memoryPerSlotBytes", 2_100_000,
                        "cpuModel", "Intel(R) Xeon(R) Platinum 8370C CPU @ 2.80GHz", "cpusOnMachine", 2),
                "target", obj("kind", "blocksPerHour", "blocksPerHour", 1_000_000, "batchBlocks", null, "deadlineSeconds", null),
                "skus", skus,
                "recommended", obj("sku", "Standard_D2s_v5", "reason", "lowest cost per million blocks that meets 1,000,000 "
                        + "blocks/h with one node and headroom"));
        return write("sizing.json", sizing);
    }

    private static Map<String, Object> sku(String name, int vcpus, int mem, double allocCpu, double allocMem, double price,
                                           double perCore, double eff, boolean extrapolated, int podsPerNode, int concurrency,
                                           double nodeRate, int nodes, double perMillion) {
        return obj("name", name, "vcpus", vcpus, "memoryGiB", mem, "allocatableCpu", allocCpu, "allocatableMemoryGiB", allocMem,
                "pricePerHour", price, "perCoreBlocksPerSecond", perCore, "scalingEfficiency", eff, "extrapolated", extrapolated,
                "podsPerNode", podsPerNode, "workerConcurrency", concurrency, "cpuRequest", "1", "memoryRequest", "512Mi",
                "nodeBlocksPerSecond", nodeRate, "nodesNeeded", nodes, "costPerMillionBlocks", perMillion);
    }

    // ---------------------------------------------------------------- taskhub-bench.json

    public SyntheticRun taskhubBench() {
        List<Map<String, Object>> steps = new ArrayList<>();
        double[] rates = {31.0, 55.2, 83.6, 88.1};
        int[] partitions = {1, 2, 4, 8};
        for (int i = 0; i < partitions.length; i++) {
            int p = partitions[i];
            List<Integer> episodes = new ArrayList<>();
            for (int k = 0; k < p; k++) {
                episodes.add(6000 / p + (k % 2 == 0 ? 90 : -90) * (p > 1 ? 1 : 0));
            }
            steps.add(obj("workload", hostile != null ? hostile : "HelloCities5", "partitions", p, "orchestrations", 1000,
                    "activities", 5000, "seconds", 1000 / rates[i], "orchestrationsPerSecond", rates[i],
                    "activitiesPerSecond", rates[i] * 5, "operationsPerOrchestration", 21.1, "workOperationsPerOrchestration", 21.0,
                    "receivesPerOrchestration", 0.1, "operations", obj("queue.send", 2000, "queue.receive", 1900, "table.insert", 9000),
                    "episodesPerPartition", episodes, "imbalance", p == 1 ? 1.0 : 1.0 + 90.0 * p / 6000 * 1.0,
                    "storageBoundOrchestrationsPerSecond", 95.0 + p * 10, "fractionOfBound", rates[i] / (95.0 + p * 10),
                    "storageRatesPerSecond", obj("queue.send", 1600.0, "table.insert", 3000.0)));
        }
        return write("taskhub-bench.json", obj("steps", steps));
    }

    // ---------------------------------------------------------------- timeline.jsonl

    /**
     * A KEDA scale-up and scale-to-zero, second by second: 200 blocks arrive at 2 s, KEDA polls every 2 s,
     * pods take 3 s to be ready, a second node takes 10 s, each ready pod drains 2 blocks/s, and the 20 s
     * cooldown ends with the scale to zero.
     */
    public SyntheticRun timeline() {
        List<String> lines = new ArrayList<>();
        line(lines, T0, "keda-settings", obj("queueName", "compute-jobs", "queueLength", 5, "pollingInterval", 2,
                "cooldownPeriod", 20, "minReplicaCount", 0, "maxReplicaCount", 4));
        line(lines, T0, "node", obj("node", "node-1", "event", "ready", "nodes", 1));
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
                line(lines, t, "load", obj("phase", "burst-start"));
                depth = 200;
                line(lines, t, "orchestrations", obj("started", 40, "completed", 0, "failed", 0));
            }
            if (s == 3) {
                line(lines, t, "load", obj("phase", "burst-end"));
            }
            long ready = pods.stream().filter(p -> p[2] == 3).count();
            depth = Math.max(0, depth - 2 * ready);
            for (int c = 0; c < 4; c++) {
                line(lines, t, "queue", obj("queue", "durascalehub-control-0" + c, "depth", s >= 2 && depth > 0 ? (s + c) % 3 : 0));
            }
            line(lines, t, "queue", obj("queue", "compute-jobs", "depth", (int) depth));
            if (s % 2 == 0) {
                boolean active = depth > 0;
                line(lines, t, "scaler", obj("scaler", "azure-queue", "queue", "compute-jobs", "value", (int) depth,
                        "activationQueueLength", 0, "active", active));
                if (active) {
                    line(lines, t, "keda", obj("action", desired == 0 ? "activate" : "active", "from", desired,
                            "to", Math.max(1, desired), "lastActive", t));
                    lastActive = t;
                    int want = Math.min(4, (int) Math.ceil(depth / 5));
                    line(lines, t, "hpa", obj("current", desired, "desired", want, "metric", (int) depth, "target", 5));
                    desired = want;
                } else if (desired > 0 && t - lastActive >= 20_000) {
                    line(lines, t, "keda", obj("action", "deactivate", "from", desired, "to", 0, "lastActive", lastActive));
                    desired = 0;
                } else if (desired > 0) {
                    line(lines, t, "keda", obj("action", "cooldown", "from", desired, "to", desired, "lastActive", lastActive));
                }
            }
            while (pods.stream().filter(p -> p[2] < 4).count() < desired) {
                int index = pods.size() + 1;
                boolean needsNode = index > 2;
                if (needsNode && !node2) {
                    node2 = true;
                    line(lines, t, "node", obj("node", "node-2", "event", "provisioning", "nodes", 2));
                }
                pods.add(new int[] {s, -1, 0});
                line(lines, t, "pod", obj("pod", "worker-" + index, "phase", "Pending", "node", null));
            }
            if (node2 && s == 16) {
                line(lines, t, "node", obj("node", "node-2", "event", "ready", "nodes", 2));
            }
            for (int i = 0; i < pods.size(); i++) {
                int[] p = pods.get(i);
                String pod = "worker-" + (i + 1);
                String node = i < 2 ? "node-1" : "node-2";
                boolean nodeReady = i < 2 || s >= 16;
                if (p[2] == 0 && nodeReady && s > p[0]) {
                    p[2] = 1;
                    line(lines, t, "pod", obj("pod", pod, "phase", "ContainerCreating", "node", node));
                } else if (p[2] == 1) {
                    p[2] = 2;
                    line(lines, t, "pod", obj("pod", pod, "phase", "Running", "node", node));
                } else if (p[2] == 2) {
                    p[2] = 3;
                    line(lines, t, "pod", obj("pod", pod, "phase", "Ready", "node", node));
                } else if (p[2] < 4 && desired == 0) {
                    p[2] = 4;
                    line(lines, t, "pod", obj("pod", pod, "phase", "Terminating", "node", node));
                } else if (p[2] == 4) {
                    p[2] = 5;
                    line(lines, t, "pod", obj("pod", pod, "phase", "Succeeded", "node", node));
                }
            }
            int current = (int) pods.stream().filter(p -> p[2] < 4).count();
            int readyNow = (int) pods.stream().filter(p -> p[2] == 3).count();
            int[] replicas = {desired, current, readyNow};
            if (!java.util.Arrays.equals(replicas, lastReplicas)) {
                line(lines, t, "replicas", obj("deployment", "durascale-worker", "desired", desired, "current", current,
                        "ready", readyNow));
                lastReplicas = replicas;
            }
            if (s > 2 && s % 5 == 0) {
                completed = Math.min(40, completed + (depth == 0 ? 40 : 7));
                line(lines, t, "orchestrations", obj("started", 40, "completed", completed, "failed", 0));
            }
            if (s == 45) {
                line(lines, t, "load", obj("phase", "idle-start"));
            }
        }
        try {
            Files.write(dir.resolve("timeline.jsonl"), lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private static void line(List<String> lines, long t, String kind, Map<String, Object> values) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("t", t);
        m.put("kind", kind);
        m.putAll(values);
        try {
            lines.add(LINE.writeValueAsString(m));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
            Files.createDirectories(dir.resolve("latency"));
            try (PrintStream out = new PrintStream(Files.newOutputStream(dir.resolve("latency/" + name + ".hgrm")), true,
                    StandardCharsets.UTF_8)) {
                h.outputPercentileDistribution(out, 1.0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return write("latency/" + name + ".json", obj("name", hostile != null ? hostile : name, "unit", "ms",
                "count", h.getTotalCount(), "min", h.getMinValue(), "mean", h.getMean(),
                "p50", h.getValueAtPercentile(50), "p90", h.getValueAtPercentile(90), "p95", h.getValueAtPercentile(95),
                "p99", h.getValueAtPercentile(99), "max", h.getMaxValue()));
    }

    // ---------------------------------------------------------------- metrics.json

    public SyntheticRun metrics() {
        return metrics(7900, 1100);
    }

    public SyntheticRun metrics(double endToEndP95, double blockP95) {
        List<Map<String, Object>> partitions = new ArrayList<>();
        double[] rates = {2.1, 3.9, 6.8, 7.1};
        int[] counts = {1, 2, 4, 8};
        for (int i = 0; i < counts.length; i++) {
            List<Double> per = new ArrayList<>();
            for (int k = 0; k < counts[i]; k++) {
                per.add(Math.round(rates[i] / counts[i] * (k == 0 && counts[i] > 1 ? 1.3 : 1.0) * 100) / 100.0);
            }
            partitions.add(obj("partitions", counts[i], "orchestrationsPerSecond", rates[i], "eventsPerSecond", rates[i] * 19,
                    "perPartition", per, "imbalance", counts[i] == 1 ? 1.0 : 1.3 * counts[i] / (counts[i] + 0.3),
                    "storageBoundOrchestrationsPerSecond", 30.0 + counts[i] * 4,
                    "machineCpu", obj("mean", 0.95, "cores", 2), "limitedBy", "machine CPU"));
        }
        Map<String, Object> m = obj(
                "target", "embedded",
                "emulated", obj("scaling", true, "storage", true),
                "scaleUp", obj("firstEnqueueToFirstReadyMs", 4000, "firstEnqueueToDesiredReplicasMs", 2000,
                        "firstEnqueueToQueueDrainedMs", 30_000),
                "throughputPerPartition", partitions,
                "scaleToZero", obj("queueEmptyToZeroReplicasMs", 22_000, "idlePodSeconds", 88.0,
                        "idleCost", obj("pricePerPodHour", 0.048, "amount", 88.0 / 3600 * 0.048, "currency", "USD")),
                "latency", obj("orchestrationEndToEnd", obj("p50", 4100, "p95", endToEndP95, "p99", 8800, "count", 40),
                        "blockEnqueueToOutput", obj("p50", 850, "p95", blockP95, "p99", 1900, "count", 2000),
                        "httpStart", obj("p50", 12, "p95", 31, "p99", 55, "count", 40)),
                "orchestrations", obj("started", 40, "completed", 40, "failed", 0),
                "gatling", List.of("gatling/batchburstsimulation-20261121200012345/index.html"));
        return write("metrics.json", m);
    }

    // ---------------------------------------------------------------- gatling/

    public SyntheticRun gatling() {
        Path folder = dir.resolve("gatling/batchburstsimulation-20261121200012345");
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("index.html"), "<!DOCTYPE html><html><head><title>Gatling Stats - Global Information"
                    + "</title></head><body><h1>BatchBurstSimulation</h1></body></html>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    // ----------------------------------------------------------------

    public SyntheticRun write(String name, Object value) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            JSON.writeValue(file.toFile(), value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public SyntheticRun writeText(String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
