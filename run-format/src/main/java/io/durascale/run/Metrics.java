package io.durascale.run;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics.json}: the figures a load test (or a simulation) derives from its run. Each figure's
 * definition is in docs/run-directory.md; the load tests and the simulator compute them with
 * {@link io.durascale.run.figures.RunFigures}, the report and the gate read them.
 *
 * @param target {@code embedded} or {@code cluster}
 * @param emulated which parts were emulated rather than real
 * @param scaleUp measured on the run's first step (the burst)
 * @param scaleToZero from the burst's queue going empty to zero worker replicas
 * @param orchestrationTier the orchestration tier's cold start from zero and its time back to zero, when it scales
 * @param throughputPerPartition one row per step (per partition count in a sweep)
 * @param latency by camelCase name ({@code orchestrationEndToEnd}, {@code blockEnqueueToOutput}, {@code blockCompute})
 * @param blocksWithoutMetadata output blobs whose timing metadata could not be read, when there are any
 * @param gates the load test's own verdict, one line
 * @param gatling Gatling report index files, relative to the run directory
 */
@JsonPropertyOrder({"target", "emulated", "simulation", "scaleUp", "scaleToZero", "orchestrationTier", "throughputPerPartition", "latency",
        "orchestrations", "blocksWithoutMetadata", "gates", "gatling"})
public record Metrics(String target, Emulated emulated, String simulation, ScaleUp scaleUp, ScaleToZero scaleToZero,
                      OrchestrationTier orchestrationTier, List<PartitionStep> throughputPerPartition, Map<String, LatencySummary> latency,
                      OrchestrationCounts orchestrations, Integer blocksWithoutMetadata, String gates, List<String> gatling) {

    public Metrics {
        throughputPerPartition = throughputPerPartition == null ? List.of() : List.copyOf(throughputPerPartition);
        latency = latency == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(latency));
        gatling = gatling == null ? List.of() : List.copyOf(gatling);
    }

    public Metrics withGatling(List<String> reports) {
        return new Metrics(target, emulated, simulation, scaleUp, scaleToZero, orchestrationTier, throughputPerPartition, latency,
                orchestrations, blocksWithoutMetadata, gates, reports);
    }

    /** Which parts of the run were emulated (the local KEDA, Azurite) rather than the real thing. */
    public record Emulated(boolean scaling, boolean storage) {
    }

    /**
     * Scale-up of the burst. Times are from the first enqueue (epoch ms, {@code firstEnqueue}); a null time
     * was not reached. {@code podStartMedianMs} is the median over the burst's pods of process start to ready
     * ({@code podStarts} of them). {@code note} explains a missing or qualified measurement.
     */
    @JsonPropertyOrder({"firstEnqueue", "readyReplicasAtFirstEnqueue", "firstEnqueueToFirstReadyMs", "peakDesiredReplicas",
            "firstEnqueueToDesiredReplicasMs", "firstEnqueueToQueueDrainedMs", "firstEnqueueToLastOutputMs",
            "podStartMedianMs", "podStarts", "note"})
    public record ScaleUp(Long firstEnqueue, Integer readyReplicasAtFirstEnqueue, Long firstEnqueueToFirstReadyMs,
                          Integer peakDesiredReplicas, Long firstEnqueueToDesiredReplicasMs, Long firstEnqueueToQueueDrainedMs,
                          Long firstEnqueueToLastOutputMs, Long podStartMedianMs, Integer podStarts, String note) {

        /** Nothing measured, and why. */
        public static ScaleUp notMeasured(String note) {
            return new ScaleUp(null, null, null, null, null, null, null, null, null, note);
        }
    }

    /** From the jobs queue going empty ({@code queueEmptyAt}, epoch ms) to zero replicas, and the idle pods' cost. */
    @JsonPropertyOrder({"queueEmptyAt", "reachedZero", "queueEmptyToZeroReplicasMs", "idlePodSeconds",
            "podsWhenQueueEmptied", "idleCost"})
    public record ScaleToZero(long queueEmptyAt, boolean reachedZero, Long queueEmptyToZeroReplicasMs, double idlePodSeconds,
                              long podsWhenQueueEmptied, IdleCost idleCost) {
    }

    /**
     * The orchestration tier (deployment {@code deployment}) starting from zero replicas and going back to zero. Times
     * are from the first start request made while the tier was at zero ({@code startRequestAt}, epoch ms): the scaler
     * reporting the tier active (KEDA activating it 0 → 1), the first host ready, the first orchestration episode
     * committed and the first job enqueued by an activity. {@code lastWorkToZeroReplicasMs} is from the tier's last
     * work (its queues empty) to zero replicas; {@code podSeconds} its replicas integrated over the run. A null time
     * was not reached; {@code note} says why a figure is missing or qualified.
     */
    @JsonPropertyOrder({"deployment", "startRequestAt", "startToTierActiveMs", "startToFirstHostReadyMs",
            "startToFirstEpisodeMs", "startToFirstJobEnqueuedMs", "lastWorkToZeroReplicasMs", "peakReplicas",
            "podSeconds", "note"})
    public record OrchestrationTier(String deployment, Long startRequestAt, Long startToTierActiveMs,
                                    Long startToFirstHostReadyMs, Long startToFirstEpisodeMs, Long startToFirstJobEnqueuedMs,
                                    Long lastWorkToZeroReplicasMs, Integer peakReplicas, Double podSeconds, String note) {
    }

    /** What the idle pod-seconds cost at a price per pod-hour, and where that price came from. */
    public record IdleCost(double pricePerPodHour, double amount, String currency, String priceSource) {
    }

    /** Orchestrations the load test started, and how they ended. */
    public record OrchestrationCounts(int started, int completed, int failed, int unfinished) {
    }

    /**
     * Throughput of one step (one partition count of a sweep), split by the partition each instance id hashes to.
     * Rates are null when no orchestration of the step completed.
     */
    @JsonPropertyOrder({"step", "hub", "partitions", "orchestrations", "failed", "seconds", "orchestrationsPerSecond",
            "eventsPerSecond", "perPartition", "eventsPerSecondPerPartition", "orchestrationsPerSecondPerPartition",
            "imbalance", "storageBoundOrchestrationsPerSecond", "fractionOfBound", "backend", "machineCpu", "limitedBy"})
    public record PartitionStep(String step, String hub, int partitions, int orchestrations, int failed, Double seconds,
                                Double orchestrationsPerSecond, Double eventsPerSecond, List<Double> perPartition,
                                List<Double> eventsPerSecondPerPartition, Double orchestrationsPerSecondPerPartition,
                                Double imbalance, Double storageBoundOrchestrationsPerSecond, Double fractionOfBound,
                                Backend backend, MachineCpu machineCpu, String limitedBy) {

        public PartitionStep withMachineCpu(MachineCpu cpu, String limitedBy) {
            return new PartitionStep(step, hub, partitions, orchestrations, failed, seconds, orchestrationsPerSecond,
                    eventsPerSecond, perPartition, eventsPerSecondPerPartition, orchestrationsPerSecondPerPartition,
                    imbalance, storageBoundOrchestrationsPerSecond, fractionOfBound, backend, cpu, limitedBy);
        }
    }

    /** The task hub's own counters over a step (embedded stack only). */
    public record Backend(List<Long> episodesPerPartition, List<Long> controlMessagesPerPartition,
                          Map<String, Long> hubOperations, String storageBoundBasis) {
    }

    /** The whole machine's mean CPU use over a step, its cores, and what shared them. */
    public record MachineCpu(double mean, int cores, String scope) {
    }
}
