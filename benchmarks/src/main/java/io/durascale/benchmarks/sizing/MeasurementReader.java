package io.durascale.benchmarks.sizing;

import io.durascale.benchmarks.BlockSizes;
import io.durascale.run.jmh.JmhMetric;
import io.durascale.run.jmh.JmhResult;
import io.durascale.core.kernel.ComputeKernel;
import io.durascale.core.kernel.Kernels;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Picks a kernel's figures out of JMH results: the single-thread throughput from
 * {@code KernelBenchmark.compute}, the scaling curve from {@code ThreadSweepBenchmark}
 * (ratios within one benchmark class, so systematic differences cancel), and the memory per slot
 * from {@code gc.alloc.rate.norm} when the run used {@code -prof gc}. Results made with a
 * {@code spinTokens} slowdown are never used.
 */
public final class MeasurementReader {

    static final String KERNEL_BENCHMARK = "KernelBenchmark.compute";
    static final String SWEEP_BENCHMARK = "ThreadSweepBenchmark.threads";
    static final String ALLOCATION = "gc.alloc.rate.norm";

    private MeasurementReader() {
    }

    /**
     * @param source names the results in messages, e.g. the file
     * @param facts the machine that ran them ({@code facts.cpus()} bounds the extrapolation fit)
     * @throws IllegalArgumentException naming what the results lack and the JMH command that provides it
     */
    public static KernelMeasurement read(List<JmhResult> results, String source, String kernelName, int blockSize,
                                         MachineFacts facts, String measuredOn, String skuName) {
        ComputeKernel kernel = Kernels.byName(kernelName);
        Kernels.checkBlockSize(kernel, blockSize);
        List<String> notes = new ArrayList<>();
        Map<Integer, JmhResult> kernelRows = new LinkedHashMap<>();
        Map<Integer, JmhResult> sweepRows = new LinkedHashMap<>();
        for (JmhResult result : results) {
            if (!matches(result, kernel.name(), blockSize)) {
                continue;
            }
            if (result.shortName().equals(KERNEL_BENCHMARK)) {
                kernelRows.put(result.threads(), result);
            } else if (result.shortName().startsWith(SWEEP_BENCHMARK)) {
                sweepRows.put(result.threads(), result);
            }
        }
        // The sweep's own ratios where it has them; KernelBenchmark adds other thread counts (-t N, a full node).
        Map<Integer, JmhResult> curveRows = new java.util.TreeMap<>(sweepRows.containsKey(1) ? sweepRows : kernelRows);
        kernelRows.forEach(curveRows::putIfAbsent);
        if (!curveRows.containsKey(1)) {
            throw new IllegalArgumentException(source + " has no single-thread result for kernel " + kernel.name()
                    + " at block size " + blockSize + " (" + available(results) + "); run java -jar benchmarks.jar "
                    + "'KernelBenchmark|ThreadSweep' -p kernel=" + kernel.name() + " -p blockSize=" + blockSize
                    + " -rf json -rff FILE, or pick a measured --kernel/--block-size");
        }
        List<ScalingCurve.Point> points = new ArrayList<>();
        curveRows.values().forEach(row -> points.add(new ScalingCurve.Point(row.threads(), opsPerSecond(row),
                row.primary().spread())));
        ScalingCurve curve = new ScalingCurve(points, facts.cpus());
        if (!sweepRows.containsKey(1)) {
            notes.add("no ThreadSweepBenchmark results for " + kernel.name() + "/" + blockSize
                    + ": scaling comes from KernelBenchmark's thread counts only");
        }
        if (!curve.oversubscribed().isEmpty()) {
            notes.add("thread counts " + curve.oversubscribed() + " exceed the " + facts.cpus()
                    + " CPUs that ran them: they show oversubscription and are not used to extrapolate");
        }

        JmhResult single = kernelRows.get(1);
        double perCore;
        String perCoreSource;
        if (single != null) {
            perCore = opsPerSecond(single);
            perCoreSource = describe(single);
            double sweepSingle = curve.singleThread();
            if (sweepRows.containsKey(1) && Math.abs(sweepSingle / perCore - 1) > 0.10) {
                notes.add(String.format(Locale.ROOT, "the single-thread figures of KernelBenchmark (%.1f/s) and "
                        + "ThreadSweepBenchmark (%.1f/s) differ by %.0f %%: the machine was not steady during the run",
                        perCore, sweepSingle, 100 * Math.abs(sweepSingle / perCore - 1)));
            }
        } else {
            perCore = curve.singleThread();
            perCoreSource = describe(curveRows.get(1));
        }

        byte[] input = kernel.generateInput(42L, blockSize);
        Optional<JmhMetric> allocation = Optional.ofNullable(single).flatMap(r -> r.secondary(ALLOCATION))
                .or(() -> Optional.ofNullable(curveRows.get(1)).flatMap(r -> r.secondary(ALLOCATION)));
        long allocated;
        String memorySource;
        if (allocation.isPresent()) {
            allocated = Math.round(allocation.get().median());
            memorySource = String.format(Locale.ROOT, "input block %,d B + gc.alloc.rate.norm %,d B/op (-prof gc) = "
                    + "what one block holds while it computes", input.length, allocated);
        } else {
            allocated = allocatedByOneCompute(kernel, input);
            memorySource = String.format(Locale.ROOT, "input block %,d B + %,d B allocated by one compute, measured here "
                    + "(the JMH run had no -prof gc)", input.length, allocated);
        }
        return new KernelMeasurement(kernel.name(), blockSize, perCore, perCoreSource, curve, input.length + allocated,
                memorySource, facts.cpuModel(), measuredOn, skuName, facts, notes);
    }

