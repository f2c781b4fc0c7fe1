package io.durascale.core.kernel;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * Cache-blocked dense matrix multiply C = A·B of two N×N double matrices: 2N³ flops on 3N² data,
 * so it is compute-bound when tiled and memory-bound when not. The block size is the order N.
 * {@link #verify} uses Freivalds' check — A(Br) against Cr for random vectors r — which costs
 * O(N²) instead of recomputing the O(N³) product.
 *
 * <p>Input ({@code MMI1}, little-endian): N (int), then A and B, N×N doubles each, row-major.
 * Output ({@code MMO1}): N, then C.
 */
public final class MatmulKernel implements ComputeKernel {

    public static final String NAME = "matmul";
    static final int INPUT_TAG = BlockFormat.tag("MMI1");
    static final int OUTPUT_TAG = BlockFormat.tag("MMO1");
    private static final int HEADER_BYTES = 4 + Integer.BYTES;
    /** 64×64 doubles = 32 KiB per tile: a tile of B and a row strip of C stay in L1/L2. */
    private static final int TILE = 64;
    private static final int FREIVALDS_ROUNDS = 2;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "cache-blocked dense matrix multiply C = A*B, checked with Freivalds' algorithm; "
                + "block size = matrix order N (two N x N inputs)";
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
        int cells = blockSize * blockSize;
        ByteBuffer buffer = BlockFormat.allocate(INPUT_TAG, HEADER_BYTES - 4 + 2 * cells * Double.BYTES);
        buffer.putInt(blockSize);
        double[] values = new double[cells];
        for (int matrix = 0; matrix < 2; matrix++) {
            for (int k = 0; k < cells; k++) {
                values[k] = 2 * random.nextDouble() - 1;
            }
            BlockFormat.putDoubles(buffer, values);
        }
        return BlockFormat.array(buffer);
    }

    @Override
    public byte[] compute(byte[] input) {
        ByteBuffer in = openInput(input);
        int n = in.getInt();
        double[] a = BlockFormat.getDoubles(in, n * n);
        double[] b = BlockFormat.getDoubles(in, n * n);
        double[] c = multiply(n, a, b);
        ByteBuffer out = BlockFormat.allocate(OUTPUT_TAG, HEADER_BYTES - 4 + n * n * Double.BYTES);
        out.putInt(n);
        BlockFormat.putDoubles(out, c);
        return BlockFormat.array(out);
    }

    @Override
    public Verification verify(byte[] input, byte[] output) {
        int n;
        double[] a;
        double[] b;
        double[] c;
        try {
            ByteBuffer in = openInput(input);
            n = in.getInt();
            a = BlockFormat.getDoubles(in, n * n);
            b = BlockFormat.getDoubles(in, n * n);
            ByteBuffer out = BlockFormat.open(output, OUTPUT_TAG, "matmul output", HEADER_BYTES);
            int side = out.getInt();
            if (side != n) {
                return Verification.failed("output is " + side + "x" + side + ", the input is " + n + "x" + n);
            }
            BlockFormat.expectRemaining(out, (long) n * n * Double.BYTES, "matmul output");
            c = BlockFormat.getDoubles(out, n * n);
        } catch (IllegalArgumentException e) {
            return Verification.failed(e.getMessage());
        }
        SplittableRandom random = new SplittableRandom(0x5EEDL * 31 + n);
        double epsilon = Math.ulp(1.0);
        double worstRatio = 0;
        for (int round = 0; round < FREIVALDS_ROUNDS; round++) {
            double[] r = new double[n];
            double[] absR = new double[n];
            for (int j = 0; j < n; j++) {
                r[j] = 2 * random.nextDouble() - 1;
                absR[j] = Math.abs(r[j]);
            }
            double[] abr = times(n, a, times(n, b, r));
            double[] cr = times(n, c, r);
            // Rounding bound per row: a few n·ε times |A|(|B||r|).
            double[] bound = times(n, abs(a), times(n, abs(b), absR));
            for (int i = 0; i < n; i++) {
                double deviation = Math.abs(abr[i] - cr[i]);
                double allowed = 4 * n * epsilon * bound[i] + Double.MIN_NORMAL;
                if (!(deviation <= allowed)) {
                    return Verification.failed(String.format(
                            "Freivalds check failed in row %d (round %d): (A(Br))_i = %.17g but (Cr)_i = %.17g", i,
                            round + 1, abr[i], cr[i]));
                }
                worstRatio = Math.max(worstRatio, deviation / allowed);
            }
        }
        return Verification.ok(String.format("%dx%d product passes %d Freivalds rounds (worst row at %.2g of its bound)", n,
                n, FREIVALDS_ROUNDS, worstRatio));
    }

    /** Tiles of C accumulate over tiles of A and B; the innermost loop is a unit-stride axpy the JIT vectorises. */
    static double[] multiply(int n, double[] a, double[] b) {
        double[] c = new double[n * n];
        for (int i0 = 0; i0 < n; i0 += TILE) {
            int i1 = Math.min(i0 + TILE, n);
            for (int j0 = 0; j0 < n; j0 += TILE) {
                int j1 = Math.min(j0 + TILE, n);
                for (int k0 = 0; k0 < n; k0 += TILE) {
                    int k1 = Math.min(k0 + TILE, n);
                    for (int i = i0; i < i1; i++) {
                        int row = i * n;
                        for (int k = k0; k < k1; k++) {
                            double aik = a[row + k];
                            int bRow = k * n;
                            for (int j = j0; j < j1; j++) {
                                c[row + j] += aik * b[bRow + j];
                            }
                        }
                    }
                }
            }
        }
        return c;
    }

    private static double[] times(int n, double[] matrix, double[] vector) {
        double[] result = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            int row = i * n;
            for (int j = 0; j < n; j++) {
                sum += matrix[row + j] * vector[j];
            }
            result[i] = sum;
        }
        return result;
    }

    private static double[] abs(double[] values) {
        double[] result = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            result[k] = Math.abs(values[k]);
        }
        return result;
    }

    private static ByteBuffer openInput(byte[] input) {
        ByteBuffer in = BlockFormat.open(input, INPUT_TAG, "matmul input", HEADER_BYTES);
        int n = in.getInt();
        if (n < 1 || n > 32_768) {
            throw new IllegalArgumentException("matmul input has order " + n);
        }
        BlockFormat.expectRemaining(in, 2L * n * n * Double.BYTES, "matmul input");
        in.position(HEADER_BYTES - Integer.BYTES);
        return in;
    }
}
