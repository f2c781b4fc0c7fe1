package io.durascale.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code sizing.json}: what the sizing command measured, the per-SKU sizing and the recommendation. Unlike the
 * other files it writes its absent values as {@code null} (a reader sees "not measured" rather than a missing key),
 * except for the fields marked as written only when they apply. Numbers are boxed: an older file's missing figure
 * reads as null, not as 0.
 *
 * @param measured the measurement behind the recommended SKU
 * @param measuredBy cluster mode: one measurement per node pool, by where it was measured; absent in local mode
 * @param caveats what the figures cannot show (SMT SKUs sized from a machine without SMT)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"catalog", "kernel", "blockSize", "measured", "measuredBy", "consistency", "caveats", "target", "method",
        "skus", "recommended"})
public record Sizing(Catalog catalog, String kernel, Integer blockSize, Measured measured,
                     @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Measured> measuredBy, Consistency consistency,
                     List<String> caveats, Target target, Method method, List<SkuRow> skus, Recommended recommended) {

    public Sizing {
        caveats = caveats == null ? List.of() : List.copyOf(caveats);
        skus = skus == null ? List.of() : List.copyOf(skus);
    }

    /** The row of the recommended SKU, if the file has both. */
    @JsonIgnore
    public Optional<SkuRow> recommendedRow() {
        if (recommended == null || recommended.sku() == null) {
            return Optional.empty();
        }
        return skus.stream().filter(s -> recommended.sku().equals(s.name())).findFirst();
    }

    /**
     * Where the prices came from (several sources, regions or dates are joined with "; ").
     *
     * @param file the catalog file, or {@code bundled sku-catalog.json}
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"source", "region", "currency", "date", "file", "note", "allocatable"})
    public record Catalog(String source, String region, String currency, String date, String file, String note,
                          Allocatable allocatable) {
    }

    /** The node reservations the catalog assumes: pods per node and the DaemonSets' requests on every node. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"maxPods", "daemonSetCpuMillis", "daemonSetMemoryMiB"})
    public record Allocatable(Integer maxPods, Long daemonSetCpuMillis, Long daemonSetMemoryMiB) {
    }

    /**
     * One machine's measurement of the kernel: throughput by threads (parallel lists), memory per slot, the
     * per-core speed every SKU is sized from, and what is known about the CPUs that ran it.
     *
     * @param measuredOn {@code this machine} or {@code node pool NAME (NODE)}
     * @param sku the SKU measured (cluster mode), else null
     * @param iterationSpread largest over smallest iteration per thread count
     * @param fitThreads the thread count the serial fraction was fitted at
     * @param loadAverage 1, 5 and 15 minute load averages, or null where unknown
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"threads", "opsPerSecond", "scalingEfficiency", "memoryPerSlotBytes", "cpuModel", "cpusOnMachine",
            "measuredOn", "sku", "perCoreBlocksPerSecond", "perCoreSource", "iterationSpread", "fitThreads",
            "serialFraction", "memoryPerSlotSource", "threadsPerCore", "virtualMachine", "loadAverage", "twoThreadCheck",
            "notes"})
    public record Measured(List<Integer> threads, List<Double> opsPerSecond, List<Double> scalingEfficiency,
                           Long memoryPerSlotBytes, String cpuModel, Integer cpusOnMachine, String measuredOn, String sku,
                           Double perCoreBlocksPerSecond, String perCoreSource, List<Double> iterationSpread,
                           Integer fitThreads, Double serialFraction, String memoryPerSlotSource, Integer threadsPerCore,
                           Boolean virtualMachine, List<Double> loadAverage, String twoThreadCheck, List<String> notes) {

        public Measured {
            threads = threads == null ? List.of() : List.copyOf(threads);
            opsPerSecond = opsPerSecond == null ? List.of() : List.copyOf(opsPerSecond);
            scalingEfficiency = scalingEfficiency == null ? List.of() : List.copyOf(scalingEfficiency);
            iterationSpread = iterationSpread == null ? List.of() : List.copyOf(iterationSpread);
            notes = notes == null ? List.of() : List.copyOf(notes);
        }
    }

    /** Whether two threads computed at least {@code expectedAtLeast} times one thread, and what could explain it if not. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"twoThreadSpeedup", "expectedAtLeast", "ok", "explanation"})
    public record Consistency(Double twoThreadSpeedup, Double expectedAtLeast, Boolean ok, String explanation) {
    }

    /**
     * What the pool must sustain: {@code kind} {@code blocksPerHour} (with {@code blocksPerHour}) or
     * {@code batchWithinDeadline} (with {@code batchBlocks} and {@code deadlineSeconds}); the other fields are null.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"kind", "blocksPerHour", "batchBlocks", "deadlineSeconds", "blocksPerSecond"})
    public record Target(String kind, Long blocksPerHour, Long batchBlocks, Long deadlineSeconds, Double blocksPerSecond) {

        public static final String BLOCKS_PER_HOUR = "blocksPerHour";
        public static final String BATCH_WITHIN_DEADLINE = "batchWithinDeadline";
    }

    /** The sizing's rules, in words, so the file explains its own figures. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"extrapolation", "allocatable", "slots", "memoryPerSlot", "mode"})
    public record Method(String extrapolation, String allocatable, String slots, String memoryPerSlot, String mode) {
    }

    /**
     * One SKU sized for the target. An unusable SKU (no worker pod fits) has null requests and node count.
     *
     * @param costOfBatch written for batch targets only
     * @param helmValues the worker chart's values for this SKU, in Helm's own shape; written for usable SKUs only
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"name", "vcpus", "memoryGiB", "threadsPerCore", "allocatableCpu", "allocatableMemoryGiB",
            "pricePerHour", "perCoreBlocksPerSecond", "scalingEfficiency", "extrapolated", "podsPerNode", "workerConcurrency",
            "cpuRequest", "memoryRequest", "nodeBlocksPerSecond", "nodesNeeded", "costPerMillionBlocks", "costPerHourAtTarget",
            "costOfBatch", "slotsPerNode", "limitedBy", "basis", "measuredOnSku", "usable", "unusableReason", "priceRegion",
            "priceSource", "priceDate", "helmValues"})
    public record SkuRow(String name, Integer vcpus, Double memoryGiB, Integer threadsPerCore, Double allocatableCpu,
                         Double allocatableMemoryGiB, Double pricePerHour, Double perCoreBlocksPerSecond,
                         Double scalingEfficiency, Boolean extrapolated, Integer podsPerNode, Integer workerConcurrency,
                         String cpuRequest, String memoryRequest, Double nodeBlocksPerSecond, Long nodesNeeded,
                         Double costPerMillionBlocks, Double costPerHourAtTarget,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Double costOfBatch, Integer slotsPerNode,
                         String limitedBy, String basis, Boolean measuredOnSku, Boolean usable, String unusableReason,
                         String priceRegion, String priceSource, String priceDate,
                         @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode helmValues) {
    }

    /**
     * The recommended SKU, why, and how to deploy it.
     *
     * @param helmSet the same values as {@code helm --set} flags
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"sku", "reason", "helmValues", "helmSet"})
    public record Recommended(String sku, String reason, JsonNode helmValues, String helmSet) {
    }
}
