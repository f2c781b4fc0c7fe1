package io.durascale.simulator.model;

/**
 * When an idle poller next looks: after an empty receive at {@code since} it waits {@code first}, then twice that,
 * and so on up to {@code max} (the worker's 50 ms to 1 s, the completion bridge's 20 ms to 1 s, a control queue's
 * back-off to maxQueuePollingInterval). Computed, not simulated, so idle pollers cost no events.
 */
final class PollSchedule {

    private PollSchedule() {
    }

    /** The first poll at or after {@code now} of a poller idle since {@code since}. */
    static long next(long since, long now, long first, long max) {
        long t = since;
        long wait = Math.max(1, Math.min(first, max));
        while (t + wait < now && wait < max) {
            t += wait;
            wait = Math.min(wait * 2, max);
        }
        if (t + wait >= now) {
            return t + wait;
        }
        long periods = (now - t + wait - 1) / wait;
        return t + periods * wait;
    }
}
