package io.durascale.loadtests.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MachineCpuTest {

    @Test
    void samplesTheMachinesCpuUseBetweenZeroAndOne() {
        try (MachineCpu cpu = new MachineCpu().start(Duration.ofMillis(100))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> cpu.samples().size() >= 3);

            assertThat(cpu.cores()).isPositive();
            assertThat(cpu.samples()).allSatisfy(s -> assertThat(s.load()).isBetween(0.0, 1.0));
            assertThat(cpu.samples()).isSortedAccordingTo((a, b) -> Long.compare(a.t(), b.t()));
        }
    }

    @Test
    void theMeanCoversOnlyTheSamplesInsideTheWindow() {
        List<MachineCpu.Sample> samples = List.of(new MachineCpu.Sample(1000, 0.2), new MachineCpu.Sample(1500, 0.9),
                new MachineCpu.Sample(2000, 0.7), new MachineCpu.Sample(2500, 0.1));

        assertThat(MachineCpu.mean(samples, 1500, 2000).getAsDouble()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(MachineCpu.mean(samples, 3000, 4000)).isEmpty();
    }
}
