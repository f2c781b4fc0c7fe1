package io.durascale.benchmarks.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.durascale.run.jmh.JmhJson;
import io.durascale.run.jmh.JmhResult;
import io.durascale.run.jmh.JmhResults;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeasurementReaderTest {

    private static final Map<String, String> MC_DEFAULT = Map.of("kernel", "montecarlo", "blockSize", "default", "spinTokens", "0");
    private static final Map<String, String> SWEEP = Map.of("kernel", "montecarlo", "blockSize", "default");

    static List<JmhResult> fullRun(double allocBytes) {
        return JmhResults.parse(JmhJson.results()
                .add("CalibrationBenchmark.sha256", 1, Map.of(), Double.NaN, 18_000, 18_100)
                .add("KernelBenchmark.compute", 1, MC_DEFAULT, allocBytes, 50.0, 52.0, 51.0)
                // A gate's deliberately slowed run in the same file must not be used.
                .add("KernelBenchmark.compute", 1, Map.of("kernel", "montecarlo", "blockSize", "default", "spinTokens",
                        "5000000"), allocBytes, 5.0, 5.0)
                .add("KernelBenchmark.compute", 1, Map.of("kernel", "stencil", "blockSize", "default", "spinTokens", "0"),
                        allocBytes, 200.0, 210.0)
                .add("ThreadSweepBenchmark.threads1", 1, SWEEP, Double.NaN, 49.0, 51.0)
                .add("ThreadSweepBenchmark.threads2", 2, SWEEP, Double.NaN, 96.0, 94.0)
                .add("ThreadSweepBenchmark.threads4", 4, SWEEP, Double.NaN, 97.0, 99.0)
                .json(), "jmh.json");
    }

    @Test
    void takesPerCoreSpeedFromTheKernelBenchmarkAndScalingFromTheSweep() {
        KernelMeasurement m = MeasurementReader.read(fullRun(312), "jmh.json", "montecarlo", 1_000_000,
                SizingFixtures.TWO_CPUS, "this machine", null);

        assertThat(m.perCoreOpsPerSecond()).isEqualTo(51.0);
        assertThat(m.perCoreSource()).isEqualTo("KernelBenchmark.compute, 1 thread, median of 3 iterations");
        assertThat(m.curve().asMap()).containsEntry(1, 50.0).containsEntry(2, 95.0).containsEntry(4, 98.0);
        assertThat(m.curve().measuredEfficiency(2)).isCloseTo(0.95, within(1e-12));
        // A montecarlo input block is 56 bytes (tag, five doubles, an int, a long); gc.alloc.rate.norm adds what compute allocates.
        assertThat(m.memoryPerSlotBytes()).isEqualTo(56 + 312);
        assertThat(m.memoryPerSlotSource()).contains("gc.alloc.rate.norm 312 B/op");
        assertThat(m.notes()).containsExactly("thread counts [4] exceed the 2 CPUs that ran them: they show "
                + "oversubscription and are not used to extrapolate");
    }

    @Test
    void withoutGcProfileMeasuresOneComputesAllocationHere() {
        KernelMeasurement m = MeasurementReader.read(fullRun(Double.NaN), "jmh.json", "montecarlo", 1_000_000,
                SizingFixtures.TWO_CPUS, "this machine", null);
        assertThat(m.memoryPerSlotSource()).contains("measured here (the JMH run had no -prof gc)");
        assertThat(m.memoryPerSlotBytes()).isGreaterThan(56).isLessThan(100_000);
    }

    @Test
    void numericAndNamedBlockSizesMatchEachOther() {
        List<JmhResult> numeric = JmhResults.parse(JmhJson.results()
                .add("KernelBenchmark.compute", 1, Map.of("kernel", "stencil", "blockSize", "256"), 1_000, 200.0, 200.0)
                .json(), "n.json");
        KernelMeasurement m = MeasurementReader.read(numeric, "n.json", "stencil", 256, SizingFixtures.TWO_CPUS, "x", null);
        assertThat(m.perCoreOpsPerSecond()).isEqualTo(200.0);
        assertThat(m.notes()).anySatisfy(note -> assertThat(note).startsWith("no ThreadSweepBenchmark results for stencil/256"));
    }

    @Test
    void aMissingKernelOrBlockSizeSaysWhatTheFileHasAndHowToMeasureIt() {
        assertThatThrownBy(() -> MeasurementReader.read(fullRun(312), "jmh.json", "matmul", 256, SizingFixtures.TWO_CPUS,
                "this machine", null))
                .hasMessage("jmh.json has no single-thread result for kernel matmul at block size 256 (it has "
                        + "montecarlo/1000000, montecarlo/1000000 (spinTokens=5000000, not used), stencil/256); run java -jar "
                        + "benchmarks.jar 'KernelBenchmark|ThreadSweep' -p kernel=matmul -p blockSize=256 -rf json -rff "
                        + "FILE, or pick a measured --kernel/--block-size");
    }
}
