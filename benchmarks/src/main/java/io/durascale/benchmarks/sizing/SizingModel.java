package io.durascale.benchmarks.sizing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The sizing arithmetic, free of I/O so that tests can check every rule.
 *
 * <ul>
 *   <li>Allocatable: the SKU's allocatable CPU and memory (AKS rule or catalog fractions) minus
 *       the catalog's DaemonSet requests is what worker pods may request.
 *   <li>Slots: a slot computes one block on one thread; a node gets one slot per vCPU, each
 *       requesting an equal share of the worker CPU (rounded down to 10m), so every vCPU has a
 *       block on it and the requests still fit. CPU limits equal to requests make that share the
 *       slot's guaranteed CPU, which is what the throughput counts.
 *   <li>Pods: one slot per pod (concurrency 1, the chart's default: finest KEDA scaling) unless
 *       the pods' memory does not fit, then the fewest slots per pod that fit (fewer JVMs); if even
 *       one pod with every slot does not fit, one pod with as many slots as fit.
 *   <li>Memory per pod: a baseline (the JVM, the storage SDK, a small heap) plus, per slot, twice
 *       the slot's memory (the collector copies the live block) divided by the heap's share of the
 *       container (-XX:MaxRAMPercentage=75) in whole MiB, the sum rounded up to a multiple of 64 MiB.
 *   <li>Node throughput: per-core blocks/s × slots × CPU share per slot × scaling efficiency at
 *       that many threads ({@link ScalingCurve}).
 *   <li>Target: nodes = ceil(target blocks/s ÷ node blocks/s); cost per hour = nodes × price;
 *       cost per million blocks = price ÷ (node blocks/s × 3600) × 10⁶, for a busy node.
 *   <li>Recommendation: the lowest cost per hour at the target, then the lowest cost per
 *       million blocks, then the fewest nodes.
 * </ul>
 */
public final class SizingModel {

    /** The chart's default memory request; covers the worker JVM's non-heap memory and a small heap. */
    public static final long DEFAULT_POD_BASELINE_MIB = 512;
    /** The chart's -XX:MaxRAMPercentage=75. */
    public static final double HEAP_FRACTION = 0.75;
    private static final long MIB = 1024 * 1024;

    private final long podBaselineMiB;
    private final long daemonSetCpuMillis;
    private final long daemonSetMemoryMiB;

    public SizingModel(long podBaselineMiB, long daemonSetCpuMillis, long daemonSetMemoryMiB) {
        if (podBaselineMiB < 64) {
            throw new IllegalArgumentException("--pod-baseline-memory must be at least 64 MiB, got " + podBaselineMiB);
        }
        this.podBaselineMiB = podBaselineMiB;
        this.daemonSetCpuMillis = daemonSetCpuMillis;
        this.daemonSetMemoryMiB = daemonSetMemoryMiB;
    }

    /** Memory request of a pod computing {@code concurrency} blocks of {@code memoryPerSlotBytes} at once. */
    public long podMemoryMiB(int concurrency, long memoryPerSlotBytes) {
        long slotsMiB = Math.round(concurrency * 2.0 * memoryPerSlotBytes / MIB / HEAP_FRACTION);
        long raw = podBaselineMiB + slotsMiB;
        return (raw + 63) / 64 * 64;
    }

    public SkuSizing size(Sku sku, KernelMeasurement measurement, Target target) {
        boolean onSku = measurement.skuName() != null && measurement.skuName().equalsIgnoreCase(sku.name());
        long workerCpu = sku.allocatableCpuMillis() - daemonSetCpuMillis;
        long workerMemory = sku.allocatableMemoryMiB() - daemonSetMemoryMiB;
        double perCore = measurement.perCoreOpsPerSecond();
        if (workerCpu < 100 * sku.vcpus()) {
            return unusable(sku, perCore, onSku, String.format(Locale.ROOT,
                    "leaves %dm CPU for workers after reservations and DaemonSets, under 100m per vCPU", workerCpu));
        }
        long slotCpu = workerCpu / sku.vcpus() / 10 * 10;
        int concurrency = 0;
        int pods = 0;
        String limitedBy = "cpu";
        for (int c = 1; c <= sku.vcpus(); c++) {
            if (sku.vcpus() % c == 0 && (sku.vcpus() / c) * podMemoryMiB(c, measurement.memoryPerSlotBytes()) <= workerMemory) {
                concurrency = c;
                pods = sku.vcpus() / c;
                break;
            }
        }
        if (pods == 0) {
            limitedBy = "memory";
            for (int c = sku.vcpus() - 1; c >= 1; c--) {
                if (podMemoryMiB(c, measurement.memoryPerSlotBytes()) <= workerMemory) {
                    concurrency = c;
                    pods = 1;
                    break;
                }
            }
        }
        if (pods == 0) {
            return unusable(sku, perCore, onSku, String.format(Locale.ROOT,
                    "a worker pod with one slot needs %d MiB but the node leaves %d MiB for workers",
                    podMemoryMiB(1, measurement.memoryPerSlotBytes()), workerMemory));
        }
        int slots = pods * concurrency;
        ScalingCurve.Efficiency efficiency = measurement.curve().efficiencyAt(slots);
        double nodeRate = perCore * slots * (slotCpu / 1000.0) * efficiency.value();
        long nodes = (long) Math.ceil(target.blocksPerSecond() / nodeRate - 1e-9);
        nodes = Math.max(1, nodes);
        double costPerMillion = sku.pricePerHour() / (nodeRate * 3600) * 1e6;
        String basis = efficiency.basis() + (onSku ? " on a " + sku.name() : " on " + measurement.measuredOn());
        return new SkuSizing(sku, true, null, perCore, efficiency.value(), efficiency.extrapolated(), basis, onSku, pods,
                concurrency, concurrency * slotCpu, podMemoryMiB(concurrency, measurement.memoryPerSlotBytes()), slots,
                limitedBy, nodeRate, nodes, nodes * sku.pricePerHour(), costPerMillion);
    }

    private SkuSizing unusable(Sku sku, double perCore, boolean onSku, String reason) {
        return new SkuSizing(sku, false, reason, perCore, Double.NaN, false, "", onSku, 0, 0, 0, 0, 0, "none", 0, 0,
                Double.NaN, Double.NaN);
    }

    /** The chosen SKU and one sentence saying why. */
    public record Recommendation(SkuSizing choice, String reason) {
    }

    private static final Comparator<SkuSizing> CHEAPEST = Comparator.comparingDouble(SkuSizing::costPerHourAtTarget)
            .thenComparingDouble(SkuSizing::costPerMillionBlocks)
            .thenComparingLong(SkuSizing::nodesNeeded)
            .thenComparing(s -> s.sku().name());

    /**
     * @throws IllegalArgumentException when no SKU can run a worker pod at all
     */
    public static Recommendation recommend(List<SkuSizing> sizings, Target target, String currency) {
        List<SkuSizing> usable = new ArrayList<>();
        sizings.stream().filter(SkuSizing::usable).sorted(CHEAPEST).forEach(usable::add);
        if (usable.isEmpty()) {
            throw new IllegalArgumentException("no SKU in the catalog fits even one worker pod: "
                    + sizings.get(0).sku().name() + " " + sizings.get(0).unusableReason()
                    + "; add larger VM sizes to the catalog or reduce the block size");
        }
        SkuSizing best = usable.get(0);
        Optional<SkuSizing> next = usable.stream().skip(1).findFirst();
        StringBuilder reason = new StringBuilder(String.format(Locale.ROOT,
                "%s meets %s with %d node%s at %s/hour (%s per million blocks), the lowest hourly cost of %d usable SKUs",
                best.sku().name(), target.describe(), best.nodesNeeded(), best.nodesNeeded() == 1 ? "" : "s",
                money(best.costPerHourAtTarget(), currency), money(best.costPerMillionBlocks(), currency), usable.size()));
        next.ifPresent(n -> {
            if (Math.abs(n.costPerHourAtTarget() - best.costPerHourAtTarget()) <= 1e-9 * best.costPerHourAtTarget()) {
                reason.append(String.format(Locale.ROOT, ", tied with %s (%d node%s) but cheaper per block (%s vs %s per "
                        + "million)", n.sku().name(), n.nodesNeeded(), n.nodesNeeded() == 1 ? "" : "s",
                        money(best.costPerMillionBlocks(), currency), money(n.costPerMillionBlocks(), currency)));
            } else {
                reason.append(String.format(Locale.ROOT, " (next: %s, %d node%s at %s/hour)", n.sku().name(),
                        n.nodesNeeded(), n.nodesNeeded() == 1 ? "" : "s", money(n.costPerHourAtTarget(), currency)));
            }
        });
        if (!best.measuredOnSku()) {
            reason.append(best.extrapolated()
                    ? "; its throughput is extrapolated from fewer measured threads on another machine"
                    : "; its per-core speed was measured on another machine");
        }
        reason.append('.');
        return new Recommendation(best, reason.toString());
    }

    static String money(double amount, String currency) {
        String symbol = "USD".equals(currency) ? "$" : currency + " ";
        return symbol + (amount >= 10 ? String.format(Locale.ROOT, "%,.2f", amount)
                : String.format(Locale.ROOT, "%.3f", amount));
    }
}
