package io.durascale.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BlockSizesTest {

    @Test
    void namesScaleTheWorkOfTheDefaultBlockByAboutFourEachWay() {
        // montecarlo's work is linear in paths, stencil's quadratic in the side, matmul's cubic in the order.
        assertThat(BlockSizes.resolve("montecarlo", "small")).isEqualTo(250_000);
        assertThat(BlockSizes.resolve("montecarlo", "default")).isEqualTo(1_000_000);
        assertThat(BlockSizes.resolve("montecarlo", "large")).isEqualTo(4_000_000);
        assertThat(BlockSizes.resolve("stencil", "small")).isEqualTo(128);
        assertThat(BlockSizes.resolve("stencil", "large")).isEqualTo(512);
        assertThat(BlockSizes.resolve("matmul", "small")).isEqualTo(160);
        assertThat(BlockSizes.resolve("matmul", "DEFAULT")).isEqualTo(256);
        assertThat(BlockSizes.resolve("matmul", "large")).isEqualTo(400);
    }

    @Test
    void numbersPassThroughWithinTheKernelsBounds() {
        assertThat(BlockSizes.resolve("stencil", "384")).isEqualTo(384);
        assertThat(BlockSizes.resolve("montecarlo", "2_000_000")).isEqualTo(2_000_000);
        assertThatThrownBy(() -> BlockSizes.resolve("matmul", "9999"))
                .hasMessageContaining("outside 1..4096 for kernel matmul");
        assertThatThrownBy(() -> BlockSizes.resolve("matmul", "huge"))
                .hasMessage("block size 'huge' for kernel matmul is neither a number nor one of small, default, large");
        assertThatThrownBy(() -> BlockSizes.resolve("fft", "default")).hasMessageContaining("unknown kernel 'fft'");
    }
}
