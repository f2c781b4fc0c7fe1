package io.durascale.benchmarks.sizing;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A finished sizing: what was measured, the per-SKU figures and the recommendation, as
 * {@code sizing.json} (the schema in docs/run-directory.md; fields are only ever added) and as the
 * console table.
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

    /** The {@code sizing.json} document. */
    public Map<String, Object> toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> cat = new LinkedHashMap<>();
        cat.put("source", catalog.priceSources());
        cat.put("region", catalog.regions());
        cat.put("currency", catalog.currency());
        cat.put("date", catalog.priceDates());
        cat.put("file", catalog.source());
        cat.put("note", catalog.description());
        Map<String, Object> allocatable = new LinkedHashMap<>();
        allocatable.put("maxPods", catalog.maxPods());
        allocatable.put("daemonSetCpuMillis", catalog.daemonSetCpuMillis());
        allocatable.put("daemonSetMemoryMiB", catalog.daemonSetMemoryMiB());
        cat.put("allocatable", allocatable);
        root.put("catalog", cat);
        root.put("kernel", kernel);
        root.put("blockSize", blockSize);
        KernelMeasurement chosen = measurementFor(recommendation.choice());
        root.put("measured", measured(chosen, checkFor(chosen)));
        if (measurements.size() > 1 || clusterMode != null) {
            Map<String, Object> byPool = new LinkedHashMap<>();
            for (int i = 0; i < measurements.size(); i++) {
                byPool.put(measurements.get(i).measuredOn(), measured(measurements.get(i), checks.get(i)));
            }
            root.put("measuredBy", byPool);
        }
        ScalingCheck check = checkFor(chosen);
        root.put("consistency", consistency(check));
        root.put("caveats", caveats());
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("kind", target.kind().json());
        t.put("blocksPerHour", target.blocksPerHour());
        t.put("batchBlocks", target.batchBlocks());
        t.put("deadlineSeconds", target.deadlineSeconds());
        t.put("blocksPerSecond", round(target.blocksPerSecond(), 3));
        root.put("target", t);
        Map<String, Object> method = new LinkedHashMap<>();
        method.put("extrapolation", EXTRAPOLATION);
        method.put("allocatable", skus.isEmpty() ? "" : skus.get(0).sku().allocatableRule());
        method.put("slots", SLOTS);
        method.put("memoryPerSlot", MEMORY);
        method.put("mode", clusterMode == null ? "local: measured on this machine" : clusterMode);
        root.put("method", method);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SkuSizing s : skus) {
            rows.add(sku(s));
        }
        root.put("skus", rows);
        Map<String, Object> recommended = new LinkedHashMap<>();
        recommended.put("sku", recommendation.choice().sku().name());
        recommended.put("reason", recommendation.reason());
        recommended.put("helmValues", helmValues(recommendation.choice()));
        recommended.put("helmSet", helmSet(recommendation.choice()));
        root.put("recommended", recommended);
        return root;
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

    private Map<String, Object> measured(KernelMeasurement m, ScalingCheck check) {
        Map<String, Object> measured = new LinkedHashMap<>();
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
        measured.put("threads", threads);
        measured.put("opsPerSecond", ops);
        measured.put("scalingEfficiency", efficiency);
        measured.put("memoryPerSlotBytes", m.memoryPerSlotBytes());
        measured.put("cpuModel", m.cpuModel());
        measured.put("cpusOnMachine", m.cpus());
        measured.put("measuredOn", m.measuredOn());
        measured.put("sku", m.skuName());
        measured.put("perCoreBlocksPerSecond", round(m.perCoreOpsPerSecond(), 2));
        measured.put("perCoreSource", m.perCoreSource());
        measured.put("iterationSpread", spread);
        measured.put("fitThreads", m.curve().fitThreads());
        measured.put("serialFraction", round(m.curve().serialFraction(), 4));
        measured.put("memoryPerSlotSource", m.memoryPerSlotSource());
        measured.put("threadsPerCore", m.facts().threadsPerCore() == 0 ? null : m.facts().threadsPerCore());
        measured.put("virtualMachine", m.facts().virtualMachine());
        measured.put("loadAverage", m.facts().loadAverage() == null ? null
                : List.of(m.facts().loadAverage()[0], m.facts().loadAverage()[1], m.facts().loadAverage()[2]));
        measured.put("twoThreadCheck", check.explanation());
        measured.put("notes", m.notes());
        return measured;
    }

    private static Map<String, Object> consistency(ScalingCheck check) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("twoThreadSpeedup", Double.isNaN(check.speedup()) ? null : round(check.speedup(), 3));
        c.put("expectedAtLeast", check.expected());
        c.put("ok", check.ok());
        c.put("explanation", check.explanation());
        return c;
    }

    private Map<String, Object> sku(SkuSizing s) {
        Map<String, Object> row = new LinkedHashMap<>();
        Sku sku = s.sku();
        row.put("name", sku.name());
        row.put("vcpus", sku.vcpus());
        row.put("memoryGiB", sku.memoryGiB());
        row.put("threadsPerCore", sku.threadsPerCore() == 0 ? null : sku.threadsPerCore());
        row.put("allocatableCpu", round(sku.allocatableCpuMillis() / 1000.0, 3));
        row.put("allocatableMemoryGiB", round(sku.allocatableMemoryMiB() / 1024.0, 2));
        row.put("pricePerHour", sku.pricePerHour());
        row.put("perCoreBlocksPerSecond", round(s.perCoreBlocksPerSecond(), 2));
        row.put("scalingEfficiency", nullable(s.scalingEfficiency(), 3));
        row.put("extrapolated", s.extrapolated());
        row.put("podsPerNode", s.podsPerNode());
        row.put("workerConcurrency", s.workerConcurrency());
        row.put("cpuRequest", s.usable() ? s.cpuRequest() : null);
        row.put("memoryRequest", s.usable() ? s.memoryRequest() : null);
        row.put("nodeBlocksPerSecond", round(s.nodeBlocksPerSecond(), 2));
        row.put("nodesNeeded", s.usable() ? s.nodesNeeded() : null);
        row.put("costPerMillionBlocks", nullable(s.costPerMillionBlocks(), 4));
        row.put("costPerHourAtTarget", nullable(s.costPerHourAtTarget(), 4));
        if (target.kind() == Target.Kind.BATCH_WITHIN_DEADLINE) {
            row.put("costOfBatch", s.usable() ? round(s.costPerHourAtTarget() * target.deadlineSeconds() / 3600.0, 4) : null);
        }
        row.put("slotsPerNode", s.slotsPerNode());
        row.put("limitedBy", s.limitedBy());
        row.put("basis", s.basis());
        row.put("measuredOnSku", s.measuredOnSku());
        row.put("usable", s.usable());
        row.put("unusableReason", s.unusableReason());
        row.put("priceRegion", sku.priceRegion());
        row.put("priceSource", sku.priceSource());
        row.put("priceDate", sku.priceDate());
        if (s.usable()) {
            row.put("helmValues", helmValues(s));
        }
        return row;
    }

    /** The worker chart's values for this SKU, shaped as values.yaml (limits equal requests: the sizing counts only requested CPU). */
    static Map<String, Object> helmValues(SkuSizing s) {
        Map<String, Object> requests = new LinkedHashMap<>();
        requests.put("cpu", s.cpuRequest());
        requests.put("memory", s.memoryRequest());
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("requests", requests);
        resources.put("limits", new LinkedHashMap<>(requests));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("worker", Map.of("concurrency", s.workerConcurrency()));
        values.put("resources", resources);
        values.put("nodeSelector", Map.of("node.kubernetes.io/instance-type", s.sku().name()));
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
