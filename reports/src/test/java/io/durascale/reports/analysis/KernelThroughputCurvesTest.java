package io.durascale.reports.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.reports.SyntheticRun;
import io.durascale.run.RunReader;
import io.durascale.run.jmh.JmhJson;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelThroughputCurvesTest {

    private static final String SWEEP = "io.durascale.benchmarks.ThreadSweepBenchmark.threads";
    private static final String CODEC = "io.durascale.benchmarks.JobCodecBenchmark.decode";

    @TempDir
    Path tmp;

    @Test
    void aThreadSweepWrittenAsOneMethodPerCountIsOneCurveAndSinglePointsStayOut() {
        Map<String, String> params = Map.of("kernel", "montecarlo", "blockSize", "default");
        SyntheticRun.in(tmp).jmh(JmhJson.results()
                .addScore(SWEEP + "1", "thrpt", 1, params, 54.3, 1, "ops/s", 420)
                .addScore(SWEEP + "2", "thrpt", 2, params, 107.5, 2, "ops/s", 420)
                .addScore(SWEEP + "4", "thrpt", 4, params, 108.6, 2, "ops/s", 420)
                .addScore(CODEC, "thrpt", 1, Map.of(), 440_000, 9_000, "ops/s", 7968));

        List<CurveSeries> series = KernelThroughputCurves.of(RunReader.read(tmp));

        assertThat(series).hasSize(1);
        assertThat(series.get(0).name()).contains("ThreadSweepBenchmark.threads", "kernel=montecarlo");
        assertThat(series.get(0).points()).extracting(p -> p[0]).containsExactly(1.0, 2.0, 4.0);
        assertThat(series.get(0).points()).extracting(p -> p[1]).containsExactly(54.3, 107.5, 108.6);
    }
}
