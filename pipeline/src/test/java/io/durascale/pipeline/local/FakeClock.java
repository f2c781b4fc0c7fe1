package io.durascale.pipeline.local;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when a test moves it. */
public final class FakeClock extends Clock {

    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private Instant now = START;

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }

    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    /** Seconds since {@link #START}. */
    public long seconds() {
        return Duration.between(START, now).toSeconds();
    }
}
