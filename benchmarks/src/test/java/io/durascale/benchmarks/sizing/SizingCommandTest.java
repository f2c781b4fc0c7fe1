package io.durascale.benchmarks.sizing;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.run.RunInfo;
import io.durascale.run.RunJson;
import io.durascale.run.RunReader;
import io.durascale.run.Sizing;
import io.durascale.run.jmh.JmhJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SizingCommandTest {

    @TempDir
    Path dir;
    private Path jmh;
    private String out;
    private String err;

    @BeforeEach
    void writeJmhResult() throws Exception {
        Map<String, String> sweep = Map.of("kernel", "montecarlo", "blockSize", "default");
        jmh = Files.writeString(dir.resolve("jmh.json"), JmhJson.results()
                .add("KernelBenchmark.compute", 1, Map.of("kernel", "montecarlo", "blockSize", "default", "spinTokens", "0"),
                        312, 50.0, 51.0)
                .add("ThreadSweepBenchmark.threads1", 1, sweep, Double.NaN, 50.0, 50.0)
                .add("ThreadSweepBenchmark.threads2", 2, sweep, Double.NaN, 95.0, 95.0)
                .json());
    }

    private int run(String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = SizingCommand.execute(new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), args);
        out = stdout.toString(StandardCharsets.UTF_8);
        err = stderr.toString(StandardCharsets.UTF_8);
        return code;
    }

    @Test
    void writesSizingJsonRunJsonAndTheJmhResultIntoTheRunDirectory() throws Exception {
        Path runDir = dir.resolve("run");
        assertThat(run("--jmh", jmh.toString(), "--cpus", "2", "--out", runDir.toString())).isZero();

        RunReader read = RunReader.read(runDir);
        Sizing sizing = read.sizing().orElseThrow();
        assertThat(sizing.catalog().region()).isEqualTo("eastus");
        assertThat(sizing.catalog().currency()).isEqualTo("USD");
        assertThat(sizing.catalog().date()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(sizing.kernel()).isEqualTo("montecarlo");
        assertThat(sizing.blockSize()).isEqualTo(1_000_000);
        Sizing.Measured measured = sizing.measured();
        assertThat(measured.threads()).containsExactly(1, 2);
        assertThat(measured.opsPerSecond()).containsExactly(50.0, 95.0);
        assertThat(measured.scalingEfficiency()).containsExactly(1.0, 0.95);
        assertThat(measured.memoryPerSlotBytes()).isEqualTo(56 + 312);
        assertThat(measured.cpusOnMachine()).isEqualTo(2);
        assertThat(measured.cpuModel()).isNotBlank();
        assertThat(sizing.consistency().ok()).isTrue();
        assertThat(sizing.target().kind()).isEqualTo(Sizing.Target.BLOCKS_PER_HOUR);
        assertThat(sizing.target().blocksPerHour()).isEqualTo(1_000_000);
        // What the sizing does not have is written as null, so a reader sees it was not given.
        String text = Files.readString(runDir.resolve("sizing.json"));
        assertThat(text).contains("\"batchBlocks\" : null", "\"sku\" : null").doesNotContain("costOfBatch", "measuredBy");
        assertThat(sizing.skus()).hasSize(6).allSatisfy(row -> {
            assertThat(row.vcpus()).isPositive();
            assertThat(row.memoryGiB()).isPositive();
            assertThat(row.allocatableCpu()).isPositive();
            assertThat(row.allocatableMemoryGiB()).isPositive();
            assertThat(row.pricePerHour()).isPositive();
            assertThat(row.perCoreBlocksPerSecond()).isPositive();
            assertThat(row.scalingEfficiency()).isPositive();
            assertThat(row.podsPerNode()).isPositive();
            assertThat(row.workerConcurrency()).isPositive();
            assertThat(row.cpuRequest()).isNotBlank();
            assertThat(row.memoryRequest()).isNotBlank();
            assertThat(row.nodeBlocksPerSecond()).isPositive();
            assertThat(row.nodesNeeded()).isPositive();
            assertThat(row.costPerMillionBlocks()).isPositive();
            assertThat(row.helmValues().path("nodeSelector").path("node.kubernetes.io/instance-type").asText())
                    .isEqualTo(row.name());
        });
        Sizing.SkuRow d8 = sizing.skus().get(2);
        assertThat(d8.name()).isEqualTo("Standard_D8s_v5");
        assertThat(d8.extrapolated()).isTrue();
        assertThat(sizing.skus().get(0).extrapolated()).isFalse();
        String recommended = sizing.recommended().sku();
        assertThat(recommended).startsWith("Standard_");
        assertThat(sizing.recommended().reason()).startsWith(recommended + " meets 1,000,000 blocks/hour");

        RunInfo runJson = read.run().orElseThrow();
        assertThat(runJson.kind()).isEqualTo("sizing");
        assertThat(runJson.machine().cpus()).isPositive();
        assertThat(runJson.versions()).containsEntry("jmh", "1.37");
        SizingCommand.RunSetting setting = RunJson.MAPPER.treeToValue(runJson.setting("sizing"), SizingCommand.RunSetting.class);
        assertThat(setting.recommended()).isEqualTo(recommended);
        assertThat(setting.jmh()).containsExactly(java.util.Map.entry("jmh.json", "jmh.json"));
        assertThat(runDir.resolve("jmh.json")).hasSameTextualContentAs(jmh);

        assertThat(out).contains("Standard_F8s_v2", "* extrapolated", "Recommended: " + recommended,
                "sizing: results in " + runDir.toAbsolutePath());
        assertThat(out.strip()).endsWith("sizing.json, run.json, jmh.json");
        assertThat(err).isEmpty();
    }

    @Test
    void aBatchWithADeadlineIsATargetToo() throws Exception {
        Path runDir = dir.resolve("batch");
        assertThat(run("--jmh", jmh.toString(), "--batch", "36000", "--deadline", "10m", "--out", runDir.toString())).isZero();
        Sizing sizing = RunReader.read(runDir).sizing().orElseThrow();
        assertThat(sizing.target().kind()).isEqualTo(Sizing.Target.BATCH_WITHIN_DEADLINE);
        assertThat(sizing.target().deadlineSeconds()).isEqualTo(600);
        assertThat(sizing.target().blocksPerHour()).isNull();
        assertThat(sizing.skus()).allSatisfy(row -> assertThat(row.costOfBatch()).isPositive());
        assertThat(out).contains("target 36,000 blocks within 10m (60.0 blocks/s)");
    }

    @Test
    void badInputIsOneLineOnStderrAndANonZeroExit() throws Exception {
        Path badCatalog = Files.writeString(dir.resolve("my-skus.json"), "{\"skus\": [{\"name\": \"X\", \"vcpus\": 0}]}");
        assertThat(run("--jmh", jmh.toString(), "--catalog", badCatalog.toString())).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("error: SKU catalog " + badCatalog
                + ": skus[0] (X): vcpus must be a whole number in 1..1024, got 0");

        assertThat(run("--jmh", dir.resolve("missing.json").toString())).isEqualTo(2);
        assertThat(err.strip()).startsWith("error: JMH result ").contains("does not exist").doesNotContain("\n");

        assertThat(run("--jmh", jmh.toString(), "--kernel", "fft")).isEqualTo(2);
        assertThat(err).contains("error: unknown kernel 'fft': known kernels are matmul, montecarlo, stencil");

        assertThat(run("--jmh", jmh.toString(), "--kernel", "stencil")).isEqualTo(2);
        assertThat(err).contains("has no single-thread result for kernel stencil at block size 256");

        assertThat(run("--jmh", jmh.toString(), "--batch", "100")).isEqualTo(2);
        assertThat(err).contains("error: Missing required argument(s): --deadline=DURATION");

        assertThat(run("--jmh", jmh.toString(), "--batch", "100", "--deadline", "soon")).isEqualTo(2);
        assertThat(err).startsWith("error: Invalid value for option '--deadline'");

        assertThat(run()).isEqualTo(2);
        assertThat(err).startsWith("error: Missing required argument (specify one of these): (--jmh=FILE | --pool=POOL[=SKU]")
                .endsWith("(see 'SizingCommand --help')" + System.lineSeparator());

        assertThat(run("--jmh", jmh.toString(), "--pool", "compute")).isEqualTo(2);
        assertThat(err).contains("mutually exclusive");

        assertThat(run("--pool", "compute")).isEqualTo(2);
        assertThat(err.strip()).isEqualTo("error: cluster mode needs --image: an image with /app/benchmarks.jar, built from "
                + "benchmarks/Dockerfile and pushed where the cluster can pull it");

        assertThat(run("--pool", "Compute_Pool", "--image", "x")).isEqualTo(2);
        assertThat(err).contains("a node pool name is lower-case letters, digits and dashes");
        assertThat(err).doesNotContain("Exception", "\tat ");
    }
}
