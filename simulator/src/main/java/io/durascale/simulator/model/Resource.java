package io.durascale.simulator.model;

/**
 * A capacity shared first come, first served, as a fluid: each request reserves {@code work / capacity} of its time
 * after the requests before it, so a request's end is at least that reservation's end. O(1) per request and no
 * events of its own: a storage account's request-rate target, one queue's, or one machine's cores.
 */
final class Resource {

    private final String name;
    private final double perMilli;
    private double freeAt;
    private double work;

    /**
     * @param perSecond work units (requests, messages, CPU-seconds) it serves per second
     */
    Resource(String name, double perSecond) {
        this.name = name;
        this.perMilli = perSecond / 1000.0;
    }

    /** Reserves {@code units} of work asked for at {@code now}; returns when it is done (epoch ms). */
    long reserve(long now, double units) {
        if (units <= 0) {
            return now;
        }
        double start = Math.max(now, freeAt);
        freeAt = start + units / perMilli;
        work += units;
        return (long) Math.ceil(freeAt);
    }

    /** The work served so far, in its units. */
    double work() {
        return work;
    }

    String name() {
        return name;
    }
}
