package io.durascale.benchmarks;

import io.durascale.core.kernel.ComputeKernel;
import io.durascale.core.kernel.Kernels;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What it measures: how a kernel's throughput grows with the threads computing blocks at once —
 * the same work as {@link KernelBenchmark} at the default block, run by 1, 2 and 4 threads in one
 * run (one method per thread count, so a plain run sweeps them all). In throughput mode JMH sums
 * the threads, so the score is blocks per second of the whole process; the sizing reads the
 * JSON's {@code threads} field and divides by the one-thread score to get the scaling efficiency
 * it extrapolates to larger VMs. The CPU-bound {@code montecarlo} is the default;
 * {@code -p kernel=stencil} sweeps another kernel. A global {@code -t} overrides every method's
 * thread count, which defeats the sweep.
 *
 * <p>Pitfalls avoided: shared state — each thread generates its own copy of the input
 * (thread-scoped state) and returns its own output, so threads share nothing but the CPU and
 * memory system being measured (no false sharing, no contended field); mixed work — every thread
 * computes the same block as {@link KernelBenchmark} (seed 42), because different blocks of a
 * kernel run at slightly different speeds and would blur the ratio to one thread; dead code and
 * constant folding as in {@link KernelBenchmark}. More threads than CPUs (4 on a
 * 2-core machine) shows oversubscription, not scaling; the sizing says so and leaves such points
 * out of its extrapolation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ThreadSweepBenchmark {

    @Param("montecarlo")
    public String kernel;

    @Param(BlockSizes.DEFAULT)
    public String blockSize;

    private ComputeKernel computeKernel;
    private byte[] input;

    @Setup(Level.Trial)
    public void generateInput() {
        computeKernel = Kernels.byName(kernel);
        input = computeKernel.generateInput(42L, BlockSizes.resolve(kernel, blockSize));
    }

    @Benchmark
    @Threads(1)
    public byte[] threads1() {
        return computeKernel.compute(input);
    }

    @Benchmark
    @Threads(2)
    public byte[] threads2() {
        return computeKernel.compute(input);
    }

    @Benchmark
    @Threads(4)
    public byte[] threads4() {
        return computeKernel.compute(input);
    }
}
