package io.durascale.run.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmhResultsTest {

    /** Trimmed from a real JMH 1.37 run with two iterations (-i 2) and -prof gc. */
    private static final String TWO_ITERATIONS = """
            [ {
              "jmhVersion" : "1.37",
              "benchmark" : "io.durascale.benchmarks.KernelBenchmark.compute",
              "mode" : "thrpt", "threads" : 1, "forks" : 1,
              "jvm" : "/usr/lib/jvm/java-17-openjdk-amd64/bin/java", "jvmArgs" : [ ],
              "jdkVersion" : "17.0.15", "vmName" : "OpenJDK 64-Bit Server VM", "vmVersion" : "17.0.15+6-Debian-1deb12u1",
              "warmupIterations" : 1, "warmupTime" : "1 s", "warmupBatchSize" : 1,
              "measurementIterations" : 2, "measurementTime" : "1 s", "measurementBatchSize" : 1,
              "params" : { "blockSize" : "default", "kernel" : "montecarlo", "spinTokens" : "0" },
              "primaryMetric" : {
                "score" : 45.26, "scoreError" : "NaN", "scoreConfidence" : [ "NaN", "NaN" ],
                "scorePercentiles" : { "0.0" : 44.9, "50.0" : 45.26, "100.0" : 45.62 },
                "scoreUnit" : "ops/s", "rawData" : [ [ 44.9, 45.62 ] ]
              },
              "secondaryMetrics" : {
                "gc.alloc.rate" : { "score" : 0.014, "scoreError" : "NaN", "scoreConfidence" : [ "NaN", "NaN" ],
                  "scorePercentiles" : { }, "scoreUnit" : "MB/sec", "rawData" : [ [ 0.013, 0.015 ] ] },
                "gc.alloc.rate.norm" : { "score" : 312.5, "scoreError" : "NaN", "scoreConfidence" : [ "NaN", "NaN" ],
                  "scorePercentiles" : { }, "scoreUnit" : "B/op", "rawData" : [ [ 312.0, 313.0 ] ] }
              }
            }, {
              "jmhVersion" : "1.37",
              "benchmark" : "io.durascale.benchmarks.CalibrationBenchmark.sha256",
              "mode" : "thrpt", "threads" : 1, "forks" : 2,
              "primaryMetric" : { "score" : 12.0, "scoreError" : 0.5, "scoreConfidence" : [ 11.5, 12.5 ],
                "scoreUnit" : "ops/ms", "rawData" : [ [ 11.0, 12.0, 13.0 ], [ 10.0, 14.0, 12.5 ] ] },
              "secondaryMetrics" : { }
            } ]
            """;

    @Test
    void readsNaNErrorsParamsAndSecondaryMetrics() {
        List<JmhResult> results = JmhResults.parse(TWO_ITERATIONS, "jmh.json");

        JmhResult kernel = results.get(0);
        assertThat(kernel.shortName()).isEqualTo("KernelBenchmark.compute");
        assertThat(kernel.params()).containsEntry("kernel", "montecarlo").containsEntry("blockSize", "default");
        assertThat(kernel.primary().scoreError()).isNaN();
        assertThat(kernel.primary().iterations()).containsExactly(44.9, 45.62);
        assertThat(kernel.primary().median()).isCloseTo(45.26, within(1e-9));
        assertThat(kernel.secondary("gc.alloc.rate.norm")).hasValueSatisfying(m -> {
            assertThat(m.unit()).isEqualTo("B/op");
            assertThat(m.median()).isEqualTo(312.5);
        });
        assertThat(kernel.secondary("gc.count")).isEmpty();

        JmhResult calibration = results.get(1);
        assertThat(calibration.params()).isEmpty();
        assertThat(calibration.primary().scoreError()).isEqualTo(0.5);
        // Forks are flattened: the median of six iterations, converted from ops/ms.
        assertThat(calibration.primary().iterations()).hasSize(6);
        assertThat(calibration.primary().medianOpsPerSecond()).isCloseTo(12_250.0, within(1e-6));
        assertThat(calibration.primary().spread()).isCloseTo(1.4, within(1e-9));
    }

    @Test
    void convertsTimePerOperationToOperationsPerSecond() {
        String json = JmhJson.results().add("KernelBenchmark.compute", "avgt", "ms/op", 1, Map.of(), Double.NaN, 20.0, 25.0, 30.0)
                .json();
        JmhMetric metric = JmhResults.parse(json, "avgt.json").get(0).primary();
        assertThat(metric.medianOpsPerSecond()).isCloseTo(40.0, within(1e-9));
        assertThat(JmhMetric.opsPerSecond(2.0, "us/op")).isCloseTo(500_000.0, within(1e-6));
        assertThatThrownBy(() -> JmhMetric.opsPerSecond(1.0, "MB/sec"))
                .hasMessage("unit 'MB/sec' is neither a throughput (ops/s) nor a time per operation (ns/op)");
    }

    @Test
    void theTestBuilderWritesWhatTheParserReads() {
        String json = JmhJson.results()
                .addScore("CalibrationBenchmark.sha256", "thrpt", 1, Map.of(), 1850.0, 12.0, "ops/s", 0.02)
                .addScore("KernelBenchmark.compute", "avgt", 1, Map.of("kernel", "matmul"), 2.91, Double.NaN, "ms/op", Double.NaN)
                .json();

        List<JmhResult> results = JmhResults.parse(json, "built.json");

        assertThat(results.get(0).benchmark()).isEqualTo("io.durascale.benchmarks.CalibrationBenchmark.sha256");
        assertThat(results.get(0).primary().low()).isEqualTo(1838.0);
        assertThat(results.get(0).primary().high()).isEqualTo(1862.0);
        assertThat(results.get(0).secondary()).containsOnlyKeys("gc.alloc.rate", "gc.alloc.rate.norm", "gc.count");
        assertThat(results.get(0).secondary(JmhResult.ALLOCATION)).hasValueSatisfying(m -> assertThat(m.score()).isEqualTo(0.02));
        assertThat(results.get(1).primary().hasConfidence()).isFalse();
        assertThat(results.get(1).primary().median()).isEqualTo(2.91);
        assertThat(results.get(1).secondary()).isEmpty();
    }

    @Test
    void acceptsTheMiddleDotThatOldJmhPutBeforeProfilerMetrics() {
        String json = TWO_ITERATIONS.replace("\"gc.alloc.rate.norm\"", "\"\u00b7gc.alloc.rate.norm\"");
        assertThat(JmhResults.parse(json, "old.json").get(0).secondary("gc.alloc.rate.norm")).isPresent();
    }

    @Test
    void namesTheProblemWithABadFile(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> JmhResults.parse("{\"benchmark\": 1}", "a.json"))
                .hasMessage("a.json is not a JMH JSON result: expected an array of benchmark results (benchmarks.jar -rf json)");
        assertThatThrownBy(() -> JmhResults.parse("[{\"benchmark\": \"x.Y.z\", \"mode\": \"thrpt\", \"threads\": 1}]", "b.json"))
                .hasMessage("b.json entry 0 (x.Y.z) has no primaryMetric");
        assertThatThrownBy(() -> JmhResults.parse("[1,", "c.json")).hasMessageStartingWith("c.json is not JSON (");
        assertThatThrownBy(() -> JmhResults.parse(TWO_ITERATIONS.replace("\"score\" : 45.26", "\"score\" : \"fast\""), "d.json"))
                .hasMessage("d.json entry 0 (io.durascale.benchmarks.KernelBenchmark.compute) primaryMetric score is not a number: \"fast\"");
        Path missing = dir.resolve("none.json");
        assertThatThrownBy(() -> JmhResults.read(missing)).hasMessage("JMH result " + missing
                + " does not exist: run benchmarks.jar with -rf json -rff " + missing + " first");
        Path file = Files.writeString(dir.resolve("jmh.json"), TWO_ITERATIONS);
        assertThat(JmhResults.read(file)).hasSize(2);
    }
}
