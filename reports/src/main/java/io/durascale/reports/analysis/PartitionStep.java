package io.durascale.reports.analysis;

import java.util.List;

/**
 * Orchestration throughput at one control-queue partition count: the measured rate, the same-run storage
 * bound (what the storage operations measured in that run would allow), and how evenly the partitions worked.
 */
public record PartitionStep(String series, int partitions, double orchestrationsPerSecond, double storageBound,
                            double imbalance, List<Double> perPartition, String perPartitionUnit) {
}
