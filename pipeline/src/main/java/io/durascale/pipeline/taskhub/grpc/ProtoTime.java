package io.durascale.pipeline.taskhub.grpc;

import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import java.time.Instant;

/** Protobuf timestamps and wrapped strings, and their plain-Java values (null where the field is absent). */
final class ProtoTime {

    private ProtoTime() {
    }

    static Timestamp of(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    static Instant toInstant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    /** The instant, or null when the message has no such field. */
    static Instant instant(boolean present, Timestamp timestamp) {
        return present ? toInstant(timestamp) : null;
    }

    /** The wrapped string, or null when the message has no such field. */
    static String string(boolean present, StringValue value) {
        return present ? value.getValue() : null;
    }
}
