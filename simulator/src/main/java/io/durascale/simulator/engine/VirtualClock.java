package io.durascale.simulator.engine;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The simulation's time: a {@link Clock} that only the {@link EventLoop} moves, so that the project's KEDA, HPA and
 * Deployment code, which reads time from an injected clock, runs on it unchanged. Millisecond resolution, as the
 * timeline records time.
 */
public final class VirtualClock extends Clock {

    private long now;

    public VirtualClock(long startEpochMillis) {
        this.now = startEpochMillis;
    }

    /** Moves time forward; time never goes back. */
    void advanceTo(long epochMillis) {
        if (epochMillis < now) {
            throw new IllegalStateException("virtual time cannot go back from " + now + " to " + epochMillis);
        }
        now = epochMillis;
    }

    @Override
    public long millis() {
        return now;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(now);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
