package io.durascale.benchmarks.sizing;

/**
 * A VM size as the sizing sees it: capacity, what Kubernetes leaves to pods, and a price with
 * where and when it was quoted.
 *
 * @param allocatableCpuMillis what the kubelet leaves to pods (before DaemonSets)
 * @param allocatableMemoryMiB likewise for memory
 * @param allocatableRule how the two were derived, for the output
 * @param threadsPerCore vCPUs per physical core (2 when hyper-threaded), 0 when the catalog does not say
 */
public record Sku(String name, int vcpus, double memoryGiB, double pricePerHour, String priceRegion, String priceSource,
                  String priceDate, long allocatableCpuMillis, long allocatableMemoryMiB, String allocatableRule,
                  int threadsPerCore) {
}
