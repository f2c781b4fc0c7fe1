package io.durascale.pipeline.taskhub;

import com.google.protobuf.Timestamp;
import java.time.Instant;

/** Protobuf timestamps and {@link Instant}s. */
final class ProtoTime {

    private ProtoTime() {
    }

    static Timestamp of(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    static Instant toInstant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    static Timestamp now() {
        return of(Instant.now());
    }
}
