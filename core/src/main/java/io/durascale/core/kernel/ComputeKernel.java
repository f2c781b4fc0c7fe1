package io.durascale.core.kernel;

/**
 * A unit of compute the worker runs on one block: deterministic input generation, a pure
 * computation and an independent check of its result. Implementations are discovered with
 * {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/io.durascale.core.kernel.ComputeKernel}), so a kernel can ship in its
 * own jar; they must be stateless and safe to call from several threads at once.
 */
public interface ComputeKernel {

    /** The registry key: lower-case letters, digits and dashes, e.g. {@code montecarlo}. */
    String name();

    /** One line saying what the kernel computes and what its block size counts. */
    String description();

    /** The block size (paths, grid side, matrix order, ...) whose compute takes roughly 5–50 ms on one core. */
    int defaultBlockSize();

    /** The largest block size this kernel accepts; callers validate {@code 1..maxBlockSize()}. */
    int maxBlockSize();

    /**
     * The input of one block: the same {@code (seed, blockSize)} gives the same bytes on any
     * machine, and the bytes carry every parameter {@link #compute} needs.
     *
     * @throws IllegalArgumentException if the block size is outside {@code 1..maxBlockSize()}
     */
    byte[] generateInput(long seed, int blockSize);

    /**
     * Computes the block's output; a pure function of the input bytes.
     *
     * @throws IllegalArgumentException if the bytes are not an input of this kernel
     */
    byte[] compute(byte[] input);

    /** Checks an output against its input without trusting the code that produced it. */
    Verification verify(byte[] input, byte[] output);
}
