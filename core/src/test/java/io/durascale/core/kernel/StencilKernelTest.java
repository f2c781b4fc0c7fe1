package io.durascale.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class StencilKernelTest extends KernelContract {

    private final StencilKernel kernel = new StencilKernel();

    @Override
    ComputeKernel kernel() {
        return kernel;
    }

    @Override
    int smallBlockSize() {
        return 48;
    }

    @Test
    void verifyRejectsOneCorruptedCellAndNamesIt() {
        byte[] input = kernel.generateInput(11, smallBlockSize());
        byte[] output = kernel.compute(input);
        int n = smallBlockSize();
        int cell = 17 * n + 23;
        ByteBuffer buffer = ByteBuffer.wrap(output.clone()).order(ByteOrder.LITTLE_ENDIAN);
        int offset = 12 + cell * Double.BYTES;
        buffer.putDouble(offset, buffer.getDouble(offset) + 1e-6);
        Verification verification = kernel.verify(input, buffer.array());
        assertThat(verification.ok()).isFalse();
        assertThat(verification.detail()).contains("cell (17,23)");
    }

    @Test
    void heatSpreadsFromTheHotEdgeAndTheEdgesStayFixed() {
        int n = 32;
        byte[] input = kernel.generateInput(5, n);
        ByteBuffer in = ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.wrap(kernel.compute(input)).order(ByteOrder.LITTLE_ENDIAN);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int k = 0; k < n * n; k++) {
            double before = in.getDouble(12 + k * 8);
            min = Math.min(min, before);
            max = Math.max(max, before);
            int i = k / n;
            int j = k % n;
            if (i == 0 || j == 0 || i == n - 1 || j == n - 1) {
                assertThat(out.getDouble(12 + k * 8)).isEqualTo(before);
            }
        }
        // Discrete maximum principle: averaging never leaves the initial range.
        for (int k = 0; k < n * n; k++) {
            assertThat(out.getDouble(12 + k * 8)).isBetween(min, max);
        }
    }
}
