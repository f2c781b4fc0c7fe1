package io.durascale.reports.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durascale.run.RunInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateConfigTest {

    @TempDir
    Path tmp;

    @Test
    void defaultsAreTheDocumentedOnes() {
        GateConfig c = GateConfig.defaults();
        assertThat(c.jmhMinEffect()).isEqualTo(0.10);
        assertThat(c.requireCiSeparation()).isTrue();
        assertThat(c.allocationTolerance()).isEqualTo(0.05);
        assertThat(c.allocationSlackBytes()).isEqualTo(16);
        assertThat(c.percentiles()).containsExactly("p50", "p95");
        assertThat(c.timesMaxIncrease()).isEqualTo(0.50);
        assertThat(c.timesMinIncreaseMs()).isEqualTo(50);
        assertThat(c.thresholdMs("orchestrationEndToEnd.p95")).isEqualTo(60_000);
        assertThat(c.thresholdMs("orchestrationEndToEnd.p50")).isNull();
        assertThat(c.ratesMaxDecrease()).isEqualTo(0.30);
        assertThat(c.calibration().pattern()).isEqualTo(".*Calibration.*");
        assertThat(c.gates("jmh:anything")).isTrue();
    }

    @Test
    void aUserFileMergesOverTheDefaultsAndTheMostSpecificThresholdWins() throws Exception {
        Path file = Files.writeString(tmp.resolve("gate.json"), """
                {"ignoreParams": ["spinTokens"], "exclude": ["matmul"], "jmh": {"minEffect": 0.25},
                 "times": {"thresholdsMs": {"*.p95": 90000, "httpStart.p95": 200, "scaleUp.*": 30000}}}""");

        GateConfig c = GateConfig.load(file);

        assertThat(c.jmhMinEffect()).isEqualTo(0.25);
        assertThat(c.requireCiSeparation()).isTrue(); // kept from the defaults
        assertThat(c.ignoreParams()).containsExactly("spinTokens");
        assertThat(c.gates("jmh:KernelBenchmark.compute[kernel=matmul]@avgt,t1")).isFalse();
        assertThat(c.thresholdMs("httpStart.p95")).isEqualTo(200);
        assertThat(c.thresholdMs("orchestrationEndToEnd.p95")).isEqualTo(90_000);
        assertThat(c.thresholdMs("scaleUp.firstEnqueueToFirstReadyMs")).isEqualTo(30_000);
    }

    @Test
    void theWorkflowExampleConfigIsValidAndGenerous() {
        GateConfig ci = GateConfig.load(Path.of("..", ".github", "capacity", "gate.json"));
        assertThat(ci.jmhMinEffect()).isGreaterThan(GateConfig.defaults().jmhMinEffect());
        assertThat(ci.allocationTolerance()).isGreaterThan(GateConfig.defaults().allocationTolerance());
    }

    @Test
    void mistakesAreOneSentenceEach() throws Exception {
        assertThatThrownBy(() -> GateConfig.load(Files.writeString(tmp.resolve("a.json"), "{\"calibration\": \"([\"}")))
                .isInstanceOf(RunInputException.class).hasMessageContaining("calibration \"([\" is not a Java regular expression");
        assertThatThrownBy(() -> GateConfig.load(Files.writeString(tmp.resolve("b.json"), "{\"times\": {\"percentiles\": [\"p42\"]}}")))
                .hasMessageContaining("times.percentiles has \"p42\"");
        assertThatThrownBy(() -> GateConfig.load(Files.writeString(tmp.resolve("c.json"), "{\"jmh\": {\"minEffect\": \"ten\"}}")))
                .hasMessageContaining("jmh.minEffect must be a non-negative number");
        assertThatThrownBy(() -> GateConfig.load(Files.writeString(tmp.resolve("f.json"), "{\"jmh\": 5}")))
                .hasMessageEndingWith(": jmh must be an object, not 5.");
        assertThatThrownBy(() -> GateConfig.load(Files.writeString(tmp.resolve("g.json"), "{\"failOnMissing\": \"yes\"}")))
                .hasMessageEndingWith(": failOnMissing must be true or false, not \"yes\".");
        assertThatThrownBy(() -> GateConfig.load(Files.writeString(tmp.resolve("h.json"),
                "{\"times\": {\"thresholdsMs\": {\"*.p99\": \"soon\"}}}")))
                .hasMessageEndingWith(": times.thresholdsMs.*.p99 must be a non-negative number, not \"soon\".");
        assertThatThrownBy(() -> GateConfig.load(Files.writeString(tmp.resolve("i.json"), "{\"rates\": {\"maxDecrease\": -0.1}}")))
                .hasMessageEndingWith(": rates.maxDecrease must be a non-negative number, not -0.1.");
        assertThatThrownBy(() -> GateConfig.load(Files.writeString(tmp.resolve("d.json"), "{\"tolerance\": 1}")))
                .hasMessageContaining("unknown key \"tolerance\"; known keys: include, exclude");
        assertThatThrownBy(() -> GateConfig.load(Files.writeString(tmp.resolve("e.json"), "[1, 2")))
                .hasMessageContaining("is not valid JSON");
        assertThatThrownBy(() -> GateConfig.load(tmp.resolve("none.json"))).hasMessageContaining("does not exist");
    }
}
