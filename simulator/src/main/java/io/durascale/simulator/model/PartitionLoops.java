package io.durascale.simulator.model;

import io.durascale.simulator.engine.EventLoop;

/**
 * Each owned partition's own loop on the embedded stack's machine: DTFx's Azure Storage backend keeps, per partition
 * it owns, a control-queue receive loop, a lease renewal and its session dispatch running whether or not messages
 * arrive, so a stack with more partitions leaves less of the shared cores to its work items. Every second while the
 * stack runs, each partition's loop asks the machine for {@code partitionPollCpu} (calibrated from the sweep's busy
 * CPU against its partitions). Nothing in a cluster, where each host has its own CPU.
 */
final class PartitionLoops implements EventLoop.Action {

    private static final long PERIOD_MS = 1_000;

    private final EventLoop loop;
    private final SharedCores machine;
    private final int partitions;
    private final double cpuMillis;
    private boolean closed;

    private PartitionLoops(EventLoop loop, SharedCores machine, int partitions, double cpuMillis) {
        this.loop = loop;
        this.machine = machine;
        this.partitions = partitions;
        this.cpuMillis = cpuMillis;
    }

    /** Starts the loops of a stack's partitions; none without a machine or a cost. */
    static PartitionLoops start(EventLoop loop, SharedCores machine, int partitions, double cpuMillis) {
        PartitionLoops loops = new PartitionLoops(loop, machine, partitions, cpuMillis);
        if (machine != null && cpuMillis > 0) {
            loop.at(loop.now(), loops);
        }
        return loops;
    }

    @Override
    public void run() {
        if (closed) {
            return;
        }
        for (int p = 0; p < partitions; p++) {
            machine.run(cpuMillis, 0, () -> { });
        }
        loop.at(loop.now() + PERIOD_MS, this);
    }

    /** The stack stopped: its host released the partitions. */
    void close() {
        closed = true;
    }
}
