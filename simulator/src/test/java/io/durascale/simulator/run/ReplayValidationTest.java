package io.durascale.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.run.RunReader;
import io.durascale.run.Validation;
import io.durascale.simulator.cli.SimulatorCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays the committed study run (the study's default workload, made by the real load test on the 2-core
 * development machine, 2026-12-01; its timeline stripped to the lines calibration and the figures read) and holds the
 * errors: the first step's figures, the 2-, 4- and 8-partition sweep steps' throughput and the end-to-end p50 and p95
 * within the targets; the 1-partition step's throughput, which misses its target today (docs/simulator.md
 * says so and why), within a regression bound.
 */
class ReplayValidationTest {

    @TempDir
    Path dir;

    private static Path committedRun() {
        try {
            return Path.of(ReplayValidationTest.class.getResource("/io/durascale/simulator/runs/study-default").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theStudysDefaultRunReplaysWithinTheTargetsForItsFirstStep() throws IOException {
        Path measured = dir.resolve("measured");
        copy(committedRun(), measured);
        Path out = dir.resolve("replay");

        int exit = SimulatorCli.execute("simulate", "--replay", measured.toString(), "--out", out.toString());

        Validation v = RunReader.read(out).validation().orElseThrow();
        Map<String, Validation.Figure> figures = v.figures().stream()
                .collect(Collectors.toMap(Validation.Figure::figure, Function.identity()));
        for (String met : new String[] {"firstEnqueueToFirstReady", "firstEnqueueToDesiredReplicas",
                "firstEnqueueToQueueDrained", "queueEmptyToZeroReplicas", "podSeconds",
                "orchestrationsPerSecond[2-partitions]", "orchestrationsPerSecond[4-partitions]",
                "orchestrationsPerSecond[8-partitions]", "orchestrationEndToEndP50", "orchestrationEndToEndP95"}) {
            assertThat(figures.get(met).withinTarget()).as(met + " " + figures.get(met)).isTrue();
        }
        assertThat(figures.get("firstEnqueueToQueueDrained").target()).isEqualTo(0.10);
        assertThat(figures.get("podSeconds").target()).isEqualTo(0.10);
        assertThat(figures.get("firstEnqueueToFirstReady").target()).isEqualTo(0.20);
        assertThat(figures.keySet()).contains("orchestrationsPerSecond[1-partitions]",
                "orchestrationsPerSecond[8-partitions]", "orchestrationEndToEndP50", "orchestrationEndToEndP95");
        // Regression bound, not the target: the simulated 1-partition step is slower than the measured one
        // (docs/simulator.md).
        figures.values().forEach(f -> assertThat(f.relativeError()).as(f.figure()).isNotNull().isLessThan(0.5));
        assertThat(exit).as("exit 1 while a figure misses its target").isEqualTo(v.outsideTargets() == 0 ? 0 : 1);
        assertThat(RunReader.read(out).run().orElseThrow().kind()).isEqualTo("simulated");
        assertThat(out.resolve("calibrated-profile.json")).exists();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(f -> {
                try {
                    Path target = to.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
