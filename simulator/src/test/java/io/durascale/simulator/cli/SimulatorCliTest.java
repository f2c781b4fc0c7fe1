package io.durascale.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulatorCliTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--set maxReplica=5                  | error: --set maxReplica=5: unknown parameter 'maxReplica' (did you mean maxReplicas?)",
        "--set partitions=0                  | error: --set partitions=0: partitions must be 1 to 16, got 0",
        "--set partitions                    | error: --set 'partitions' must be key=value, e.g. --set maxReplicas=50",
        "--sweep maxReplicas=10,x            | error: --sweep maxReplicas=10,x: maxReplicas must be a whole number, got 'x'",
        "--profile gcp                       | error: no bundled profile 'gcp': the bundled one is azure",
        "--replay /nonexistent/run           | error: run directory /nonexistent/run does not exist",
    })
    void badInputIsOneLineAndExitCode2(String args, String message) {
        int exit = SimulatorCli.execute(("simulate --out " + dir.resolve("out") + " " + args).split("\\s+"));
        assertThat(exit).as(err()).isEqualTo(2);
        assertThat(err().strip().lines()).as(err()).singleElement().asString().startsWith(message);
    }

    @Test
    void aSimulatedRunIsWrittenAndLabelledSimulatedAndAMeasuredRunIsNeverWrittenInto() throws Exception {
        Path run = dir.resolve("burst");
        int exit = SimulatorCli.execute("simulate", "--out", run.toString(), "--set", "batches=2", "--set", "blocks=5");
        assertThat(exit).as(err()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("simulated scale-up", "run directory (simulated)");
        assertThat(Files.readString(run.resolve("run.json"))).contains("\"kind\" : \"simulated\"", "\"profile\"");
        assertThat(run.resolve("timeline.jsonl")).exists();
        assertThat(run.resolve("metrics.json")).exists();
        assertThat(run.resolve("latency/orchestration-end-to-end.json")).exists();

        Path measured = dir.resolve("measured");
        Files.createDirectories(measured);
        Files.writeString(measured.resolve("run.json"), "{\"kind\": \"load-test\"}");
        assertThat(SimulatorCli.execute("simulate", "--out", measured.toString())).isEqualTo(2);
        assertThat(err()).contains("already holds a load-test run");
    }
}
