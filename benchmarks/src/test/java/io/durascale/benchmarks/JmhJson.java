package io.durascale.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/** Builds JMH 1.37 JSON results for tests, in JMH's own layout (NaN errors as the string "NaN"). */
public final class JmhJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ArrayNode entries = JSON.createArrayNode();

    public static JmhJson results() {
        return new JmhJson();
    }

    /** A throughput result in ops/s whose iterations are {@code rawData}; allocation per op when not NaN. */
    public JmhJson add(String benchmark, int threads, Map<String, String> params, double allocBytesPerOp, double... rawData) {
        return add(benchmark, "thrpt", "ops/s", threads, params, allocBytesPerOp, rawData);
    }

    public JmhJson add(String benchmark, String mode, String unit, int threads, Map<String, String> params,
                       double allocBytesPerOp, double... rawData) {
        ObjectNode e = entries.addObject();
        e.put("jmhVersion", "1.37");
        e.put("benchmark", benchmark.contains(".") && benchmark.startsWith("io.") ? benchmark
                : "io.durascale.benchmarks." + benchmark);
        e.put("mode", mode);
        e.put("threads", threads);
        e.put("forks", 1);
        e.put("jvm", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
        e.putArray("jvmArgs");
        e.put("jdkVersion", "17.0.15");
        e.put("vmName", "OpenJDK 64-Bit Server VM");
        e.put("vmVersion", "17.0.15+6-Debian-1deb12u1");
        e.put("warmupIterations", 1);
        e.put("warmupTime", "1 s");
        e.put("warmupBatchSize", 1);
        e.put("measurementIterations", rawData.length);
        e.put("measurementTime", "1 s");
        e.put("measurementBatchSize", 1);
        if (!params.isEmpty()) {
            ObjectNode p = e.putObject("params");
            new TreeMap<>(params).forEach(p::put);
        }
        e.set("primaryMetric", metric(unit, rawData));
        ObjectNode secondary = e.putObject("secondaryMetrics");
        if (!Double.isNaN(allocBytesPerOp)) {
            secondary.set("gc.alloc.rate.norm", metric("B/op", allocBytesPerOp, allocBytesPerOp));
        }
        return this;
    }

    private static ObjectNode metric(String unit, double... raw) {
        ObjectNode m = JSON.createObjectNode();
        double mean = 0;
        for (double v : raw) {
            mean += v / raw.length;
        }
        m.put("score", mean);
        if (raw.length < 3) {
            m.put("scoreError", "NaN");
            m.putArray("scoreConfidence").add("NaN").add("NaN");
        } else {
            m.put("scoreError", mean * 0.01);
            m.putArray("scoreConfidence").add(mean * 0.99).add(mean * 1.01);
        }
        m.putObject("scorePercentiles").put("0.0", raw[0]).put("50.0", mean).put("100.0", raw[raw.length - 1]);
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
}
