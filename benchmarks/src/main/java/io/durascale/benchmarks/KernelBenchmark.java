package io.durascale.benchmarks;

import io.durascale.core.kernel.ComputeKernel;
import io.durascale.core.kernel.Kernels;
import io.durascale.core.kernel.Verification;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * What it measures: blocks per second one thread computes — {@link ComputeKernel#compute} on one
 * input block, including the decode of the block bytes and the encode of the output, exactly what a
 * worker slot does between download and upload — for every kernel at a small, the default and a
 * large block ({@link BlockSizes}). The sizing reads the default block's figure as the per-core speed.
 *
 * <p>Pitfalls avoided: the input is generated once in {@code @Setup} (not timed) and read from a
 * state field, so the JIT cannot constant-fold it; the output is returned, so JMH's blackhole keeps
 * the computation from being eliminated as dead code; the input is checked once against
 * {@link ComputeKernel#verify}, so a broken kernel cannot produce a fast, meaningless figure.
 *
 * <p>{@code spinTokens} is a test knob, 0 in real measurements: {@code -p spinTokens=N} adds
 * {@link Blackhole#consumeCPU(long)} of N tokens to every operation, so the regression gate's
 * acceptance test can make a kernel measurably slower without touching production code.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KernelBenchmark {

    @Param({"montecarlo", "stencil", "matmul"})
    public String kernel;

    @Param({BlockSizes.SMALL, BlockSizes.DEFAULT, BlockSizes.LARGE})
    public String blockSize;

    @Param("0")
    public long spinTokens;

    private ComputeKernel computeKernel;
    private byte[] input;

    @Setup(Level.Trial)
    public void generateInput() {
        computeKernel = Kernels.byName(kernel);
        input = computeKernel.generateInput(42L, BlockSizes.resolve(kernel, blockSize));
        Verification check = computeKernel.verify(input, computeKernel.compute(input));
        if (!check.ok()) {
            throw new IllegalStateException("kernel " + kernel + " fails its own check, not measuring it: " + check.detail());
        }
    }

    @Benchmark
    public byte[] compute() {
        if (spinTokens > 0) {
            Blackhole.consumeCPU(spinTokens);
        }
        return computeKernel.compute(input);
    }
}
