package io.durascale.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.run.PodStart;
import io.durascale.run.RunReader;
import io.durascale.storage.StorageResolution;
import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import io.durascale.worker.consumer.WorkerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up cache end to end with the shaded worker.jar: the offline training run exits 0 and leaves a cache, and
 * {@code worker.jar startup} measures plain and cached cold starts against real storage into pod-start.json.
 */
@ExtendWith(StorageExtension.class)
class StartupIT {

    @Test
    void startupMeasuresBeforePlainAndCachedColdStartsAgainstRealStorage(TestStorage storage, @TempDir Path dir) throws Exception {
        // The jar itself stands in for an earlier build: the mode is what is under test, not a difference.
        Process process = worker(storage.connectionString(), "startup", "--runs", "2", "--cache-dir",
                dir.resolve("caches").toString(), "--before-jar", WorkerProcess.jar().toString(),
                "--out", dir.resolve("run").toString());
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("worker start to ready, 2 cold starts each").contains("results: ");

        PodStart podStart = RunReader.read(dir.resolve("run")).podStart().orElseThrow();
        assertThat(podStart.runs()).isEqualTo(2);
        assertThat(podStart.series()).extracting(PodStart.Series::mode).containsExactly("before", "plain", "cached");
        assertThat(podStart.series().get(0).cache()).isEqualTo(WorkerProcess.jar().toAbsolutePath().toString());
        assertThat(output).containsPattern("start  1 of 2: before [0-9,]+ ms, plain [0-9,]+ ms, cached [0-9,]+ ms");
        for (PodStart.Series series : podStart.series()) {
            assertThat(series.startsMs()).hasSize(2).allSatisfy(ms -> assertThat(ms).isPositive());
            assertThat(series.minMs()).isLessThanOrEqualTo(series.medianMs());
            assertThat(series.medianMs()).isLessThanOrEqualTo(series.maxMs());
        }
        assertThat(podStart.series().get(2).cache()).contains("JDK " + Runtime.version().feature());
    }

    @Test
    void withoutStorageTheStartupCommandSaysWhatToSet(@TempDir Path dir) throws Exception {
        Process process = worker(null, "startup", "--out", dir.toString());
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output.strip()).startsWith("error: No Azure Storage connection string was given").doesNotContain("\tat ");
    }

    @Test
    void aBeforeJarThatIsNotThereIsOneLineAndExit2(TestStorage storage, @TempDir Path dir) throws Exception {
        Process process = worker(storage.connectionString(), "startup", "--before-jar", dir.resolve("old.jar").toString(),
                "--out", dir.resolve("run").toString());
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output.strip()).isEqualTo("error: --before-jar " + dir.resolve("old.jar") + " is not a file");
    }

    private static Process worker(String connectionString, String... args) throws Exception {
        var command = new java.util.ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(WorkerProcess.jar().toString());
        command.addAll(java.util.List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove(StorageResolution.CONNECTION_STRING_ENV);
        if (connectionString != null) {
            builder.environment().put(StorageResolution.CONNECTION_STRING_ENV, connectionString);
        }
        return builder.start();
    }
}
