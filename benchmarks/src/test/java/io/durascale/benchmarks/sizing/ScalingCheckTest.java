package io.durascale.benchmarks.sizing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingCheckTest {

    private static KernelMeasurement measured(double twoThreads, double spread, MachineFacts facts) {
        ScalingCurve curve = new ScalingCurve(List.of(new ScalingCurve.Point(1, 100, 1.0),
                new ScalingCurve.Point(2, twoThreads, spread)), facts.cpus());
        return new KernelMeasurement("montecarlo", 1_000_000, 100, "t", curve, 100, "t", facts.cpuModel(), "this machine",
                null, facts, List.of());
    }

    @Test
    void twoThreadsAtOrAboveOnePointSixTimesOneArePlainlyReported() {
        ScalingCheck check = ScalingCheck.of(measured(190, 1.01, SizingFixtures.TWO_CPUS), true);
        assertThat(check.ok()).isTrue();
        assertThat(check.explanation()).isEqualTo("2 threads computed 1.90x one thread (efficiency 0.95), at least the "
                + "1.6x expected on 2 CPUs");
    }

    @Test
    void aShortfallSaysWhatOnTheMachineCouldExplainIt() {
        MachineFacts busySmtVm = new MachineFacts("Xeon", 2, 2, true, new double[] {3.2, 2.5, 2.0});
        ScalingCheck check = ScalingCheck.of(measured(130, 1.4, busySmtVm), true);
        assertThat(check.ok()).isFalse();
        assertThat(check.speedup()).isEqualTo(1.3);
        assertThat(check.explanation())
                .startsWith("2 threads computed only 1.30x one thread (efficiency 0.65), below the 1.6x")
                .contains("the CPUs are SMT siblings (2 hardware threads per core)")
                .contains("this is a virtual machine")
                .contains("the 2-thread iterations varied by 40 % (max/min)")
                .contains("other processes are busy just after the run (1-minute load average 3.20 on 2 CPUs)")
                .endsWith("rerun when the machine is idle (uptime near 0) or measure the SKUs in cluster mode");
    }

    @Test
    void aQuietBareMachineStillGetsTheRemainingExplanations() {
        MachineFacts quiet = new MachineFacts("EPYC", 2, 1, false, new double[] {0.1, 0.9, 1.1});
        ScalingCheck check = ScalingCheck.of(measured(150, 1.02, quiet), false);
        assertThat(check.explanation()).doesNotContain("SMT", "virtual machine", "varied by")
                .contains("load averages when sized (not necessarily during the run) are 0.10, 0.90, 1.10")
                .contains("memory- or cache-bound");
    }

    @Test
    void notApplicableOnOneCpuOrWithoutTwoThreads() {
        MachineFacts one = new MachineFacts("x", 1, 1, false, null);
        assertThat(ScalingCheck.of(measured(100, 1, one), true).explanation())
                .isEqualTo("not applicable: the measuring machine has 1 CPU");
        KernelMeasurement single = new KernelMeasurement("stencil", 256, 100, "t",
                new ScalingCurve(List.of(new ScalingCurve.Point(1, 100, 1)), 2), 1, "t", "x", "m", null,
                SizingFixtures.TWO_CPUS, List.of());
        ScalingCheck check = ScalingCheck.of(single, true);
        assertThat(check.ok()).isTrue();
        assertThat(check.speedup()).isNaN();
        assertThat(check.explanation()).contains("-p kernel=stencil");
    }
}
