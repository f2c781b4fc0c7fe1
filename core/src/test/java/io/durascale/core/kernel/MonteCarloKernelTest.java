package io.durascale.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.durascale.core.kernel.MonteCarloKernel.Estimate;
import io.durascale.core.kernel.MonteCarloKernel.Option;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class MonteCarloKernelTest extends KernelContract {

    private final MonteCarloKernel kernel = new MonteCarloKernel();

    @Override
    ComputeKernel kernel() {
        return kernel;
    }

    @Override
    int smallBlockSize() {
        return 20_000;
    }

    @Test
    void blackScholesMatchesTheTextbookValue() {
        // Hull, Options, Futures and Other Derivatives: S=100, K=100, r=5%, sigma=20%, T=1 -> 10.4506.
        assertThat(MonteCarloKernel.blackScholesCall(new Option(100, 100, 0.05, 0.2, 1, 1, 0))).isCloseTo(10.4506,
                within(1e-4));
    }

    @Test
    void estimateConvergesOnBlackScholesAsPathsGrow() {
        Option small = new Option(100, 105, 0.02, 0.3, 1.5, 10_000, 99);
        Option large = new Option(100, 105, 0.02, 0.3, 1.5, 4_000_000, 99);
        double exact = MonteCarloKernel.blackScholesCall(small);
        Estimate coarse = MonteCarloKernel.simulate(small);
        Estimate fine = MonteCarloKernel.simulate(large);
        assertThat(fine.standardError()).isLessThan(coarse.standardError() / 10);
        assertThat(Math.abs(fine.price() - exact)).isLessThan(5 * fine.standardError());
        assertThat(fine.pairs()).isEqualTo(2_000_000);
    }

    @Test
    void verifyRejectsAShiftedPriceAndAnInflatedError() {
        byte[] input = kernel.generateInput(3, smallBlockSize());
        byte[] output = kernel.compute(input);
        Estimate estimate = MonteCarloKernel.decodeOutput(output);

        byte[] shifted = withEstimate(output, estimate.price() + 10 * estimate.standardError(), estimate.standardError());
        Verification wrongPrice = kernel.verify(input, shifted);
        assertThat(wrongPrice.ok()).isFalse();
        assertThat(wrongPrice.detail()).contains("standard errors");

        // A huge error would excuse any price: the verifier bounds it from the payoff's second moment.
        byte[] inflated = withEstimate(output, estimate.price() + 10 * estimate.standardError(), estimate.standardError() * 1e6);
        assertThat(kernel.verify(input, inflated).ok()).isFalse();
        assertThat(kernel.verify(input, inflated).detail()).contains("exceeds its ceiling");
    }

    @Test
    void tinyBlocksStillHaveAStandardError() {
        byte[] input = kernel.generateInput(5, 1);
        byte[] output = kernel.compute(input);
        Estimate estimate = MonteCarloKernel.decodeOutput(output);
        assertThat(kernel.verify(input, output).ok()).isTrue();
        assertThat(estimate.pairs()).isEqualTo(MonteCarloKernel.MIN_PAIRS);
        assertThat(estimate.standardError()).isPositive();
    }

    private static byte[] withEstimate(byte[] output, double price, double error) {
        byte[] copy = output.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putDouble(4, price).putDouble(12, error);
        return copy;
    }
}
