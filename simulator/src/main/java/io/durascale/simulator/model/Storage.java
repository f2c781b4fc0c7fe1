package io.durascale.simulator.model;

import io.durascale.simulator.profile.Parameter;
import io.durascale.simulator.profile.Profile;

/**
 * Azure Storage as the model sees it: each operation takes its service's unloaded latency (a step's operations one
 * after the other), and every operation also reserves its share of the account's request-rate target and, for queue
 * operations on a named queue, of that queue's throughput target
 * (learn.microsoft.com/azure/storage/common/scalability-targets-standard-account, .../queues/scalability-targets).
 * On one machine (the embedded stack) each operation also costs the machine's CPU (client and emulator). Counts
 * every operation by service.
 */
public final class Storage {

    /** Operations by service, counted. */
    public record Counts(double queue, double table, double blob) {
        public double total() {
            return queue + table + blob;
        }
    }

    private final double queueLatency;
    private final double tableLatency;
    private final double blobLatency;
    private final Resource account;
    private final double queueMessagesPerSecond;
    private final Machine machine;
    private final double opCpuSeconds;
    private double queueOps;
    private double tableOps;
    private double blobOps;

    Storage(Profile profile, Machine machine) {
        this.queueLatency = profile.duration(Parameter.QUEUE_LATENCY).toNanos() / 1e6;
        this.tableLatency = profile.duration(Parameter.TABLE_LATENCY).toNanos() / 1e6;
        this.blobLatency = profile.duration(Parameter.BLOB_LATENCY).toNanos() / 1e6;
        this.account = new Resource("storage account", profile.number(Parameter.ACCOUNT_REQUESTS_PER_SECOND));
        this.queueMessagesPerSecond = profile.number(Parameter.QUEUE_MESSAGES_PER_SECOND);
        this.machine = machine;
        this.opCpuSeconds = profile.duration(Parameter.STORAGE_OP_CPU).toNanos() / 1e9;
    }

    /** A queue with its own throughput target. */
    Resource queue(String name) {
        return new Resource("queue " + name, queueMessagesPerSecond);
    }

    /**
     * When a step that makes these operations (after {@code cpuMillis} of its own work) ends, if it starts at
     * {@code now}.
     *
     * @param queue the queue its queue operations go to, or null
     */
    long step(long now, double queueOps, double tableOps, double blobOps, Resource queue, double cpuMillis) {
        this.queueOps += queueOps;
        this.tableOps += tableOps;
        this.blobOps += blobOps;
        double ops = queueOps + tableOps + blobOps;
        long end = now + (long) Math.ceil(cpuMillis + queueOps * queueLatency + tableOps * tableLatency
                + blobOps * blobLatency);
        end = Math.max(end, account.reserve(now, ops));
        if (queue != null) {
            end = Math.max(end, queue.reserve(now, queueOps));
        }
        if (machine != null) {
            end = Math.max(end, machine.reserve(now, ops * opCpuSeconds + cpuMillis / 1000.0));
        }
        return end;
    }

    /** The latency of one queue operation, unloaded (a receive that finds nothing). */
    long queueLatency() {
        return (long) Math.ceil(queueLatency);
    }

    public Counts counts() {
        return new Counts(queueOps, tableOps, blobOps);
    }

    /** The account's busy fraction over a span, given its operations in that span. */
    double accountUtilisation(double opsInSpan, long from, long to) {
        return account.utilisation(opsInSpan, from, to);
    }
}
