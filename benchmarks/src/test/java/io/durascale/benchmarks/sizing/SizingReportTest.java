package io.durascale.benchmarks.sizing;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.run.Sizing;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SizingReportTest {

    private static SizingReport report(MachineFacts facts) {
        ScalingCurve curve = new ScalingCurve(List.of(new ScalingCurve.Point(1, 100, 1), new ScalingCurve.Point(2, 180, 1)),
                facts.cpus());
        KernelMeasurement m = new KernelMeasurement("montecarlo", 1_000_000, 100, "test", curve, 368, "test",
                facts.cpuModel(), "this machine", null, facts, List.of());
        SkuCatalog catalog = SkuCatalog.bundled();
        SizingModel model = new SizingModel(512, catalog.daemonSetCpuMillis(), catalog.daemonSetMemoryMiB());
        Target target = Target.blocksPerHour(1_000_000);
        List<SkuSizing> sizings = catalog.skus().stream().map(sku -> model.size(sku, m, target)).toList();
        return new SizingReport(catalog, "montecarlo", 1_000_000, List.of(m), List.of(ScalingCheck.of(m, true)), target,
                sizings, SizingModel.recommend(sizings, target, "USD"), null);
    }

    @Test
    void warnsWhenHyperThreadedSkusAreSizedFromWholeCores() {
        List<String> caveats = report(SizingFixtures.TWO_CPUS).caveats();
        assertThat(caveats).singleElement().asString()
                .startsWith("Standard_D2s_v5, Standard_D4s_v5, Standard_D8s_v5, Standard_F2s_v2, Standard_F4s_v2, "
                        + "Standard_F8s_v2 share each physical core between vCPUs (SMT), but this machine showed one thread "
                        + "per core");
        MachineFacts smt = new MachineFacts("Xeon", 2, 2, true, null);
        assertThat(report(smt).caveats()).isEmpty();
    }

    @Test
    void theTableMarksExtrapolatedEfficienciesAndEndsWithTheRecommendation() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SizingReport report = report(SizingFixtures.TWO_CPUS);
        report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = bytes.toString(StandardCharsets.UTF_8);
        assertThat(table).containsPattern("Standard_D2s_v5 +2 +8 +0\\.0960 +100\\.0 +0\\.90  ")
                .containsPattern("Standard_D8s_v5 +8 +32 +0\\.3840 +100\\.0 +0\\.56\\*")
                .contains("caveat: ", "Recommended: " + report.recommendation().reason(), "--set worker.concurrency=1");
        Sizing sizing = report.toRecord();
        assertThat(sizing.measuredBy()).as("one machine, local mode").isNull();
        assertThat(sizing.recommendedRow()).hasValueSatisfying(row -> assertThat(row.name())
                .isEqualTo(report.recommendation().choice().sku().name()));
        assertThat(sizing.recommended().helmSet()).startsWith("--set worker.concurrency=1");
        assertThat(sizing.skus()).hasSize(6).allSatisfy(row -> assertThat(row.costOfBatch()).as("a rate target").isNull());
    }
}
