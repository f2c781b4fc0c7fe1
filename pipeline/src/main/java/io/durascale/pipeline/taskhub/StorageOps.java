package io.durascale.pipeline.taskhub;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every storage operation the task hub makes, by kind. Counted rather than timed, so
 * "operations per orchestration" is deterministic and comparable across machines and between
 * Azurite and real Azure.
 */
public final class StorageOps {

    /** One kind of billable storage operation. */
    public enum Kind {
        QUEUE_SEND("queue", "send"),
        QUEUE_RECEIVE("queue", "receive"),
        QUEUE_DELETE("queue", "delete"),
        QUEUE_UPDATE("queue", "update"),
        QUEUE_METADATA("queue", "metadata"),
        TABLE_READ("table", "read"),
        TABLE_QUERY("table", "query"),
        TABLE_WRITE("table", "write"),
        TABLE_BATCH("table", "batch"),
        TABLE_DELETE("table", "delete"),
        BLOB_READ("blob", "read"),
        BLOB_WRITE("blob", "write"),
        BLOB_DELETE("blob", "delete"),
        BLOB_LIST("blob", "list"),
        /** Partition leases and heartbeats: time-driven, not per orchestration. */
        BLOB_LEASE("blob", "lease");

        private final String service;
        private final String operation;

        Kind(String service, String operation) {
            this.service = service;
            this.operation = operation;
        }

        /** The storage service: queue, table or blob (each a separate Azurite process here). */
        public String service() {
            return service;
        }

        public String operation() {
            return operation;
        }

        public String label() {
            return service + "." + operation;
        }

        /**
         * Whether the count follows from the work done (sends, deletes, history and instance
         * writes) rather than from time (polling receives, renewals, leases, monitoring).
         */
        public boolean perWork() {
            return this != QUEUE_RECEIVE && this != QUEUE_UPDATE && this != QUEUE_METADATA
                    && this != BLOB_LEASE && this != BLOB_LIST;
        }
    }

    private final Map<Kind, LongAdder> counts = new EnumMap<>(Kind.class);

    public StorageOps() {
        for (Kind kind : Kind.values()) {
            counts.put(kind, new LongAdder());
        }
    }

    public void count(Kind kind) {
        counts.get(kind).increment();
    }

    public void count(Kind kind, long n) {
        counts.get(kind).add(n);
    }

    /** The count of one kind so far. */
    public long get(Kind kind) {
        return counts.get(kind).sum();
    }

    /** A consistent-enough copy of the counters (each counter is read once). */
    public Map<Kind, Long> snapshot() {
        Map<Kind, Long> copy = new EnumMap<>(Kind.class);
        counts.forEach((kind, adder) -> copy.put(kind, adder.sum()));
        return copy;
    }

    /** {@code after - before}, per kind. */
    public static Map<Kind, Long> difference(Map<Kind, Long> after, Map<Kind, Long> before) {
        Map<Kind, Long> diff = new EnumMap<>(Kind.class);
        after.forEach((kind, value) -> diff.put(kind, value - before.getOrDefault(kind, 0L)));
        return diff;
    }

    public static long total(Map<Kind, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
