package io.durascale.reports.analysis;

import java.util.List;

/**
 * Orchestration throughput at one control-queue partition count: the measured rate, the same-run storage
 * bound (what the storage operations measured in that run would allow), how evenly the partitions worked, and —
 * where the load test judged it — what held the step down (storage, the machine's CPU, or nothing saturated) with
 * the machine's mean CPU use over the step (NaN when not measured). A row of metrics.json's
 * {@code throughputPerPartition} or a step of taskhub-bench.json, as the report compares them.
 */
public record ThroughputAtPartitions(String series, int partitions, double orchestrationsPerSecond, double storageBound,
                                     double imbalance, List<Double> perPartition, String perPartitionUnit, String limitedBy,
                                     double machineCpu) {
}
