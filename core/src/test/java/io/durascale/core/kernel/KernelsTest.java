package io.durascale.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KernelsTest {

    @Test
    void referenceKernelsAreFoundThroughTheServiceLoader() {
        assertThat(Kernels.names()).contains("matmul", "montecarlo", "stencil").isSorted();
        assertThat(Kernels.byName("montecarlo")).isInstanceOf(MonteCarloKernel.class);
        assertThat(Kernels.byName("stencil")).isInstanceOf(StencilKernel.class);
        assertThat(Kernels.byName("matmul")).isInstanceOf(MatmulKernel.class);
        assertThat(Kernels.all()).extracting(ComputeKernel::name).containsExactlyElementsOf(Kernels.names());
        // A fresh loader finds the same kernels: discovery is by META-INF/services, not by a hard-coded list.
        assertThat(Kernels.load(getClass().getClassLoader()).keySet()).containsExactlyElementsOf(Kernels.names());
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> Kernels.byName("fft"))
                .isInstanceOf(UnknownKernelException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown kernel 'fft'")
                .hasMessageContaining("matmul, montecarlo, stencil");
    }

    @Test
    void everyKernelDescribesItselfAndBoundsItsBlockSize() {
        for (ComputeKernel kernel : Kernels.all()) {
            assertThat(kernel.description()).as(kernel.name()).isNotBlank().doesNotContain("\n").contains("block size");
            assertThat(kernel.defaultBlockSize()).as(kernel.name()).isBetween(1, kernel.maxBlockSize());
            assertThatThrownBy(() -> kernel.generateInput(1, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("outside 1.." + kernel.maxBlockSize());
            assertThatThrownBy(() -> kernel.generateInput(1, kernel.maxBlockSize() + 1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
