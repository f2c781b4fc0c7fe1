package io.durascale.simulator.profile;

import io.durascale.run.LoadWorkload;
import io.durascale.run.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the embedded stack's machine spends, from a run's partition sweep: the CPU of one storage operation (the
 * same-run storage bound is the rate the machine replays the step's operation mix at, every core busy) and of one
 * work item, episode or activity (the rest of the machine's busy time over the step, after its storage operations
 * and the workers' kernels). The median over the steps.
 *
 * @param storageOpCpuMillis 0 when no step has a storage bound
 * @param workItemCpuMillis 0 when no step has its machine CPU, or nothing is left for the work items
 */
record MachineCost(double storageOpCpuMillis, String storageHow, double workItemCpuMillis, String workItemHow,
                   double partitionPollCpuMillis, double statusPollCpuMillis, String partitionPollHow) {

    static MachineCost of(Metrics metrics, int cores, Profile profile, LoadWorkload workload) {
        List<Double> opCpu = new ArrayList<>();
        List<Double> itemCpu = new ArrayList<>();
        BusyCpuSplit split = BusyCpuSplit.of(metrics.throughputPerPartition(), cores);
        double perBlockCompute = profile.distribution(Parameter.BLOCK_COMPUTE).mean()
                + profile.duration(Parameter.WORKER_OVERHEAD).toNanos() / 1e6;
        for (Metrics.PartitionStep step : metrics.throughputPerPartition()) {
            Metrics.Backend b = step.backend();
            if (b == null || step.orchestrations() == 0 || step.seconds() == null) {
                continue;
            }
            double hub = Calibration.hubOps(b).values().stream().mapToDouble(Double::doubleValue).sum();
            double blocks = step.orchestrations() * (double) workload.sweepBlocks();
            double ops = hub + Calibration.PIPELINE_OPS_PER_BLOCK * blocks;
            if (step.storageBoundOrchestrationsPerSecond() == null || step.storageBoundOrchestrationsPerSecond() <= 0) {
                continue;
            }
            double opMillis = cores * 1000.0 / (step.storageBoundOrchestrationsPerSecond() * ops / step.orchestrations());
            opCpu.add(opMillis);
            if (step.machineCpu() != null) {
                double busyMillis = cores * step.machineCpu().mean() * step.seconds() * 1000;
                long episodes = b.episodesPerPartition().stream().mapToLong(Long::longValue).sum();
                // The status polls' table reads are among the operations; their CPU besides is split off too.
                double left = busyMillis - ops * opMillis - blocks * perBlockCompute
                        - split.partitionCpuMillis() * step.partitions() * step.seconds()
                        - Math.max(0, split.pollCpuMillis() - opMillis) * Calibration.statusPollReads(b);
                if (left > 0 && episodes + blocks > 0) {
                    itemCpu.add(left / (episodes + blocks));
                }
            }
        }
        double op = median(opCpu);
        double item = median(itemCpu);
        return new MachineCost(op, String.format(Locale.ROOT, "%d cores / (storage bound x operations per orchestration, "
                + "the hub's counted ones plus %.0f per block), median of %d sweep steps", cores,
                Calibration.PIPELINE_OPS_PER_BLOCK, opCpu.size()), item, String.format(Locale.ROOT,
                "the sweep's busy machine CPU less its storage operations and kernels, per episode and activity, "
                        + "median of %d steps%s", itemCpu.size(), split.partitionCpuMillis() > 0
                        ? ", after the partitions' own loops and the status polls" : ""), split.partitionCpuMillis(),
                Math.max(0, split.pollCpuMillis() - op), split.how());
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
