package io.durascale.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What every kernel promises, run against each reference kernel by its subclass. */
abstract class KernelContract {

    abstract ComputeKernel kernel();

    /** A block size small enough for a quick test. */
    abstract int smallBlockSize();

    @Test
    void inputsAreDeterministicPerSeedAndSizeAndDifferAcrossSeeds() {
        ComputeKernel kernel = kernel();
        byte[] first = kernel.generateInput(42, smallBlockSize());
        assertThat(kernel.generateInput(42, smallBlockSize())).isEqualTo(first);
        assertThat(Kernels.load(getClass().getClassLoader()).get(kernel.name()).generateInput(42, smallBlockSize()))
                .isEqualTo(first);
        assertThat(kernel.generateInput(43, smallBlockSize())).isNotEqualTo(first);
        assertThat(kernel.generateInput(42, smallBlockSize() + 1)).isNotEqualTo(first);
    }

    @Test
    void computeIsAPureFunctionOfTheInputAndItsOutputVerifies() {
        ComputeKernel kernel = kernel();
        for (long seed = 1; seed <= 5; seed++) {
            byte[] input = kernel.generateInput(seed, smallBlockSize());
            byte[] copy = input.clone();
            byte[] output = kernel.compute(input);
            assertThat(input).as("compute must not modify its input").isEqualTo(copy);
            assertThat(kernel.compute(input)).isEqualTo(output);
            Verification verification = kernel.verify(input, output);
            assertThat(verification.ok()).as("seed %d: %s", seed, verification.detail()).isTrue();
            assertThat(verification.detail()).isNotBlank();
        }
    }

    @Test
    void defaultBlockSizeComputesAndVerifies() {
        ComputeKernel kernel = kernel();
        byte[] input = kernel.generateInput(7, kernel.defaultBlockSize());
        Verification verification = kernel.verify(input, kernel.compute(input));
        assertThat(verification.ok()).as(verification.detail()).isTrue();
    }

    @Test
    void verifyRejectsAnOutputOfAnotherInput() {
        ComputeKernel kernel = kernel();
        byte[] input = kernel.generateInput(1, smallBlockSize());
        byte[] otherOutput = kernel.compute(kernel.generateInput(2, smallBlockSize()));
        assertThat(kernel.verify(input, otherOutput).ok()).isFalse();
    }

    @Test
    void verifyRejectsTruncatedOrForeignBytesWithAReason() {
        ComputeKernel kernel = kernel();
        byte[] input = kernel.generateInput(1, smallBlockSize());
        byte[] output = kernel.compute(input);
        Verification truncated = kernel.verify(input, Arrays.copyOf(output, output.length - 1));
        assertThat(truncated.ok()).isFalse();
        assertThat(truncated.detail()).isNotBlank();
        assertThat(kernel.verify(input, input).ok()).as("an input is not an output").isFalse();
        assertThat(kernel.verify(input, new byte[0]).ok()).isFalse();
    }

    @Test
    void computeRejectsBytesThatAreNotItsInput() {
        ComputeKernel kernel = kernel();
        byte[] output = kernel.compute(kernel.generateInput(1, smallBlockSize()));
        assertThatThrownBy(() -> kernel.compute(output)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(kernel.name());
        assertThatThrownBy(() -> kernel.compute("hello".getBytes())).isInstanceOf(IllegalArgumentException.class);
        byte[] input = kernel.generateInput(1, smallBlockSize());
        assertThatThrownBy(() -> kernel.compute(Arrays.copyOf(input, input.length - 8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
