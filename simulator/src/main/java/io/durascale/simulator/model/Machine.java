package io.durascale.simulator.model;

/**
 * The one machine of the embedded stack, whose cores every part shares: the task hub's episodes and activities,
 * the storage emulator's operations, the workers' kernels and the bridge's verification. A cluster has none: its
 * hosts and pods each have their own CPU, and storage is a service ({@code machineCores = 0}).
 */
final class Machine {

    private final Resource cores;

    Machine(double cores) {
        this.cores = new Resource("machine", cores);
    }

    /** Reserves {@code cpuSeconds} of CPU asked for at {@code now}; returns when it is done. */
    long reserve(long now, double cpuSeconds) {
        return cores.reserve(now, cpuSeconds);
    }

    double cpuSeconds() {
        return cores.work();
    }
}
