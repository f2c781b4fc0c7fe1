package io.durascale.reports.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.run.RunInfo;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The gate's rules on metrics built directly, one rule at a time. */
class GateTest {

    private static final String KERNEL = "io.durascale.benchmarks.KernelBenchmark.compute";
    private static final String CALIBRATION = "io.durascale.benchmarks.CalibrationBenchmark.sha256";

    private final Gate gate = new Gate(GateConfig.defaults());

    @Test
    void directionComesFromTheUnit() {
        for (String higher : List.of("ops/s", "ops/ms", "ops/us", "ops/min", "orchestrations/s", "blocks/s")) {
            assertThat(Direction.ofUnit(higher)).as(higher).isEqualTo(Direction.HIGHER_IS_BETTER);
        }
        for (String lower : List.of("ms/op", "us/op", "ns/op", "s/op", "ms", "s", "B/op")) {
            assertThat(Direction.ofUnit(lower)).as(lower).isEqualTo(Direction.LOWER_IS_BETTER);
        }
        for (String unknown : List.of("MB/sec", "counts", "", "widgets")) {
            assertThat(Direction.ofUnit(unknown)).as(unknown).isEqualTo(Direction.UNKNOWN);
        }
    }

    @Test
    void aThroughputDropIsARegressionAndATimeDropIsAnImprovement() {
        Verdict slowerThroughput = only(compare(
                List.of(jmh(KERNEL, "thrpt", 120, 3, "ops/s")),
                List.of(jmh(KERNEL, "thrpt", 172, 3, "ops/s"))));
        assertThat(slowerThroughput.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(slowerThroughput.reason()).startsWith("regression: 30.2% worse");

        Verdict fasterThroughput = only(compare(
                List.of(jmh(KERNEL, "thrpt", 230, 3, "ops/s")),
                List.of(jmh(KERNEL, "thrpt", 172, 3, "ops/s"))));
        assertThat(fasterThroughput.status()).isEqualTo(Verdict.Status.PASS);
        assertThat(fasterThroughput.reason()).startsWith("improved").contains("--update-baseline");

        Verdict lessTimePerOp = only(compare(
                List.of(jmh(KERNEL, "avgt", 2.0, 0.04, "ms/op")),
                List.of(jmh(KERNEL, "avgt", 2.91, 0.04, "ms/op"))));
        assertThat(lessTimePerOp.status()).isEqualTo(Verdict.Status.PASS);
        assertThat(lessTimePerOp.reason()).startsWith("improved");

        Verdict moreTimePerOp = only(compare(
                List.of(jmh(KERNEL, "avgt", 4.0, 0.04, "ms/op")),
                List.of(jmh(KERNEL, "avgt", 2.91, 0.04, "ms/op"))));
        assertThat(moreTimePerOp.status()).isEqualTo(Verdict.Status.FAIL);
    }

    @Test
    void overlappingConfidenceIntervalsAreNoise() {
        // 12.8% worse, beyond the minimum effect, but the run's interval [100, 200] covers the baseline's score.
        Verdict noisy = only(compare(List.of(jmh(KERNEL, "thrpt", 150, 50, "ops/s")),
                List.of(jmh(KERNEL, "thrpt", 172, 3, "ops/s"))));
        assertThat(noisy.status()).isEqualTo(Verdict.Status.PASS);
        assertThat(noisy.reason()).startsWith("within noise").contains("[100, 200] covers the baseline's 172");

        GateConfig noCiRule = new GateConfig(List.of(java.util.regex.Pattern.compile(".*")), List.of(), java.util.Set.of(),
                java.util.regex.Pattern.compile(".*Calibration.*"), false, 0.10, false, 0.05, 16, 0.05, List.of("p95"), 0.5, 50,
                Map.of(), 0.3, "test");
        Verdict withoutCiRule = only(new Gate(noCiRule).compare("run", List.of(jmh(KERNEL, "thrpt", 150, 50, "ops/s")),
                baseline(List.of(jmh(KERNEL, "thrpt", 172, 3, "ops/s")))).verdicts());
        assertThat(withoutCiRule.status()).isEqualTo(Verdict.Status.FAIL);
    }

    @Test
    void separatedIntervalsBelowTheMinimumEffectPass() {
        // 4% worse with tight, separated intervals: real, but smaller than the 10% minimum effect.
        Verdict small = only(compare(List.of(jmh(KERNEL, "thrpt", 165, 1, "ops/s")),
                List.of(jmh(KERNEL, "thrpt", 172, 1, "ops/s"))));
        assertThat(small.status()).isEqualTo(Verdict.Status.PASS);
        assertThat(small.reason()).contains("4.1% worse", "leaves out the baseline's 172");
    }

    @Test
    void aBaselineOfFewIterationsWithAHugeIntervalStillCatchesASlowerKernel() {
        // A committed baseline's 3 iterations gave [-19.7, 335] around 157 ops/s; a run 61% slower, [41.7, 76.7], is
        // caught: the run's interval leaves out the baseline's score. Two overlapping intervals would have hidden it.
        Verdict slower = only(compare(List.of(jmh(KERNEL, "thrpt", 59.2, 17.5, "ops/s")),
                List.of(jmh(KERNEL, "thrpt", 157.6, 177.3, "ops/s"))));
        assertThat(slower.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(slower.reason()).startsWith("regression").contains("leaves out the baseline's 158");
    }

    @Test
    void withoutConfidenceIntervalsTheMinimumEffectAloneDecides() {
        Verdict v = only(compare(List.of(jmh(KERNEL, "thrpt", 150, Double.NaN, "ops/s")),
                List.of(jmh(KERNEL, "thrpt", 172, Double.NaN, "ops/s"))));
        assertThat(v.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(v.reason()).contains("no confidence interval");
    }

    @Test
    void calibrationNormalisesMachineSpeedButNotAllocation() {
        // The baseline came from a machine twice as fast: every score doubled, allocation the same.
        List<Metric> base = List.of(jmh(CALIBRATION, "thrpt", 3700, 20, "ops/s"), jmh(KERNEL, "thrpt", 344, 4, "ops/s"),
                jmh(KERNEL + "Time", "avgt", 1.455, 0.02, "ms/op"), alloc(KERNEL, 4128));
        List<Metric> sameCode = List.of(jmh(CALIBRATION, "thrpt", 1850, 10, "ops/s"), jmh(KERNEL, "thrpt", 172, 2, "ops/s"),
                jmh(KERNEL + "Time", "avgt", 2.91, 0.04, "ms/op"), alloc(KERNEL, 4128));

        GateResult same = gate.compare("run", sameCode, baseline(base));

        assertThat(same.calibration().factor()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(same.calibration().explanation()).contains("0.500×", "CalibrationBenchmark.sha256 1,850 vs 3,700 ops/s");
        assertThat(same.passed()).as(same.verdicts().toString()).isTrue();
        assertThat(byId(same, "jmh:" + KERNEL + "[]@thrpt,t1").normalised()).isEqualTo(344.0);
        assertThat(byId(same, "jmh:" + KERNEL + "Time[]@avgt,t1").normalised()).isCloseTo(1.455, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(byId(same, "jmh:" + CALIBRATION + "[]@thrpt,t1").status()).isEqualTo(Verdict.Status.SKIP);

        // The same machine difference, and a kernel that got 30% slower: caught.
        List<Metric> slowerKernel = List.of(jmh(CALIBRATION, "thrpt", 1850, 10, "ops/s"), jmh(KERNEL, "thrpt", 120, 2, "ops/s"),
                jmh(KERNEL + "Time", "avgt", 2.91, 0.04, "ms/op"), alloc(KERNEL, 4128));
        GateResult slower = gate.compare("run", slowerKernel, baseline(base));
        assertThat(slower.passed()).isFalse();
        assertThat(slower.verdicts().stream().filter(Verdict::failed).map(Verdict::id))
                .containsExactly("jmh:" + KERNEL + "[]@thrpt,t1");

        // Without the calibration benchmark the slower machine alone looks like a 50% regression.
        List<Metric> uncalibrated = sameCode.subList(1, sameCode.size());
        assertThat(gate.compare("run", uncalibrated, baseline(base.subList(1, base.size()))).passed()).isFalse();
    }

    @Test
    void allocationIsGatedTightly() {
        List<Metric> base = List.of(alloc(KERNEL, 4128));
        assertThat(gate.compare("run", List.of(alloc(KERNEL, 4150)), baseline(base)).passed()).isTrue();
        // 0 → 16 B/op is within the slack (JIT noise); 4128 → 4400 (+6.6%) is not within 5%.
        assertThat(gate.compare("run", List.of(alloc(KERNEL, 16)), baseline(List.of(alloc(KERNEL, 0)))).passed()).isTrue();
        GateResult more = gate.compare("run", List.of(alloc(KERNEL, 4400)), baseline(base));
        assertThat(more.passed()).isFalse();
        assertThat(only(more.verdicts()).reason()).contains("allocates 4,400 B/op, baseline 4,128");
    }

    @Test
    void timesAreGatedAgainstThisMachinesEarlierRunsAndAbsoluteThresholds() {
        Baseline committed = baseline(List.of(latency("orchestrationEndToEnd.p95", 100), latency("httpStart.p95", 1)));
        Map<String, List<Double>> machine = Map.of("latency:orchestrationEndToEnd.p95", List.of(7900.0),
                "latency:httpStart.p95", List.of(12.0));
        // +14%: fine. +158% on a 12 ms figure is 19 ms: under the 50 ms noise floor.
        assertThat(gate.compare("run", null, List.of(latency("orchestrationEndToEnd.p95", 9000), latency("httpStart.p95", 31)),
                committed, machine).passed()).isTrue();
        // Above the highest earlier run plus half its median: a regression.
        GateResult slower = gate.compare("run", null, List.of(latency("orchestrationEndToEnd.p95", 15000)), committed, machine);
        assertThat(slower.passed()).isFalse();
        assertThat(only(slower.verdicts()).reason()).contains("regression: 15.0 s against at most 11.9 s");
        // The committed baseline's times (from another machine) are never used: 9 s against its 100 ms passes.
        assertThat(gate.compare("run", null, List.of(latency("orchestrationEndToEnd.p95", 9000)), committed, null)
                .verdicts()).singleElement().satisfies(v -> assertThat(v.status()).isEqualTo(Verdict.Status.SKIP));
        // Above the default absolute threshold (*.p95 at most 60 s), even with nothing of this machine's to compare.
        GateResult stuck = gate.compare("run", null, List.of(latency("blockEnqueueToOutput.p95", 75_000)), committed, null);
        assertThat(only(stuck.verdicts().stream().filter(Verdict::failed).toList()).reason())
                .contains("above the threshold of 60.0 s");
        // p99 is not gated by default (times.percentiles = p50, p95).
        GateResult p99 = gate.compare("run", null, List.of(latency("orchestrationEndToEnd.p99", 90_000)), committed, machine);
        assertThat(p99.verdicts().get(0).status()).isEqualTo(Verdict.Status.SKIP);
    }

    @Test
    void fromThreeRunsTheirSpreadWidensTheBandForPollQuantisedFigures() {
        // Measured on the 2-core machine (three idle fresh-clone studies): KEDA's 2 s poll makes the first ready
        // pod noisy, the worker's own start is not.
        Map<String, List<Double>> runs = Map.of("time:scaleUp.firstEnqueueToFirstReadyMs", List.of(3696.0, 916.0, 295.0),
                "time:scaleUp.podStartMedianMs", List.of(3192.0, 3588.0, 4108.0));
        // The highest (3.7 s) plus 1.5 × their spread (3.4 s): 8.8 s. A 5.2 s first ready is that poll's noise.
        assertThat(gate.compare("run", null, List.of(time("scaleUp.firstEnqueueToFirstReadyMs", 5173)), baseline(List.of()),
                runs).passed()).isTrue();
        assertThat(gate.compare("run", null, List.of(time("scaleUp.firstEnqueueToFirstReadyMs", 8900)), baseline(List.of()),
                runs).passed()).isFalse();
        // Pod starts: 4.1 s plus half their median (1.8 s, more than 1.5 × 0.9 s): 5.9 s. A slower run of the whole
        // machine (5.7 s, measured) passes; a worker 3 s slower to start does not.
        GateResult slowStart = gate.compare("run", null, List.of(time("scaleUp.podStartMedianMs", 6600)), baseline(List.of()),
                runs);
        assertThat(slowStart.passed()).isFalse();
        assertThat(only(slowStart.verdicts()).reason()).contains("regression: 6.6 s against at most 5.9 s");
        assertThat(gate.compare("run", null, List.of(time("scaleUp.podStartMedianMs", 5700)), baseline(List.of()),
                runs).passed()).isTrue();
    }

    @Test
    void withFewerRunsTheConfiguredToleranceStandsIn() {
        Map<String, List<Double>> two = Map.of("time:scaleUp.firstEnqueueToFirstReadyMs", List.of(2800.0, 4000.0));
        // The highest of them (4.0 s) plus half their median (1.7 s): 5.7 s.
        assertThat(gate.compare("run", null, List.of(time("scaleUp.firstEnqueueToFirstReadyMs", 5650)), baseline(List.of()),
                two).passed()).isTrue();
        assertThat(gate.compare("run", null, List.of(time("scaleUp.firstEnqueueToFirstReadyMs", 5750)), baseline(List.of()),
                two).passed()).isFalse();
    }

    @Test
    void paramsArePartOfTheIdentityUnlessIgnored() {
        Metric baselineSpin0 = jmh(KERNEL, "thrpt", 172, 2, "ops/s", Map.of("kernel", "stencil", "spinTokens", "0"));
        Metric runSpin50 = jmh(KERNEL, "thrpt", 110, 2, "ops/s", Map.of("kernel", "stencil", "spinTokens", "50"));

        GateResult strict = gate.compare("run", List.of(runSpin50), baseline(List.of(baselineSpin0)));
        assertThat(strict.passed()).isTrue();
        assertThat(strict.verdicts()).extracting(Verdict::reason)
                .contains("no baseline entry: gate it from the next --update-baseline on", "in the baseline but not measured in this run");

        GateConfig ignoring = new GateConfig(List.of(java.util.regex.Pattern.compile(".*")), List.of(), java.util.Set.of("spinTokens"),
                java.util.regex.Pattern.compile(".*Calibration.*"), false, 0.10, true, 0.05, 16, 0.05, List.of("p95"), 0.5, 50,
                Map.of(), 0.3, "test");
        GateResult matched = new Gate(ignoring).compare("run", List.of(runSpin50), baseline(List.of(baselineSpin0)));
        assertThat(matched.passed()).isFalse();
        assertThat(only(matched.verdicts()).id()).contains("spinTokens=50");
    }

    @Test
    void aMetricMissingFromTheRunFailsOnlyWhenConfigured() {
        List<Metric> base = List.of(jmh(KERNEL, "thrpt", 172, 2, "ops/s"), jmh(KERNEL + "Other", "thrpt", 50, 1, "ops/s"));
        List<Metric> run = List.of(jmh(KERNEL, "thrpt", 172, 2, "ops/s"));
        assertThat(gate.compare("run", run, baseline(base)).passed()).isTrue();
        GateConfig strict = new GateConfig(List.of(java.util.regex.Pattern.compile(".*")), List.of(), java.util.Set.of(),
                java.util.regex.Pattern.compile(".*Calibration.*"), true, 0.10, true, 0.05, 16, 0.05, List.of("p95"), 0.5, 50,
                Map.of(), 0.3, "test");
        assertThat(new Gate(strict).compare("run", run, baseline(base)).passed()).isFalse();
    }

    @Test
    void ratesMayDropOnlyLoosely() {
        Map<String, List<Double>> machine = Map.of("rate:taskhubBench.HelloCities5.partitions=4", List.of(83.6));
        assertThat(gate.compare("run", null, List.of(rate("taskhubBench.HelloCities5.partitions=4", 65)), baseline(List.of()),
                machine).passed()).isTrue();
        assertThat(gate.compare("run", null, List.of(rate("taskhubBench.HelloCities5.partitions=4", 50)), baseline(List.of()),
                machine).passed()).isFalse();
    }

    @Test
    void countedOperationsAreGatedTightlyAgainstTheCommittedBaseline() {
        Metric base = count("taskhubBench.HelloCities5.partitions=4.workOperationsPerOrchestration", 21.0);
        assertThat(gate.compare("run", List.of(count("taskhubBench.HelloCities5.partitions=4.workOperationsPerOrchestration",
                21.6)), baseline(List.of(base))).passed()).isTrue();
        GateResult more = gate.compare("run", List.of(count("taskhubBench.HelloCities5.partitions=4.workOperationsPerOrchestration",
                23.0)), baseline(List.of(base)));
        assertThat(more.passed()).isFalse();
        assertThat(only(more.verdicts()).reason()).contains("23 operations/orchestration against 21");
    }

    @Test
    void aChangedUnitFailsWithTheFix() {
        Verdict v = only(compare(List.of(jmh(KERNEL, "thrpt", 0.172, 0.003, "ops/ms")),
                List.of(jmh(KERNEL, "thrpt", 172, 3, "ops/s"))));
        assertThat(v.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(v.reason()).contains("unit changed from ops/s to ops/ms", "--update-baseline");
    }

    // ----------------------------------------------------------------

    private List<Verdict> compare(List<Metric> run, List<Metric> base) {
        return gate.compare("run", run, baseline(base)).verdicts();
    }

    static Baseline baseline(List<Metric> metrics) {
        return new Baseline("test baseline", null, null, metrics);
    }

    static Metric jmh(String name, String mode, double score, double error, String unit) {
        return jmh(name, mode, score, error, unit, Map.of());
    }

    static Metric jmh(String name, String mode, double score, double error, String unit, Map<String, String> params) {
        return new Metric(MetricKind.JMH, name, new TreeMap<>(params), mode, 1, unit, score, score - error, score + error);
    }

    static Metric alloc(String name, double bytes) {
        return new Metric(MetricKind.ALLOCATION, name, new TreeMap<>(), "thrpt", 1, "B/op", bytes, bytes, bytes);
    }

    static Metric latency(String name, double ms) {
        return new Metric(MetricKind.LATENCY, name, new TreeMap<>(), "", 1, "ms", ms, Double.NaN, Double.NaN);
    }

    static Metric time(String name, double ms) {
        return new Metric(MetricKind.TIME, name, new TreeMap<>(), "", 1, "ms", ms, Double.NaN, Double.NaN);
    }

    static Metric count(String name, double perOrchestration) {
        return new Metric(MetricKind.COUNT, name, new TreeMap<>(), "", 1, "operations/orchestration", perOrchestration,
                Double.NaN, Double.NaN);
    }

    static Metric rate(String name, double perSecond) {
        return new Metric(MetricKind.RATE, name, new TreeMap<>(), "", 1, "orchestrations/s", perSecond, Double.NaN, Double.NaN);
    }

    private static Verdict only(List<Verdict> verdicts) {
        assertThat(verdicts).hasSize(1);
        return verdicts.get(0);
    }

    private static Verdict byId(GateResult result, String id) {
        return result.verdicts().stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow(
                () -> new AssertionError(id + " not in " + result.verdicts()));
    }
}
