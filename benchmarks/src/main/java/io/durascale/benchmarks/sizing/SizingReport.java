package io.durascale.benchmarks.sizing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.durascale.run.RunJson;
import io.durascale.run.Sizing;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A finished sizing: what was measured, the per-SKU figures and the recommendation, as the
 * {@code sizing.json} record ({@link Sizing}, documented in docs/run-directory.md; fields are only ever added)
 * and as the console table.
 *
 * @param measurements one per measuring machine: this machine, or each node pool in cluster mode
 */
public record SizingReport(SkuCatalog catalog, String kernel, int blockSize, List<KernelMeasurement> measurements,
                           List<ScalingCheck> checks, Target target, List<SkuSizing> skus,
                           SizingModel.Recommendation recommendation, String clusterMode) {

    static final String EXTRAPOLATION = "Per-core throughput is one thread's median blocks/s; the scaling efficiency "
            + "at n threads is measured where n threads ran on at least n CPUs, else Amdahl's law with the serial "
            + "fraction f = (1/S - 1/p)/(1 - 1/p) (Karp-Flatt) from the speedup S at the largest measured p within the "
            + "CPUs: efficiency(n) = 1/(n f + 1 - f). Such values are flagged extrapolated. In local mode every SKU "
            + "uses this machine's per-core speed; cluster mode measures the SKUs themselves.";
    static final String SLOTS = "One slot (one block on one thread) per vCPU; each slot requests an equal share of "
            + "allocatable CPU minus DaemonSets, rounded down to 10m, with CPU limits equal to requests so that share is "
            + "what the node throughput counts; one slot per pod unless memory forces pods to share a JVM.";
    static final String MEMORY = "memoryPerSlot = input block bytes + bytes one compute allocates (gc.alloc.rate.norm "
            + "with -prof gc, else measured in the sizing JVM); memoryRequest = baseline + concurrency x 2 x "
            + "memoryPerSlot / 0.75 (the heap is 75% of the container and should hold each block twice) in whole MiB, "
            + "the sum rounded up to a multiple of 64 MiB.";

    /** The {@code sizing.json} record. */
    public Sizing toRecord() {
        Sizing.Catalog cat = new Sizing.Catalog(catalog.priceSources(), catalog.regions(), catalog.currency(),
                catalog.priceDates(), catalog.source(), catalog.description(), new Sizing.Allocatable(catalog.maxPods(),
                catalog.daemonSetCpuMillis(), catalog.daemonSetMemoryMiB()));
        KernelMeasurement chosen = measurementFor(recommendation.choice());
        Map<String, Sizing.Measured> byPool = null;
        if (measurements.size() > 1 || clusterMode != null) {
            byPool = new LinkedHashMap<>();
            for (int i = 0; i < measurements.size(); i++) {
                byPool.put(measurements.get(i).measuredOn(), measured(measurements.get(i), checks.get(i)));
            }
        }
        ScalingCheck check = checkFor(chosen);
        Sizing.Consistency consistency = new Sizing.Consistency(Double.isNaN(check.speedup()) ? null
                : round(check.speedup(), 3), check.expected(), check.ok(), check.explanation());
        Sizing.Target t = new Sizing.Target(target.kind().json(), target.blocksPerHour(), target.batchBlocks(),
                target.deadlineSeconds(), round(target.blocksPerSecond(), 3));
        Sizing.Method method = new Sizing.Method(EXTRAPOLATION, skus.isEmpty() ? "" : skus.get(0).sku().allocatableRule(),
                SLOTS, MEMORY, clusterMode == null ? "local: measured on this machine" : clusterMode);
        SkuSizing choice = recommendation.choice();
        Sizing.Recommended recommended = new Sizing.Recommended(choice.sku().name(), recommendation.reason(),
                helmValues(choice), helmSet(choice));
        return new Sizing(cat, kernel, blockSize, measured(chosen, check), byPool, consistency, caveats(), t, method,
                skus.stream().map(this::sku).toList(), recommended);
    }

    /**
     * What the figures cannot show: SKUs whose vCPUs are SMT siblings sized from a machine whose CPUs
     * are whole cores, where two busy vCPUs share one core's execution units.
     */
    List<String> caveats() {
        List<String> caveats = new ArrayList<>();
        for (KernelMeasurement m : measurements) {
            if (m.skuName() != null || m.facts().threadsPerCore() >= 2) {
                continue;
            }
            List<String> smt = skus.stream().filter(s -> s.sku().threadsPerCore() >= 2).map(s -> s.sku().name()).toList();
            if (!smt.isEmpty()) {
                caveats.add(String.format(Locale.ROOT, "%s share each physical core between vCPUs (SMT), but %s showed "
                        + "%s, so sibling vCPUs competing for one core are not in these figures: per-vCPU throughput on "
                        + "those SKUs is likely lower than sized here; measure them in cluster mode before committing",
                        String.join(", ", smt), m.measuredOn(), m.facts().threadsPerCore() == 1 ? "one thread per core"
                                : "no SMT information"));
            }
        }
        return caveats;
    }

    private static Sizing.Measured measured(KernelMeasurement m, ScalingCheck check) {
        List<Integer> threads = new ArrayList<>();
        List<Double> ops = new ArrayList<>();
        List<Double> efficiency = new ArrayList<>();
        List<Double> spread = new ArrayList<>();
        for (ScalingCurve.Point p : m.curve().points()) {
            threads.add(p.threads());
            ops.add(round(p.opsPerSecond(), 2));
            efficiency.add(round(m.curve().measuredEfficiency(p.threads()), 3));
            spread.add(round(p.spread(), 3));
        }
        double[] load = m.facts().loadAverage();
        return new Sizing.Measured(threads, ops, efficiency, m.memoryPerSlotBytes(), m.cpuModel(), m.cpus(), m.measuredOn(),
                m.skuName(), round(m.perCoreOpsPerSecond(), 2), m.perCoreSource(), spread, m.curve().fitThreads(),
                round(m.curve().serialFraction(), 4), m.memoryPerSlotSource(),
                m.facts().threadsPerCore() == 0 ? null : m.facts().threadsPerCore(), m.facts().virtualMachine(),
                load == null ? null : List.of(load[0], load[1], load[2]), check.explanation(), m.notes());
    }

    private Sizing.SkuRow sku(SkuSizing s) {
        Sku sku = s.sku();
        Double costOfBatch = target.kind() == Target.Kind.BATCH_WITHIN_DEADLINE && s.usable()
                ? round(s.costPerHourAtTarget() * target.deadlineSeconds() / 3600.0, 4) : null;
        return new Sizing.SkuRow(sku.name(), sku.vcpus(), sku.memoryGiB(), sku.threadsPerCore() == 0 ? null : sku.threadsPerCore(),
                round(sku.allocatableCpuMillis() / 1000.0, 3), round(sku.allocatableMemoryMiB() / 1024.0, 2),
                sku.pricePerHour(), round(s.perCoreBlocksPerSecond(), 2), nullable(s.scalingEfficiency(), 3), s.extrapolated(),
                s.podsPerNode(), s.workerConcurrency(), s.usable() ? s.cpuRequest() : null,
                s.usable() ? s.memoryRequest() : null, round(s.nodeBlocksPerSecond(), 2),
                s.usable() ? s.nodesNeeded() : null, nullable(s.costPerMillionBlocks(), 4),
                nullable(s.costPerHourAtTarget(), 4), costOfBatch, s.slotsPerNode(), s.limitedBy(), s.basis(),
                s.measuredOnSku(), s.usable(), s.unusableReason(), sku.priceRegion(), sku.priceSource(), sku.priceDate(),
                s.usable() ? helmValues(s) : null);
    }

    /** The worker chart's values for this SKU, shaped as values.yaml (limits equal requests: the sizing counts only requested CPU). */
    static ObjectNode helmValues(SkuSizing s) {
        ObjectNode values = RunJson.MAPPER.createObjectNode();
        values.putObject("worker").put("concurrency", s.workerConcurrency());
        ObjectNode resources = values.putObject("resources");
        resources.putObject("requests").put("cpu", s.cpuRequest()).put("memory", s.memoryRequest());
        resources.putObject("limits").put("cpu", s.cpuRequest()).put("memory", s.memoryRequest());
        values.putObject("nodeSelector").put("node.kubernetes.io/instance-type", s.sku().name());
        return values;
    }

    /** The same values as Helm {@code --set} flags. */
    static String helmSet(SkuSizing s) {
        return String.join(" ",
                "--set worker.concurrency=" + s.workerConcurrency(),
                "--set resources.requests.cpu=" + s.cpuRequest(),
                "--set resources.requests.memory=" + s.memoryRequest(),
                "--set resources.limits.cpu=" + s.cpuRequest(),
                "--set resources.limits.memory=" + s.memoryRequest(),
                "--set-string 'nodeSelector.node\\.kubernetes\\.io/instance-type=" + s.sku().name() + "'");
    }

    /** The console form: what was measured, one row per SKU, the recommendation. */
    public void print(PrintStream out) {
        out.printf(Locale.ROOT, "%nSizing for kernel %s, block size %,d, target %s (%.1f blocks/s)%n", kernel, blockSize,
                target.describe(), target.blocksPerSecond());
        for (int i = 0; i < measurements.size(); i++) {
            KernelMeasurement m = measurements.get(i);
            out.printf(Locale.ROOT, "  measured on %s: %s%n", m.measuredOn(), m.facts().describe());
            StringBuilder curve = new StringBuilder();
            for (ScalingCurve.Point p : m.curve().points()) {
                curve.append(curve.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%d thr %.1f/s (eff %.2f)",
                        p.threads(), p.opsPerSecond(), m.curve().measuredEfficiency(p.threads())));
            }
            out.printf(Locale.ROOT, "    per core %.1f blocks/s (%s); threads: %s%n", m.perCoreOpsPerSecond(),
                    m.perCoreSource(), curve);
            out.printf(Locale.ROOT, "    memory per slot %s (%s)%n", bytes(m.memoryPerSlotBytes()), m.memoryPerSlotSource());
            ScalingCheck check = checks.get(i);
            out.printf(Locale.ROOT, "    %s: %s%n", !check.ok() ? "SCALING CHECK" : Double.isNaN(check.speedup())
                    ? "scaling check" : "scaling check ok", check.explanation());
            for (String note : m.notes()) {
                out.println("    note: " + note);
            }
        }
        for (String caveat : caveats()) {
            out.println("  caveat: " + caveat);
        }
        out.printf(Locale.ROOT, "  prices: %s, %s, %s (%s) - override with --catalog for your region and discounts%n",
                catalog.regions(), catalog.currency(), catalog.priceDates(), catalog.source());
        out.println();
        String header = String.format(Locale.ROOT, "%-16s %4s %5s %7s %10s %6s %9s %7s %7s %10s %5s %10s %8s",
                "SKU", "vCPU", "GiB", "$/hour", "blk/s/core", "eff", "pods x c", "cpu", "memory", "node blk/s", "nodes",
                "$/h@target", "$/M blk");
        out.println(header);
        out.println("-".repeat(header.length()));
        boolean anyExtrapolated = false;
        for (SkuSizing s : skus) {
            Sku sku = s.sku();
            if (!s.usable()) {
                out.printf(Locale.ROOT, "%-16s %4d %5s %7.4f  unusable: %s%n", sku.name(), sku.vcpus(), trim(sku.memoryGiB()),
                        sku.pricePerHour(), s.unusableReason());
                continue;
            }
            anyExtrapolated |= s.extrapolated();
            out.printf(Locale.ROOT, "%-16s %4d %5s %7.4f %10.1f %5.2f%s %9s %7s %7s %10.1f %5d %10.3f %8.4f%s%n",
                    sku.name(), sku.vcpus(), trim(sku.memoryGiB()), sku.pricePerHour(), s.perCoreBlocksPerSecond(),
                    s.scalingEfficiency(), s.extrapolated() ? "*" : " ", s.podsPerNode() + " x " + s.workerConcurrency(),
                    s.cpuRequest(), s.memoryRequest(), s.nodeBlocksPerSecond(), s.nodesNeeded(), s.costPerHourAtTarget(),
                    s.costPerMillionBlocks(), s.limitedBy().equals("memory") ? "  (memory-limited)" : "");
        }
        if (anyExtrapolated) {
            out.println("* extrapolated: the efficiency at that many threads was not measured (Amdahl/Karp-Flatt from the "
                    + "largest measured thread count within the CPUs)");
        }
        out.println("pods x c = worker pods per node x worker concurrency; cpu/memory = each pod's request (= limit); "
                + "costs for busy nodes at list price");
        out.println();
        out.println("Recommended: " + recommendation.reason());
        out.println("  helm upgrade --install ... " + helmSet(recommendation.choice()));
    }

    private KernelMeasurement measurementFor(SkuSizing s) {
        for (KernelMeasurement m : measurements) {
            if (m.skuName() != null && m.skuName().equalsIgnoreCase(s.sku().name())) {
                return m;
            }
        }
        return measurements.get(0);
    }

    private ScalingCheck checkFor(KernelMeasurement m) {
        return checks.get(measurements.indexOf(m));
    }

    private static Double nullable(double value, int digits) {
        return Double.isFinite(value) ? round(value, digits) : null;
    }

    static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    static String bytes(long bytes) {
        if (bytes >= 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
        }
        if (bytes >= 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return bytes + " B";
    }
}
