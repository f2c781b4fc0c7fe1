package io.durascale.pipeline.orchestration;

import io.durascale.core.kernel.ComputeKernel;
import io.durascale.core.kernel.Kernels;
import io.durascale.core.kernel.UnknownKernelException;

/**
 * What a BatchCompute orchestration computes: {@code inputCount} blocks of {@code blockSize} (in
 * the kernel's unit) generated from {@code seed}, due within {@code deadlineSeconds}. This is the
 * orchestration's input, and what the HTTP API validates requests into.
 */
public record BatchRequest(int inputCount, int blockSize, String kernel, long seed, int deadlineSeconds) {

    public static final int MAX_INPUT_COUNT = 10_000;
    public static final int MAX_DEADLINE_SECONDS = 24 * 3600;
    public static final String DEFAULT_KERNEL = "stencil";
    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_DEADLINE_SECONDS = 600;

    /**
     * Validates a request; every problem is reported as one sentence.
     *
     * @throws IllegalArgumentException naming what is missing, not a number, out of range, or unknown
     */
    public BatchRequest {
        if (inputCount < 1 || inputCount > MAX_INPUT_COUNT) {
            throw new IllegalArgumentException("inputCount must be between 1 and " + MAX_INPUT_COUNT + ", not " + inputCount);
        }
        ComputeKernel k;
        try {
            k = Kernels.byName(kernel);
        } catch (UnknownKernelException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        Kernels.checkBlockSize(k, blockSize);
        if (deadlineSeconds < 1 || deadlineSeconds > MAX_DEADLINE_SECONDS) {
            throw new IllegalArgumentException("deadlineSeconds must be between 1 and " + MAX_DEADLINE_SECONDS
                    + ", not " + deadlineSeconds);
        }
    }

    /** The kernel's default block size, for requests that leave it out. */
    public static int defaultBlockSize(String kernel) {
        try {
            return Kernels.byName(kernel).defaultBlockSize();
        } catch (UnknownKernelException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** Block ids: zero-padded indexes, so blob listings sort in block order. */
    public String blockId(int index) {
        return String.format("%05d", index);
    }

    /** Each block's generator seed, derived deterministically from the batch seed. */
    public long blockSeed(int index) {
        return seed * 1_000_003L + index;
    }
}
