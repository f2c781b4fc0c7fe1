package io.durascale.benchmarks.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingCurveTest {

    private static ScalingCurve curve(int cpus, double... opsByThreads1248) {
        int[] threads = {1, 2, 4, 8};
        List<ScalingCurve.Point> points = new java.util.ArrayList<>();
        for (int i = 0; i < opsByThreads1248.length; i++) {
            points.add(new ScalingCurve.Point(threads[i], opsByThreads1248[i], 1.0));
        }
        return new ScalingCurve(points, cpus);
    }

    @Test
    void measuredThreadCountsUseTheMeasuredEfficiency() {
        ScalingCurve c = curve(2, 100, 180);
        assertThat(c.measuredEfficiency(2)).isCloseTo(0.9, within(1e-12));
        ScalingCurve.Efficiency two = c.efficiencyAt(2);
        assertThat(two.value()).isCloseTo(0.9, within(1e-12));
        assertThat(two.extrapolated()).isFalse();
        assertThat(two.basis()).isEqualTo("measured at 2 threads");
    }

    @Test
    void largerCountsFollowAmdahlWithTheKarpFlattSerialFraction() {
        ScalingCurve c = curve(2, 100, 180);
        // S = 1.8 at p = 2: f = (1/1.8 - 1/2) / (1 - 1/2) = 1/9; S(8) = 1 / (1/9 + (8/9)/8) = 4.5; efficiency 4.5/8.
        assertThat(c.serialFraction()).isCloseTo(1.0 / 9, within(1e-12));
        ScalingCurve.Efficiency eight = c.efficiencyAt(8);
        assertThat(eight.value()).isCloseTo(4.5 / 8, within(1e-12));
        assertThat(eight.extrapolated()).isTrue();
        assertThat(eight.basis()).isEqualTo("Amdahl from 2 measured threads (serial fraction 0.111)");
        assertThat(c.efficiencyAt(4).value()).isGreaterThan(eight.value()).isLessThan(0.9);
    }

    @Test
    void pointsBeyondTheCpusAreOversubscriptionAndNotFitted() {
        // 4 threads on 2 CPUs give about 2x, which would look like a terrible serial fraction if fitted.
        ScalingCurve c = curve(2, 100, 196, 198);
        assertThat(c.fitThreads()).isEqualTo(2);
        assertThat(c.oversubscribed()).containsExactly(4);
        ScalingCurve.Efficiency four = c.efficiencyAt(4);
        assertThat(four.extrapolated()).isTrue();
        assertThat(four.value()).isGreaterThan(0.9);
    }

    @Test
    void aClusterNodeMeasuresItsOwnThreadCount() {
        ScalingCurve c = new ScalingCurve(List.of(new ScalingCurve.Point(1, 100, 1), new ScalingCurve.Point(2, 190, 1),
                new ScalingCurve.Point(8, 640, 1)), 8);
        assertThat(c.efficiencyAt(8).extrapolated()).isFalse();
        assertThat(c.efficiencyAt(8).value()).isCloseTo(0.8, within(1e-12));
        assertThat(c.fitThreads()).isEqualTo(8);
    }

    @Test
    void noiseNeverSizesAboveLinearAndOneThreadAloneAssumesLinear() {
        ScalingCurve superlinear = curve(2, 100, 210);
        assertThat(superlinear.efficiencyAt(2).value()).isEqualTo(1.0);
        assertThat(superlinear.serialFraction()).isZero();
        assertThat(superlinear.efficiencyAt(8).value()).isCloseTo(1.0, within(1e-12));

        ScalingCurve single = curve(2, 100);
        assertThat(single.efficiencyAt(4).basis()).isEqualTo("assumed linear: only 1 thread measured");
        assertThat(single.efficiencyAt(4).value()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void rejectsCurvesItCannotUse() {
        assertThatThrownBy(() -> new ScalingCurve(List.of(new ScalingCurve.Point(2, 100, 1)), 2))
                .hasMessage("the scaling curve needs a single-thread measurement");
        assertThatThrownBy(() -> new ScalingCurve(List.of(new ScalingCurve.Point(1, 0, 1)), 2))
                .hasMessageStartingWith("a measured point needs threads >= 1 and a positive throughput");
    }
}
