package io.durascale.benchmarks.sizing;

/**
 * AKS's node reservations (learn.microsoft.com/azure/aks/node-resource-reservations, AKS 1.29 and
 * later): what the kubelet leaves to pods after kube-reserved CPU and memory and the eviction
 * threshold. Nominal VM memory is used; a node's real capacity is a little lower, which the
 * catalog's {@code daemonSetMemoryMiB} and the per-pod baseline absorb.
 */
public final class AksAllocatable {

    /** kube-reserved CPU (millicores) by host cores, from the AKS table. */
    private static final int[][] CPU_RESERVED = {{1, 60}, {2, 100}, {4, 140}, {8, 180}, {16, 260}, {32, 420}, {64, 740}};
    /** The kubelet evicts pods when available memory falls below this. */
    static final long EVICTION_THRESHOLD_MIB = 100;

    private AksAllocatable() {
    }

    /** The rule in one line, for the sizing output. */
    public static String describe(int maxPods) {
        return "AKS 1.29+ reservations: CPU by the AKS core table (2 cores 100m, 4 cores 140m, 8 cores 180m), "
                + "memory min(20 MiB x maxPods " + maxPods + " + 50 MiB, 25 %) plus the 100 MiB eviction threshold";
    }

    /** Allocatable millicores of a node with {@code vcpus} cores; between table rows the reservation is interpolated. */
    public static long cpuMillis(int vcpus) {
        if (vcpus < 1) {
            throw new IllegalArgumentException("a node has at least 1 vCPU, got " + vcpus);
        }
        return vcpus * 1000L - reservedCpuMillis(vcpus);
    }

    static long reservedCpuMillis(int vcpus) {
        for (int i = 0; i < CPU_RESERVED.length; i++) {
            if (vcpus == CPU_RESERVED[i][0]) {
                return CPU_RESERVED[i][1];
            }
            if (vcpus < CPU_RESERVED[i][0]) {
                int[] below = CPU_RESERVED[i - 1];
                int[] above = CPU_RESERVED[i];
                return below[1] + (long) (above[1] - below[1]) * (vcpus - below[0]) / (above[0] - below[0]);
            }
        }
        int[] last = CPU_RESERVED[CPU_RESERVED.length - 1];
        return last[1] + 10L * (vcpus - last[0]);
    }

    /** Allocatable MiB of a node with {@code memoryGiB} GiB and at most {@code maxPods} pods. */
    public static long memoryMiB(double memoryGiB, int maxPods) {
        if (!(memoryGiB > 0)) {
            throw new IllegalArgumentException("a node has memory, got " + memoryGiB + " GiB");
        }
        long totalMiB = Math.round(memoryGiB * 1024);
        long kubeReserved = Math.min(20L * maxPods + 50, totalMiB / 4);
        return totalMiB - kubeReserved - EVICTION_THRESHOLD_MIB;
    }
}
