package io.durascale.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code latency/NAME.hgrm} and {@code latency/NAME.json} as the load tests write them, read back as one figure each. */
class LatencyFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsHdrHistogramOutputAndAgreesWithItsOwnSummary() throws Exception {
        Histogram h = write("blockEnqueueToOutput", 850, 0.5, 5000, 7, true);
        LatencySummary fromJson = RunReader.read(dir).latencies().get(0).summary();

        PercentileDistribution d = PercentileDistribution.read("blockEnqueueToOutput", dir.resolve("latency/blockEnqueueToOutput.hgrm"));

        assertThat(d.totalCount()).isEqualTo(5000).isEqualTo(h.getTotalCount());
        assertThat(d.max()).isEqualTo(fromJson.max());
        // The .hgrm rows are HdrHistogram's percentile ticks: the value at a tick is the histogram's own.
        assertThat(d.valueAt(0.50)).isEqualTo(fromJson.p50());
        assertThat(d.valueAt(0.90)).isEqualTo(fromJson.p90());
        assertThat(d.mean()).isCloseTo(fromJson.mean(), within(0.001));
    }

    @Test
    void aHistogramWithoutTheJsonSummaryStillGivesPercentiles() throws Exception {
        write("orchestrationEndToEnd", 4100, 0.25, 400, 3, false);

        List<RunReader.Latency> summaries = RunReader.read(dir).latencySummaries();

        assertThat(summaries).singleElement().satisfies(l -> {
            assertThat(l.source()).isEqualTo("latency/orchestrationEndToEnd.hgrm");
            assertThat(l.summary().p50()).isBetween(3500.0, 4700.0);
            assertThat(l.summary().count()).isEqualTo(400);
        });
    }

    @Test
    void theLoadTestsKebabCaseFilesAndMetricsJsonAreOneFigure() throws Exception {
        // As the load tests write them: latency/orchestration-end-to-end.* and metrics.json's orchestrationEndToEnd.
        RunDirectory.create(dir, "x").write(new Metrics("embedded", null, null, null, null, null, List.of(),
                Map.of("orchestrationEndToEnd", latency("orchestrationEndToEnd", 7900), "httpStart", latency("httpStart", 31)),
                null, null, null, List.of()));
        write("orchestration-end-to-end", 4100, 0.25, 400, 3, true);

        List<RunReader.Latency> summaries = RunReader.read(dir).latencySummaries();

        assertThat(summaries).extracting(RunReader.Latency::name).containsExactly("orchestrationEndToEnd", "httpStart");
        assertThat(summaries.get(0).source()).isEqualTo("latency/orchestration-end-to-end.json");
        assertThat(summaries.get(0).summary().count()).isEqualTo(400);
        assertThat(summaries.get(1).source()).isEqualTo("metrics.json latency");
        assertThat(summaries.get(1).summary().value("p95")).isEqualTo(31.0);
        assertThat(summaries.get(1).summary().value("p90")).as("absent in the file").isNaN();
    }

    private static LatencySummary latency(String name, double p95) {
        return new LatencySummary(name, "ms", 40, null, null, p95 / 2, null, p95, null, null);
    }

    /** Log-normal latencies around a median, as latency/NAME.hgrm and (if asked) latency/NAME.json. */
    private Histogram write(String name, double medianMs, double sigma, int count, long seed, boolean json) throws IOException {
        Histogram h = new Histogram(3_600_000L, 3);
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            h.recordValue(Math.max(1, Math.round(medianMs * Math.exp(sigma * random.nextGaussian()))));
        }
        Files.createDirectories(dir.resolve("latency"));
        try (PrintStream out = new PrintStream(Files.newOutputStream(dir.resolve("latency/" + name + ".hgrm")), true,
                StandardCharsets.UTF_8)) {
            h.outputPercentileDistribution(out, 1.0);
        }
        if (json) {
            RunDirectory.create(dir, "x").write(new LatencySummary(name, "ms", h.getTotalCount(), (double) h.getMinValue(),
                    h.getMean(), (double) h.getValueAtPercentile(50), (double) h.getValueAtPercentile(90),
                    (double) h.getValueAtPercentile(95), (double) h.getValueAtPercentile(99), (double) h.getMaxValue()));
        }
        return h;
    }
}
