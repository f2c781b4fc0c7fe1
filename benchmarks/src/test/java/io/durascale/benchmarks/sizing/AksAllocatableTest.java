package io.durascale.benchmarks.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AksAllocatableTest {

    @Test
    void cpuFollowsTheAksTableAndInterpolatesBetweenRows() {
        assertThat(AksAllocatable.cpuMillis(2)).isEqualTo(1900);
        assertThat(AksAllocatable.cpuMillis(4)).isEqualTo(3860);
        assertThat(AksAllocatable.cpuMillis(8)).isEqualTo(7820);
        assertThat(AksAllocatable.cpuMillis(16)).isEqualTo(15_740);
        assertThat(AksAllocatable.reservedCpuMillis(6)).isEqualTo(160);
        assertThat(AksAllocatable.reservedCpuMillis(96)).isEqualTo(1060);
        assertThatThrownBy(() -> AksAllocatable.cpuMillis(0)).hasMessage("a node has at least 1 vCPU, got 0");
    }

    @Test
    void memoryMatchesTheDocumentsWorkedExamples() {
        // "8 GB, maxPods 30: 8 GB - 0.65 GB kube-reserved - 0.1 GB eviction = 7.25 GB".
        assertThat(AksAllocatable.memoryMiB(8, 30)).isEqualTo(8192 - 650 - 100);
        // "4 GB, maxPods 70: 25 % of 4 GB = 1000 MB, since 1450 MB is larger".
        assertThat(AksAllocatable.memoryMiB(4, 70)).isEqualTo(4096 - 1024 - 100);
        assertThat(AksAllocatable.memoryMiB(16, 110)).isEqualTo(16_384 - 2250 - 100);
    }
}
