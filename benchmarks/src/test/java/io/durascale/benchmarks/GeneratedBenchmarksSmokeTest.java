package io.durascale.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.run.jmh.JmhResult;
import io.durascale.run.jmh.JmhResults;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Proves the generated harness works: a tiny in-process JMH run (no fork, 100 ms iterations) of
 * three benchmarks with -prof gc, read back through the sizing's own JSON reader. It checks that
 * results and allocation figures come out, not how fast anything is.
 */
class GeneratedBenchmarksSmokeTest {

    @Test
    void aTinyRunWritesJmhJsonWithScoresAndAllocationPerOperation(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("jmh.json");
        new Runner(new OptionsBuilder()
                .include(KernelBenchmark.class.getName() + ".compute")
                .include(CalibrationBenchmark.class.getName() + ".sha256")
                .include(JobCodecBenchmark.class.getName() + ".decode")
                .param("kernel", "montecarlo").param("blockSize", "small")
                .forks(0).warmupIterations(1).warmupTime(TimeValue.milliseconds(100))
                .measurementIterations(2).measurementTime(TimeValue.milliseconds(100))
                .addProfiler(GCProfiler.class)
                .resultFormat(ResultFormatType.JSON).result(json.toString())
                .build()).run();

        List<JmhResult> results = JmhResults.read(json);
        assertThat(results).extracting(JmhResult::shortName)
                .containsExactlyInAnyOrder("KernelBenchmark.compute", "CalibrationBenchmark.sha256", "JobCodecBenchmark.decode");
        for (JmhResult result : results) {
            assertThat(result.primary().unit()).isEqualTo("ops/s");
            assertThat(result.primary().iterations()).hasSize(2).allSatisfy(v -> assertThat(v).isPositive());
            // Two iterations: JMH cannot estimate an error and writes "NaN".
            assertThat(result.primary().scoreError()).isNaN();
            assertThat(result.secondary("gc.alloc.rate.norm")).as(result.shortName()).isPresent();
        }
        JmhResult kernel = results.stream().filter(r -> r.shortName().equals("KernelBenchmark.compute")).findFirst().orElseThrow();
        assertThat(kernel.params()).containsEntry("kernel", "montecarlo").containsEntry("blockSize", "small")
                .containsEntry("spinTokens", "0");
        // A JSON decode allocates (Base64 bytes, the tree, the record): a zero would mean the profiler saw nothing.
        JmhResult decode = results.stream().filter(r -> r.shortName().equals("JobCodecBenchmark.decode")).findFirst().orElseThrow();
        assertThat(decode.secondary("gc.alloc.rate.norm").orElseThrow().median()).isGreaterThan(500);
    }
}
