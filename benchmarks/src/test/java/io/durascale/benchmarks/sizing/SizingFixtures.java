package io.durascale.benchmarks.sizing;

import java.util.List;

/** SKUs and measurements with round numbers, so the expected figures can be worked out by hand. */
final class SizingFixtures {

    static final MachineFacts TWO_CPUS = new MachineFacts("Test CPU", 2, 1, false, new double[] {0.1, 0.2, 0.3});

    private SizingFixtures() {
    }

    /** A SKU with the AKS rule applied, maxPods 110. */
    static Sku aks(String name, int vcpus, double memoryGiB, double price) {
        return new Sku(name, vcpus, memoryGiB, price, "eastus", "test", "2026-11-21", AksAllocatable.cpuMillis(vcpus),
                AksAllocatable.memoryMiB(memoryGiB, 110), AksAllocatable.describe(110), 2);
    }

    /** 100 blocks/s on one thread, 180 on two (efficiency 0.9) on a 2-CPU machine. */
    static KernelMeasurement measurement(long memoryPerSlotBytes) {
        ScalingCurve curve = new ScalingCurve(List.of(new ScalingCurve.Point(1, 100, 1.0),
                new ScalingCurve.Point(2, 180, 1.0)), 2);
        return new KernelMeasurement("montecarlo", 1_000_000, 100, "test", curve, memoryPerSlotBytes, "test", "Test CPU",
                "this machine", null, TWO_CPUS, List.of());
    }
}
