package io.durascale.pipeline.orchestration;

/**
 * The events a BatchCompute orchestration waits for, one per block: raised by the completion
 * bridge (from BlobCreated) and the poison watcher (from the worker's poison queue).
 */
public final class BlockEvents {

    public static final String BLOCK_COMPLETED = "BlockCompleted";
    public static final String BLOCK_FAILED = "BlockFailed";

    /** A block's output exists: its digest, how long it computed, who computed it, and whether it verified. */
    public record BlockCompleted(String blockId, String sha256, long computeMillis, String workerId, Boolean verified) {
    }

    /** A block will not complete: the reason (the worker's poison reason, or a verification failure). */
    public record BlockFailed(String blockId, String reason) {
    }

    private BlockEvents() {
    }
}
