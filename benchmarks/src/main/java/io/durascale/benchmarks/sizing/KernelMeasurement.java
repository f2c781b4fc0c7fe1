package io.durascale.benchmarks.sizing;

import java.util.List;

/**
 * What the sizing knows about one kernel and block size on one machine (this one, or a node of a
 * pool in cluster mode).
 *
 * @param perCoreOpsPerSecond blocks per second of one thread (median over measurement iterations)
 * @param perCoreSource the benchmark and run that figure comes from
 * @param curve throughput by threads, for the scaling efficiency
 * @param memoryPerSlotBytes what one block in flight holds: its input bytes plus what compute allocates
 * @param memoryPerSlotSource how that was obtained
 * @param measuredOn "this machine" or "node pool NAME"
 * @param skuName the SKU measured, when known (cluster mode): its figures are not extrapolated
 * @param facts the CPUs that ran the benchmarks, as far as known
 * @param notes what the reader should know about the figures (oversubscribed points, disagreements)
 */
public record KernelMeasurement(String kernel, int blockSize, double perCoreOpsPerSecond, String perCoreSource,
                                ScalingCurve curve, long memoryPerSlotBytes, String memoryPerSlotSource, String cpuModel,
                                String measuredOn, String skuName, MachineFacts facts, List<String> notes) {

    public KernelMeasurement {
        notes = List.copyOf(notes);
    }

    public int cpus() {
        return curve.cpus();
    }
}
