package io.durascale.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class MatmulKernelTest extends KernelContract {

    private final MatmulKernel kernel = new MatmulKernel();

    @Override
    ComputeKernel kernel() {
        return kernel;
    }

    @Override
    int smallBlockSize() {
        return 70;
    }

    @Test
    void blockedProductEqualsTheNaiveOneOnSizesThatDoNotDivideTheTile() {
        for (int n : new int[] {1, 3, 63, 65, 130}) {
            byte[] input = kernel.generateInput(n, n);
            ByteBuffer in = ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer out = ByteBuffer.wrap(kernel.compute(input)).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i += Math.max(1, n / 7)) {
                for (int j = 0; j < n; j += Math.max(1, n / 5)) {
                    double expected = 0;
                    for (int k = 0; k < n; k++) {
                        expected += in.getDouble(8 + (i * n + k) * 8) * in.getDouble(8 + (n * n + k * n + j) * 8);
                    }
                    assertThat(out.getDouble(8 + (i * n + j) * 8)).as("C[%d][%d] for n=%d", i, j, n)
                            .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-12 * n));
                }
            }
        }
    }

    @Test
    void freivaldsCatchesOneWrongEntry() {
        byte[] input = kernel.generateInput(9, smallBlockSize());
        byte[] output = kernel.compute(input).clone();
        ByteBuffer buffer = ByteBuffer.wrap(output).order(ByteOrder.LITTLE_ENDIAN);
        int offset = 8 + (31 * smallBlockSize() + 40) * 8;
        buffer.putDouble(offset, buffer.getDouble(offset) + 1e-3);
        Verification verification = kernel.verify(input, output);
        assertThat(verification.ok()).isFalse();
        assertThat(verification.detail()).contains("row 31");
    }
}
