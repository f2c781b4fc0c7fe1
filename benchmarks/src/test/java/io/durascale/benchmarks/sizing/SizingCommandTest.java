package io.durascale.benchmarks.sizing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.durascale.benchmarks.JmhJson;
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

    private static final ObjectMapper JSON = new ObjectMapper();

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

        JsonNode sizing = JSON.readTree(runDir.resolve("sizing.json").toFile());
        assertThat(sizing.path("catalog").path("region").asText()).isEqualTo("eastus");
        assertThat(sizing.path("catalog").path("currency").asText()).isEqualTo("USD");
        assertThat(sizing.path("catalog").path("date").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(sizing.path("kernel").asText()).isEqualTo("montecarlo");
        assertThat(sizing.path("blockSize").asInt()).isEqualTo(1_000_000);
        JsonNode measured = sizing.path("measured");
        assertThat(measured.path("threads").toString()).isEqualTo("[1,2]");
        assertThat(measured.path("opsPerSecond").toString()).isEqualTo("[50.0,95.0]");
        assertThat(measured.path("scalingEfficiency").toString()).isEqualTo("[1.0,0.95]");
        assertThat(measured.path("memoryPerSlotBytes").asLong()).isEqualTo(56 + 312);
        assertThat(measured.path("cpusOnMachine").asInt()).isEqualTo(2);
        assertThat(measured.has("cpuModel")).isTrue();
        assertThat(sizing.path("consistency").path("ok").asBoolean()).isTrue();
        assertThat(sizing.path("target").path("kind").asText()).isEqualTo("blocksPerHour");
        assertThat(sizing.path("target").path("blocksPerHour").asLong()).isEqualTo(1_000_000);
        assertThat(sizing.path("target").has("batchBlocks")).isTrue();
        assertThat(sizing.path("skus")).hasSize(6);
        for (String field : new String[] {"name", "vcpus", "memoryGiB", "allocatableCpu", "allocatableMemoryGiB",
            "pricePerHour", "perCoreBlocksPerSecond", "scalingEfficiency", "extrapolated", "podsPerNode",
            "workerConcurrency", "cpuRequest", "memoryRequest", "nodeBlocksPerSecond", "nodesNeeded", "costPerMillionBlocks"}) {
            assertThat(sizing.path("skus").get(0).has(field)).as(field).isTrue();
        }
        JsonNode d8 = sizing.path("skus").get(2);
        assertThat(d8.path("name").asText()).isEqualTo("Standard_D8s_v5");
        assertThat(d8.path("extrapolated").asBoolean()).isTrue();
        assertThat(sizing.path("skus").get(0).path("extrapolated").asBoolean()).isFalse();
        String recommended = sizing.path("recommended").path("sku").asText();
        assertThat(recommended).startsWith("Standard_");
        assertThat(sizing.path("recommended").path("reason").asText()).startsWith(recommended + " meets 1,000,000 blocks/hour");

        JsonNode runJson = JSON.readTree(runDir.resolve("run.json").toFile());
        assertThat(runJson.path("kind").asText()).isEqualTo("sizing");
        assertThat(runJson.path("machine").path("cpus").asInt()).isPositive();
        assertThat(runJson.path("versions").path("jmh").asText()).isEqualTo("1.37");
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
        JsonNode sizing = JSON.readTree(runDir.resolve("sizing.json").toFile());
        assertThat(sizing.path("target").path("kind").asText()).isEqualTo("batchWithinDeadline");
        assertThat(sizing.path("target").path("deadlineSeconds").asLong()).isEqualTo(600);
        assertThat(sizing.path("skus").get(0).has("costOfBatch")).isTrue();
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
