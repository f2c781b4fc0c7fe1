package io.durascale.reports.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.durascale.reports.SyntheticRun;
import io.durascale.reports.analysis.RunAnalysis;
import io.durascale.run.RunInputException;
import io.durascale.run.RunReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostEstimateTest {

    @TempDir
    Path tmp;

    @Test
    void functionsEstimateReproducesThePublishedWorkedExample() {
        // modal.com's example: 3 M executions of 1 s at 1.5 GB in a month = (4.5 M - 0.4 M) GB-s x $0.000016
        // + (3 M - 1 M) x $0.20 / M = $66.00.
        Path run = tmp.resolve("run");
        SyntheticRun.in(run).timeline();
        Pricing pricing = Pricing.defaults().with(Pricing.EXECUTIONS, "3000000", "test")
                .with(Pricing.EXECUTION_SECONDS, "1", "test").with(Pricing.MEMORY_GB, "1.5", "test")
                .with(Pricing.RUNS_PER_MONTH, "1", "test");

        CostEstimate cost = CostEstimate.of(new RunAnalysis(RunReader.read(run)), pricing);

        CostScenario functions = cost.scenarios().get(2);
        assertThat(functions.perMonth()).isCloseTo(66.00, within(1e-6));
        assertThat(functions.perRun()).isCloseTo(4_500_000 * 0.000016 + 3 * 0.20, within(1e-6));
    }

    @Test
    void aksCostIsPodSecondsTimesThePodPriceAndAlwaysOnKeepsThePeak() {
        Path run = tmp.resolve("run");
        SyntheticRun.in(run).timeline();

        CostEstimate cost = CostEstimate.of(new RunAnalysis(RunReader.read(run)),
                Pricing.defaults().with(Pricing.POD_HOUR, "0.36", "test"));

        // 216 pod-seconds at $0.36/h = $0.0216; 4 pods for the 75 s run = $0.03, or 4 x 730 h a month.
        assertThat(cost.scenarios().get(0).perRun()).isCloseTo(0.0216, within(1e-9));
        assertThat(cost.scenarios().get(0).perMonth()).isCloseTo(0.0216 * 30, within(1e-9));
        assertThat(cost.scenarios().get(1).perRun()).isCloseTo(0.03, within(1e-9));
        assertThat(cost.scenarios().get(1).perMonth()).isCloseTo(4 * 730 * 0.36, within(1e-9));
        assertThat(cost.idleCost()).isCloseTo(76 / 3600.0 * 0.36, within(1e-9));
        assertThat(cost.assumptions()).anyMatch(a -> a.key().equals(Pricing.POD_HOUR) && a.source().equals("test"));
    }

    @Test
    void thePodPriceComesFromTheRunBeforeTheDefault() {
        Path run = SyntheticRun.full(tmp.resolve("run"));

        CostEstimate cost = CostEstimate.of(new RunAnalysis(RunReader.read(run)), Pricing.defaults());

        Assumption podHour = cost.assumptions().get(0);
        assertThat(podHour.value()).isEqualTo(0.048);
        assertThat(podHour.source()).isEqualTo("metrics.json scaleToZero.idleCost.pricePerPodHour");
        assertThat(cost.assumptions()).anyMatch(a -> a.key().equals(Pricing.MEMORY_GB) && a.value() == 0.125);
    }

    @Test
    void aPricingFileOverridesNestedOrFlatKeysAndRejectsUnknownOnes() throws Exception {
        Path file = Files.writeString(tmp.resolve("prices.json"),
                "{\"currency\": \"EUR\", \"pricePerPodHour\": 0.05, \"functions\": {\"pricePerGbSecond\": 0.000026}, "
                        + "\"functions.freeExecutionsPerMonth\": 0}");

        Pricing p = Pricing.defaults().withFile(file);

        assertThat(p.currency()).isEqualTo("EUR");
        assertThat(p.value(Pricing.POD_HOUR)).contains(0.05);
        assertThat(p.value(Pricing.GB_SECOND)).contains(0.000026);
        assertThat(p.value(Pricing.FREE_EXECUTIONS)).contains(0.0);
        assertThat(p.item(Pricing.GB_SECOND).source()).isEqualTo("pricing file prices.json");

        Path bad = Files.writeString(tmp.resolve("bad.json"), "{\"functions\": {\"pricePerGBSecond\": 1}}");
        assertThatThrownBy(() -> Pricing.defaults().withFile(bad)).isInstanceOf(RunInputException.class)
                .hasMessageContaining("unknown price \"functions.pricePerGBSecond\"");
        assertThatThrownBy(() -> Pricing.defaults().with(Pricing.RUNS_PER_MONTH, "-3", "flag"))
                .hasMessageContaining("non-negative");
    }
}
