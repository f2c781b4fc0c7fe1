package io.durascale.core.kernel;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * Memory-bound: Jacobi iterations of the 2-D heat equation (five-point stencil) on an N×N grid
 * whose edge cells are held fixed. Four loads and one store per four flops; once two grids
 * exceed the last-level cache (N ≳ 1,500) it runs at memory bandwidth. The block size is the grid
 * side N; every block runs {@value #ITERATIONS} iterations. {@link #verify} recomputes the result
 * with a plain two-dimensional reference implementation and compares cell by cell.
 *
 * <p>Input ({@code STI1}, little-endian): N, iterations (ints), then N×N doubles, row-major.
 * Output ({@code STO1}): N, iterations, then the N×N grid after the iterations.
 */
public final class StencilKernel implements ComputeKernel {

    public static final String NAME = "stencil";
    /** Iterations per block; the input carries the count, so other producers may choose differently. */
    public static final int ITERATIONS = 100;
    static final int INPUT_TAG = BlockFormat.tag("STI1");
    static final int OUTPUT_TAG = BlockFormat.tag("STO1");
    private static final int HEADER_BYTES = 4 + 2 * Integer.BYTES;
    /** The reference sums in the same order, so results agree to the bit; the slack allows reordering. */
    private static final double RELATIVE_TOLERANCE = 1e-12;

    /** A grid and the iterations to run on it. */
    record Grid(int side, int iterations, double[] cells) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "2-D Jacobi heat stencil, " + ITERATIONS + " iterations, checked against a reference implementation; "
                + "block size = grid side N (N x N doubles)";
    }

    @Override
    public int defaultBlockSize() {
        return 256;
    }

    @Override
    public int maxBlockSize() {
        return 4096;
    }

    @Override
    public byte[] generateInput(long seed, int blockSize) {
        Kernels.checkBlockSize(this, blockSize);
        SplittableRandom random = new SplittableRandom(seed);
        double[] cells = new double[blockSize * blockSize];
        for (int k = 0; k < cells.length; k++) {
            cells[k] = random.nextDouble();
        }
        // A hot top edge gives the heat somewhere to flow from.
        for (int j = 0; j < blockSize; j++) {
            cells[j] = 1.0 + random.nextDouble();
        }
        return encode(INPUT_TAG, new Grid(blockSize, ITERATIONS, cells));
    }

    @Override
    public byte[] compute(byte[] input) {
        Grid grid = decode(input, INPUT_TAG, "stencil input");
        return encode(OUTPUT_TAG, new Grid(grid.side(), grid.iterations(), iterate(grid)));
    }

    @Override
    public Verification verify(byte[] input, byte[] output) {
        Grid in;
        Grid out;
        try {
            in = decode(input, INPUT_TAG, "stencil input");
            out = decode(output, OUTPUT_TAG, "stencil output");
        } catch (IllegalArgumentException e) {
            return Verification.failed(e.getMessage());
        }
        if (out.side() != in.side() || out.iterations() != in.iterations()) {
            return Verification.failed("output is " + out.side() + "x" + out.side() + " after " + out.iterations()
                    + " iterations, the input asks for " + in.side() + "x" + in.side() + " after " + in.iterations());
        }
        double[][] reference = reference(in);
        int n = in.side();
        double worst = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double expected = reference[i][j];
                double actual = out.cells()[i * n + j];
                double deviation = Math.abs(actual - expected);
                if (!(deviation <= RELATIVE_TOLERANCE * (1 + Math.abs(expected)))) {
                    return Verification.failed(String.format("cell (%d,%d) is %.17g, the reference gives %.17g", i, j,
                            actual, expected));
                }
                worst = Math.max(worst, deviation);
            }
        }
        return Verification.ok(String.format("%dx%d grid after %d iterations matches the reference (max deviation %.3g)",
                n, n, in.iterations(), worst));
    }

    /** Two flat arrays swapped each iteration; the inner loop is unit-stride so the JIT vectorises it. */
    static double[] iterate(Grid grid) {
        int n = grid.side();
        double[] current = grid.cells().clone();
        double[] next = grid.cells().clone();
        for (int iteration = 0; iteration < grid.iterations(); iteration++) {
            for (int i = 1; i < n - 1; i++) {
                int rowEnd = i * n + n - 1;
                for (int k = i * n + 1; k < rowEnd; k++) {
                    next[k] = 0.25 * ((current[k - n] + current[k + n]) + (current[k - 1] + current[k + 1]));
                }
            }
            double[] swap = current;
            current = next;
            next = swap;
        }
        return current;
    }

    /** The textbook version, written independently of {@link #iterate}: a new 2-D grid per iteration. */
    static double[][] reference(Grid grid) {
        int n = grid.side();
        double[][] cells = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(grid.cells(), i * n, cells[i], 0, n);
        }
        for (int iteration = 0; iteration < grid.iterations(); iteration++) {
            double[][] updated = new double[n][];
            for (int i = 0; i < n; i++) {
                updated[i] = cells[i].clone();
            }
            for (int i = 1; i < n - 1; i++) {
                for (int j = 1; j < n - 1; j++) {
                    double vertical = cells[i - 1][j] + cells[i + 1][j];
                    double horizontal = cells[i][j - 1] + cells[i][j + 1];
                    updated[i][j] = 0.25 * (vertical + horizontal);
                }
            }
            cells = updated;
        }
        return cells;
    }

    private static byte[] encode(int tag, Grid grid) {
        ByteBuffer buffer = BlockFormat.allocate(tag, HEADER_BYTES - 4 + grid.cells().length * Double.BYTES);
        buffer.putInt(grid.side()).putInt(grid.iterations());
        BlockFormat.putDoubles(buffer, grid.cells());
        return BlockFormat.array(buffer);
    }

    private static Grid decode(byte[] bytes, int tag, String what) {
        ByteBuffer buffer = BlockFormat.open(bytes, tag, what, HEADER_BYTES);
        int side = buffer.getInt();
        int iterations = buffer.getInt();
        if (side < 1 || side > 46_340 || iterations < 0) {
            throw new IllegalArgumentException(what + " has side " + side + " and " + iterations + " iterations");
        }
        BlockFormat.expectRemaining(buffer, (long) side * side * Double.BYTES, what);
        return new Grid(side, iterations, BlockFormat.getDoubles(buffer, side * side));
    }
}
