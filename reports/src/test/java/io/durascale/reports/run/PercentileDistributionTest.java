package io.durascale.reports.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.reports.SyntheticRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PercentileDistributionTest {

    @TempDir
    Path tmp;

    @Test
    void readsHdrHistogramOutputAndAgreesWithItsOwnSummary() throws Exception {
        SyntheticRun.in(tmp).latency("blockEnqueueToOutput", 850, 0.5, 5000, 7);
        LatencySummary fromJson = RunDirectory.read(tmp).latencies().get(0);

        PercentileDistribution d = PercentileDistribution.read("blockEnqueueToOutput", tmp.resolve("latency/blockEnqueueToOutput.hgrm"));

        assertThat(d.totalCount()).isEqualTo(5000);
        assertThat(d.max()).isEqualTo(fromJson.max());
        // The .hgrm rows are HdrHistogram's percentile ticks: the value at a tick is the histogram's own.
        assertThat(d.valueAt(0.50)).isEqualTo(fromJson.p50());
        assertThat(d.valueAt(0.90)).isEqualTo(fromJson.p90());
        assertThat(d.mean()).isCloseTo(fromJson.mean(), org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void aHistogramWithoutTheJsonSummaryStillGivesPercentiles() throws Exception {
        SyntheticRun.in(tmp).latency("orchestrationEndToEnd", 4100, 0.25, 400, 3);
        Files.delete(tmp.resolve("latency/orchestrationEndToEnd.json"));

        List<LatencySummary> summaries = RunDirectory.read(tmp).latencySummaries();

        assertThat(summaries).hasSize(1);
        assertThat(summaries.get(0).source()).isEqualTo("latency/orchestrationEndToEnd.hgrm");
        assertThat(summaries.get(0).p50()).isBetween(3500.0, 4700.0);
        assertThat(summaries.get(0).count()).isEqualTo(400);
    }

    @Test
    void theLoadTestsKebabCaseFilesAndMetricsJsonAreOneFigure() throws Exception {
        // As the load tests write them: latency/orchestration-end-to-end.* and metrics.json's orchestrationEndToEnd.
        SyntheticRun.in(tmp).metrics().latency("orchestration-end-to-end", 4100, 0.25, 400, 3);

        List<LatencySummary> summaries = RunDirectory.read(tmp).latencySummaries();

        assertThat(summaries).extracting(LatencySummary::name)
                .containsExactly("orchestrationEndToEnd", "blockEnqueueToOutput", "httpStart");
        assertThat(summaries.get(0).source()).isEqualTo("latency/orchestration-end-to-end.json");
        assertThat(summaries.get(0).count()).isEqualTo(400);
    }

    @Test
    void jmhNaNStringsBecomeMissingIntervals() throws Exception {
        SyntheticRun.in(tmp).jmh(List.of(SyntheticRun.jmhEntry(SyntheticRun.KERNEL, "avgt", 1, java.util.Map.of("size", "10"),
                48.47, Double.NaN, "ns/op", 88.0)));

        JmhResult r = RunDirectory.read(tmp).jmh().get(0);

        assertThat(r.primary().hasConfidence()).isFalse();
        assertThat(r.primary().score()).isEqualTo(48.47);
        assertThat(r.params()).containsEntry("size", "10");
        assertThat(r.secondary().get(JmhResult.ALLOCATION).score()).isEqualTo(88.0);
    }
}
