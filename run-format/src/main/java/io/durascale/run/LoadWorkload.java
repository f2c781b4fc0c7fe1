package io.durascale.run;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * run.json's {@code workload} for a load test: everything its figures depend on, so the gate compares
 * latencies, times and rates only with a baseline made under an equal workload (docs/run-directory.md).
 *
 * @param scaling the embedded stack's task hub and KEDA settings; null against a cluster, whose own are deployed
 */
@JsonPropertyOrder({"orchestrator", "batches", "blocks", "seed", "pollIntervalMs", "rate", "durationS", "sweep",
        "sweepBatches", "sweepBlocks", "sweepWorkers", "scaling"})
public record LoadWorkload(String orchestrator, int batches, int blocks, long seed, long pollIntervalMs, double rate,
                           long durationS, List<Integer> sweep, int sweepBatches, int sweepBlocks, int sweepWorkers,
                           Scaling scaling) {

    /**
     * The embedded stack's scaling, in a fixed order so a baseline written from it diffs cleanly.
     * {@code orchestrationTier} is how the first stack ran its orchestration tier: {@code in-process} (one always-on
     * task hub in the load generator's JVM) or {@code scaled} (KEDA-scaled {@code pipeline.jar taskhub} processes from
     * zero, as {@code up} runs it); runs from before it was recorded read as null, and ran in process.
     */
    @JsonPropertyOrder({"partitions", "maxReplicas", "queueLength", "pollingIntervalMs", "cooldownS", "workerConcurrency",
            "orchestrationWorkers", "orchestrationTier", "podStartDelayMs", "verify"})
    public record Scaling(int partitions, int maxReplicas, int queueLength, long pollingIntervalMs, long cooldownS,
                          int workerConcurrency, int orchestrationWorkers, String orchestrationTier, long podStartDelayMs,
                          boolean verify) {
    }
}
