package io.durascale.benchmarks.sizing;

import java.time.Duration;
import java.util.Locale;

/**
 * What the pool must sustain: a steady rate of blocks per hour, or a batch of blocks finished
 * within a deadline (which needs batch ÷ deadline blocks per second once the nodes are up; node
 * provisioning and scale-up come off the deadline first — the load tests measure them).
 */
public record Target(Kind kind, Long blocksPerHour, Long batchBlocks, Long deadlineSeconds) {

    public enum Kind {
        BLOCKS_PER_HOUR("blocksPerHour"), BATCH_WITHIN_DEADLINE("batchWithinDeadline");

        private final String json;

        Kind(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }
    }

    public static final long DEFAULT_BLOCKS_PER_HOUR = 1_000_000;

    public static Target blocksPerHour(long blocksPerHour) {
        if (blocksPerHour < 1) {
            throw new IllegalArgumentException("--target-blocks-per-hour must be at least 1, got " + blocksPerHour);
        }
        return new Target(Kind.BLOCKS_PER_HOUR, blocksPerHour, null, null);
    }

    public static Target batch(long blocks, Duration deadline) {
        if (blocks < 1) {
            throw new IllegalArgumentException("--batch must be at least 1 block, got " + blocks);
        }
        if (deadline == null || deadline.toSeconds() < 1) {
            throw new IllegalArgumentException("--deadline must be at least 1s (e.g. 10m), got " + deadline);
        }
        return new Target(Kind.BATCH_WITHIN_DEADLINE, null, blocks, deadline.toSeconds());
    }

    public double blocksPerSecond() {
        return kind == Kind.BLOCKS_PER_HOUR ? blocksPerHour / 3600.0 : (double) batchBlocks / deadlineSeconds;
    }

    /** E.g. "1,000,000 blocks/hour" or "50,000 blocks within 10m". */
    public String describe() {
        if (kind == Kind.BLOCKS_PER_HOUR) {
            return String.format(Locale.ROOT, "%,d blocks/hour", blocksPerHour);
        }
        long s = deadlineSeconds;
        String deadline = s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
        return String.format(Locale.ROOT, "%,d blocks within %s", batchBlocks, deadline);
    }
}
