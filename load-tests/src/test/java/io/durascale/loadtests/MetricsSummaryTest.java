package io.durascale.loadtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.run.Metrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The console's figures read as a person writes them: no E notation, no binary-fraction tails. */
class MetricsSummaryTest {

    @Test
    void moneyIsCentsOrThreeSignificantDigitsAndNeverENotation() {
        assertThat(MetricsSummary.money(123.516)).isEqualTo("123.52");
        assertThat(MetricsSummary.money(0.06796975499999999)).isEqualTo("0.07");
        assertThat(MetricsSummary.money(3.23E-4)).isEqualTo("0.000323");
        assertThat(MetricsSummary.money(0)).isEqualTo("0.00");
        assertThat(MetricsSummary.significant(0.04225, 4)).isEqualTo("0.04225");
    }

    @Test
    void theScaleToZeroAndOrchestrationTierLinesAreFormatted() {
        Metrics metrics = new Metrics("embedded", new Metrics.Emulated(true, true), "CapacityStudySimulation", null,
                new Metrics.ScaleToZero(1_000L, true, 6_882L, 27.5, 4, new Metrics.IdleCost(0.04225, 3.23E-4, "USD", "x")),
                new Metrics.OrchestrationTier("durascale-orchestration", 900L, 2_138L, 11_829L, 8_927L, 9_369L, null, 4,
                        148.8, "the tier did not reach zero replicas before the run ended"),
                List.of(), null, null, null, null, List.of());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MetricsSummary.print(metrics, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("scale to zero: 6.9 s after the queue emptied; 27.5 idle pod-seconds = 0.000323 USD at "
                + "0.04225/pod-hour");
        assertThat(text).contains("orchestration tier from zero: start → active 2.1 s, → first episode 8.9 s, → first job "
                + "9.4 s, → first host Ready 11.8 s; back to zero not reached after its last work; 148.8 pod-seconds, peak 4");
        assertThat(text).doesNotContainPattern("[0-9]E-?[0-9]");
    }
}