    /** Total blocks per second of the process: JMH sums threads in throughput mode; other modes give time per op per thread. */
    static double opsPerSecond(JmhResult row) {
        double perSecond = row.primary().medianOpsPerSecond();
        return row.mode().equals("thrpt") ? perSecond : perSecond * row.threads();
    }

    private static boolean matches(JmhResult result, String kernel, int blockSize) {
        if (!kernel.equals(result.param("kernel").orElse(null))) {
            return false;
        }
        if (!result.param("spinTokens").map(v -> v.equals("0")).orElse(true)) {
            return false;
        }
        try {
            return BlockSizes.resolve(kernel, result.param("blockSize").orElse(BlockSizes.DEFAULT)) == blockSize;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String available(List<JmhResult> results) {
        Set<String> combos = new TreeSet<>();
        for (JmhResult r : results) {
            if (r.shortName().equals(KERNEL_BENCHMARK) || r.shortName().startsWith(SWEEP_BENCHMARK)) {
                String kernel = r.param("kernel").orElse("?");
                String size = r.param("blockSize").orElse(BlockSizes.DEFAULT);
                try {
                    size = Integer.toString(BlockSizes.resolve(kernel, size));
                } catch (IllegalArgumentException e) {
                    // keep the raw value
                }
                combos.add(kernel + "/" + size + (r.param("spinTokens").map(v -> !v.equals("0")).orElse(false)
                        ? " (spinTokens=" + r.param("spinTokens").get() + ", not used)" : ""));
            }
        }
        return combos.isEmpty() ? "it has no kernel results at all" : "it has " + String.join(", ", combos);
    }

    private static String describe(JmhResult row) {
        return String.format(Locale.ROOT, "%s, %d thread%s, median of %d iteration%s", row.shortName(), row.threads(),
                row.threads() == 1 ? "" : "s", row.primary().iterations().size(),
                row.primary().iterations().size() == 1 ? "" : "s");
    }

    /** The bytes one compute allocates on this thread (the same quantity as gc.alloc.rate.norm), after one warm-up call. */
    static long allocatedByOneCompute(ComputeKernel kernel, byte[] input) {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
                || !threads.isThreadAllocatedMemorySupported()) {
            return 0;
        }
        kernel.compute(input);
        long before = threads.getCurrentThreadAllocatedBytes();
        kernel.compute(input);
        return threads.getCurrentThreadAllocatedBytes() - before;
    }
}
