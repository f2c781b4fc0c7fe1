package io.durascale.worker.consumer;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with "equal jitter": half the step fixed, half random, so retrying workers spread out. */
final class Backoff {

    private final long baseMillis;
    private final long maxMillis;
    private int attempt;

    Backoff(Duration base, Duration max) {
        this.baseMillis = base.toMillis();
        this.maxMillis = max.toMillis();
    }

    /** The wait before the next attempt; grows with each call until {@link #reset}. */
    Duration next() {
        Duration delay = delay(attempt, baseMillis, maxMillis);
        attempt++;
        return delay;
    }

    void reset() {
        attempt = 0;
    }

    /** The delay for the given retry (0 = first retry). */
    static Duration delay(int retry, long baseMillis, long maxMillis) {
        long step = Math.min(maxMillis, baseMillis << Math.min(retry, 30));
        long half = step / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
