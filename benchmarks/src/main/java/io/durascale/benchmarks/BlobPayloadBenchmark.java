package io.durascale.benchmarks;

import io.durascale.core.job.JobMessage;
import io.durascale.core.job.OutputMetadata;
import io.durascale.core.kernel.ComputeKernel;
import io.durascale.core.kernel.Kernels;
import io.durascale.core.kernel.Verification;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What it measures: the blob payload work every job pays around the kernel, per kernel at its
 * default block, in operations per second of one thread — {@code generateInput} (the activity
 * encodes an input block for the input blob), {@code digestOutput} (the worker hashes the output
 * with SHA-256 and builds the metadata written with it) and {@code verifyOutput} (the completion
 * bridge's optional independent check). Decoding the input bytes into the kernel's arrays happens
 * inside {@code compute} (the layout is the kernel's own), so {@link KernelBenchmark} counts it.
 *
 * <p>Pitfalls avoided: inputs and outputs are made in {@code @Setup} and read from state fields
 * (no constant folding); results are returned to JMH's blackhole (no dead-code elimination); the
 * verification result is checked in setup, so a check that fails early cannot look fast.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BlobPayloadBenchmark {

    @Param({"montecarlo", "stencil", "matmul"})
    public String kernel;

    @Param(BlockSizes.DEFAULT)
    public String blockSize;

    private ComputeKernel computeKernel;
    private int size;
    private long seed;
    private byte[] input;
    private byte[] output;
    private JobMessage job;
    private Instant completedAt;

    @Setup(Level.Trial)
    public void makeBlock() {
        computeKernel = Kernels.byName(kernel);
        size = BlockSizes.resolve(kernel, blockSize);
        seed = 42L;
        input = computeKernel.generateInput(seed, size);
        output = computeKernel.compute(input);
        Verification check = computeKernel.verify(input, output);
        if (!check.ok()) {
            throw new IllegalStateException("kernel " + kernel + " fails its own check, not measuring it: " + check.detail());
        }
        job = JobMessage.of("3f2b8c1e-7d4a-4f0e-9a51-0c6d2e8b7f13", "9b1f0e7c2d4a4e6b8a3c5d7e9f1a2b3c", "block-000042",
                kernel, Map.of("blockSize", Integer.toString(size)), Instant.parse("2026-11-21T20:00:00Z"));
        completedAt = Instant.parse("2026-11-21T20:00:01Z");
    }

    @Benchmark
    public byte[] generateInput() {
        return computeKernel.generateInput(seed, size);
    }

    @Benchmark
    public Map<String, String> digestOutput() {
        return OutputMetadata.of(job, output, 37, "worker-7f9c-0", completedAt).toMap();
    }

    @Benchmark
    public Verification verifyOutput() {
        return computeKernel.verify(input, output);
    }
}
