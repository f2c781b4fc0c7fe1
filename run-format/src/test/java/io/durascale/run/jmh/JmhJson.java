package io.durascale.run.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds JMH 1.37 JSON results for tests, in JMH's own layout: every key in JMH's order, a missing error estimate as
 * the string {@code "NaN"} (as JMH writes it with fewer than three iterations), and with an allocation figure the
 * three secondary metrics {@code -prof gc} adds. The one builder of JMH JSON for every module's tests.
 */
public final class JmhJson {

    public static final String PACKAGE = "io.durascale.benchmarks.";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ArrayNode entries = JSON.createArrayNode();

    public static JmhJson results() {
        return new JmhJson();
    }

    /** A throughput result in ops/s whose iterations are {@code rawData}; allocation per op when not NaN. */
    public JmhJson add(String benchmark, int threads, Map<String, String> params, double allocBytesPerOp, double... rawData) {
        return add(benchmark, "thrpt", "ops/s", threads, params, allocBytesPerOp, rawData);
    }

    /**
     * A result whose score is the mean of {@code rawData}, with a 1 % error from three iterations on (none below).
     * A short benchmark name ({@code KernelBenchmark.compute}) is taken to be in {@value #PACKAGE}.
     */
    public JmhJson add(String benchmark, String mode, String unit, int threads, Map<String, String> params,
                       double allocBytesPerOp, double... rawData) {
        double mean = 0;
        for (double v : rawData) {
            mean += v / rawData.length;
        }
        double error = rawData.length < 3 ? Double.NaN : mean * 0.01;
        ObjectNode e = entry(benchmark, mode, threads, params, rawData.length);
        e.set("primaryMetric", metric(mean, error, unit, rawData));
        ObjectNode secondary = e.putObject("secondaryMetrics");
        if (!Double.isNaN(allocBytesPerOp)) {
            secondary.set("gc.alloc.rate.norm", metric(allocBytesPerOp, Double.NaN, "B/op", allocBytesPerOp, allocBytesPerOp));
        }
        return this;
    }

    /**
     * A result with a given score and 99.9 % error (NaN: none), from three iterations at 0.99, 1 and 1.01 times the
     * score, and with {@code -prof gc}'s allocation rate, allocation per operation and GC count when
     * {@code allocBytesPerOp} is not NaN.
     */
    public JmhJson addScore(String benchmark, String mode, int threads, Map<String, String> params, double score,
                            double error, String unit, double allocBytesPerOp) {
        ObjectNode e = entry(benchmark, mode, threads, params, 3);
        e.set("primaryMetric", metric(score, error, unit, score * 0.99, score, score * 1.01));
        ObjectNode secondary = e.putObject("secondaryMetrics");
        if (!Double.isNaN(allocBytesPerOp)) {
            double rate = allocBytesPerOp * score / 1e6;
            secondary.set("gc.alloc.rate", metric(rate, error, "MB/sec", rate * 0.99, rate, rate * 1.01));
            secondary.set("gc.alloc.rate.norm", metric(allocBytesPerOp, allocBytesPerOp * 0.001, "B/op",
                    allocBytesPerOp * 0.99, allocBytesPerOp, allocBytesPerOp * 1.01));
            secondary.set("gc.count", metric(3, Double.NaN, "counts", 3, 3, 3));
        }
        return this;
    }

    private ObjectNode entry(String benchmark, String mode, int threads, Map<String, String> params, int iterations) {
        ObjectNode e = entries.addObject();
        e.put("jmhVersion", "1.37");
        e.put("benchmark", benchmark.startsWith("io.") ? benchmark : PACKAGE + benchmark);
        e.put("mode", mode);
        e.put("threads", threads);
        e.put("forks", 1);
        e.put("jvm", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
        e.putArray("jvmArgs");
        e.put("jdkVersion", "17.0.15");
        e.put("vmName", "OpenJDK 64-Bit Server VM");
        e.put("vmVersion", "17.0.15+6-Debian-1deb12u1");
        e.put("warmupIterations", 2);
        e.put("warmupTime", "1 s");
        e.put("warmupBatchSize", 1);
        e.put("measurementIterations", iterations);
        e.put("measurementTime", "1 s");
        e.put("measurementBatchSize", 1);
        if (!params.isEmpty()) {
            ObjectNode p = e.putObject("params");
            new TreeMap<>(params).forEach(p::put);
        }
        return e;
    }

    private static ObjectNode metric(double score, double error, String unit, double... raw) {
        ObjectNode m = JSON.createObjectNode();
        m.put("score", score);
        if (Double.isNaN(error)) {
            m.put("scoreError", "NaN");
            m.putArray("scoreConfidence").add("NaN").add("NaN");
        } else {
            m.put("scoreError", error);
            m.putArray("scoreConfidence").add(score - error).add(score + error);
        }
        ObjectNode percentiles = m.putObject("scorePercentiles");
        double[] sorted = raw.clone();
        java.util.Arrays.sort(sorted);
        percentiles.put("0.0", sorted[0]).put("50.0", sorted[sorted.length / 2]).put("100.0", sorted[sorted.length - 1]);
        m.put("scoreUnit", unit);
        ArrayNode fork = m.putArray("rawData").addArray();
        for (double v : raw) {
            fork.add(v);
        }
        return m;
    }

    public String json() {
        return entries.toPrettyString();
    }

    /** Writes the results as {@code benchmarks.jar -rf json -rff FILE} would. */
    public Path write(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            return Files.writeString(file, json());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
