package io.durascale.simulator.model;

import io.durascale.simulator.engine.EventLoop;
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
    private final SharedCores machine;
    private final double opCpuMillis;
    private final EventLoop loop;
    private double queueOps;
    private double tableOps;
    private double blobOps;

    Storage(Profile profile, SharedCores machine, EventLoop loop) {
        this.loop = loop;
        this.queueLatency = profile.duration(Parameter.QUEUE_LATENCY).toNanos() / 1e6;
        this.tableLatency = profile.duration(Parameter.TABLE_LATENCY).toNanos() / 1e6;
        this.blobLatency = profile.duration(Parameter.BLOB_LATENCY).toNanos() / 1e6;
        this.account = new Resource("storage account", profile.number(Parameter.ACCOUNT_REQUESTS_PER_SECOND));
        this.queueMessagesPerSecond = profile.number(Parameter.QUEUE_MESSAGES_PER_SECOND);
        this.machine = machine;
        this.opCpuMillis = profile.duration(Parameter.STORAGE_OP_CPU).toNanos() / 1e6;
    }

    /** A queue with its own throughput target. */
    Resource queue(String name) {
        return new Resource("queue " + name, queueMessagesPerSecond);
    }

    /**
     * A step that makes these operations after {@code cpuMillis} of its own work, starting now: {@code then} runs when
     * it is done — after its operations' latencies one after the other, its share of the account's and the queue's
     * request rates, and on one machine after its CPU (its own and its operations') shared with everything else.
     *
     * @param queue the queue its queue operations go to, or null
     */
    void step(long now, double queueOps, double tableOps, double blobOps, Resource queue, double cpuMillis,
              EventLoop.Action then) {
        step(now, queueOps, tableOps, blobOps, queue, cpuMillis, 0, then);
    }

    /** As above, with {@code waitMillis} more that is waiting, not CPU (a cold worker's first block). */
    void step(long now, double queueOps, double tableOps, double blobOps, Resource queue, double cpuMillis,
              long waitMillis, EventLoop.Action then) {
        long end = reserve(now, queueOps, tableOps, blobOps, queue, cpuMillis) + waitMillis;
        if (machine != null) {
            machine.run((queueOps + tableOps + blobOps) * opCpuMillis + cpuMillis, end, then);
        } else {
            loop.at(end, then);
        }
    }

    /** A small step's end without the machine (a receive that is bookkeeping more than work). */
    long reserve(long now, double queueOps, double tableOps, double blobOps, Resource queue, double cpuMillis) {
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
        return end;
    }

    /** The one machine, on the embedded stack; null in a cluster. */
    SharedCores machine() {
        return machine;
    }

    public Counts counts() {
        return new Counts(queueOps, tableOps, blobOps);
    }
}
