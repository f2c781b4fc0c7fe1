package io.durascale.pipeline.orchestration;

import java.util.List;

/**
 * BatchCompute's output: how many blocks completed, which failed and why, how long the batch
 * took (orchestration time, start to last report), and a digest over the outputs in block order.
 */
public record BatchResult(int blocks, int completed, List<FailedBlock> failed, long durationMillis, String digest,
                          int verified) {

    /** A block that did not complete. */
    public record FailedBlock(String blockId, String reason) {
    }
}
