package io.durascale.benchmarks.sizing;

/**
 * The sizing of one SKU: how workers pack onto a node, what a node computes, and what the target
 * costs on it. Field names are those of {@code sizing.json}.
 *
 * @param usable false when not even one worker pod fits on a node ({@code unusableReason} says why)
 * @param slotsPerNode blocks computing at once on a node (pods × concurrency)
 * @param limitedBy "cpu" (one slot per vCPU) or "memory" (fewer slots: memory ran out first)
 * @param extrapolated the scaling efficiency was not measured at this thread count (see {@code basis})
 * @param measuredOnSku the figures come from a node of this SKU (cluster mode), not from another machine
 */
public record SkuSizing(Sku sku, boolean usable, String unusableReason, double perCoreBlocksPerSecond,
                        double scalingEfficiency, boolean extrapolated, String basis, boolean measuredOnSku,
                        int podsPerNode, int workerConcurrency, long cpuRequestMillis, long memoryRequestMiB,
                        int slotsPerNode, String limitedBy, double nodeBlocksPerSecond, long nodesNeeded,
                        double costPerHourAtTarget, double costPerMillionBlocks) {

    /** Kubernetes quantity: whole cores as "2", otherwise millicores "890m". */
    public String cpuRequest() {
        return cpuRequestMillis % 1000 == 0 ? Long.toString(cpuRequestMillis / 1000) : cpuRequestMillis + "m";
    }

    /** Kubernetes quantity in Mi, or Gi when whole. */
    public String memoryRequest() {
        return memoryRequestMiB % 1024 == 0 ? memoryRequestMiB / 1024 + "Gi" : memoryRequestMiB + "Mi";
    }
}
