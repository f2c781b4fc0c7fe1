package io.durascale.benchmarks.sizing;

import static io.durascale.benchmarks.sizing.SizingFixtures.aks;
import static io.durascale.benchmarks.sizing.SizingFixtures.measurement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SizingModelTest {

    private static final long MIB = 1024 * 1024;
    private final SizingModel model = new SizingModel(512, 300, 300);
    private final Target million = Target.blocksPerHour(1_000_000);

    @Test
    void packsOneSlotPerVcpuWithAnEqualShareOfTheWorkerCpu() {
        SkuSizing d4 = model.size(aks("Standard_D4s_v5", 4, 16, 0.192), measurement(1_000), million);

        // (3860m allocatable - 300m DaemonSets) / 4 vCPUs = 890m per slot; one slot per pod.
        assertThat(d4.usable()).isTrue();
        assertThat(d4.podsPerNode()).isEqualTo(4);
        assertThat(d4.workerConcurrency()).isEqualTo(1);
        assertThat(d4.cpuRequest()).isEqualTo("890m");
        assertThat(d4.memoryRequest()).isEqualTo("512Mi");
        assertThat(d4.limitedBy()).isEqualTo("cpu");
        // Amdahl from 1.8x at 2 threads: S(4) = 3, efficiency 0.75; 100 x 4 slots x 0.89 CPU x 0.75 = 267 blocks/s.
        assertThat(d4.scalingEfficiency()).isCloseTo(0.75, within(1e-12));
        assertThat(d4.extrapolated()).isTrue();
        assertThat(d4.nodeBlocksPerSecond()).isCloseTo(267.0, within(1e-9));
        // 1,000,000 blocks/hour = 277.8 blocks/s: two nodes.
        assertThat(d4.nodesNeeded()).isEqualTo(2);
        assertThat(d4.costPerHourAtTarget()).isCloseTo(0.384, within(1e-12));
        assertThat(d4.costPerMillionBlocks()).isCloseTo(0.192 / (267.0 * 3600) * 1e6, within(1e-12));
    }

    @Test
    void aTwoVcpuSkuUsesTheMeasuredEfficiency() {
        SkuSizing d2 = model.size(aks("Standard_D2s_v5", 2, 8, 0.096), measurement(1_000), million);
        // (1900m - 300m) / 2 = 800m per slot; 100 x 2 x 0.8 x 0.9 = 144 blocks/s.
        assertThat(d2.extrapolated()).isFalse();
        assertThat(d2.cpuRequest()).isEqualTo("800m");
        assertThat(d2.nodeBlocksPerSecond()).isCloseTo(144.0, within(1e-9));
        assertThat(d2.nodesNeeded()).isEqualTo(2);
        assertThat(d2.basis()).isEqualTo("measured at 2 threads on this machine");
    }

    @Test
    void podMemoryIsTheBaselinePlusTwiceEachSlotOverTheHeapShare() {
        assertThat(model.podMemoryMiB(1, 368)).isEqualTo(512);
        // 2 x 3 MiB / 0.75 = 8 MiB over the baseline, rounded up to a multiple of 64 MiB.
        assertThat(model.podMemoryMiB(1, 3 * MIB)).isEqualTo(576);
        assertThat(model.podMemoryMiB(2, 96 * MIB)).isEqualTo(1024);
    }

    @Test
    void largeBlocksPutSeveralSlotsInOnePodOrRunOutOfMemory() {
        // 1 GiB per slot: a one-slot pod needs 512 + 2731 MiB -> 3264 MiB; four fit in a D4s_v5 (13,734 MiB for workers).
        SkuSizing fits = model.size(aks("Standard_D4s_v5", 4, 16, 0.192), measurement(1024 * MIB), million);
        assertThat(fits.podsPerNode()).isEqualTo(4);
        assertThat(fits.memoryRequest()).isEqualTo("3264Mi");

        // 1.5 GiB per slot: four one-slot pods (4 x 4608 MiB) do not fit, nor two of two or one of four;
        // one pod with three slots (12,800 MiB) does.
        SkuSizing limited = model.size(aks("Standard_D4s_v5", 4, 16, 0.192), measurement(1536 * MIB), million);
        assertThat(limited.limitedBy()).isEqualTo("memory");
        assertThat(limited.podsPerNode()).isEqualTo(1);
        assertThat(limited.workerConcurrency()).isEqualTo(3);
        assertThat(limited.slotsPerNode()).isEqualTo(3);
        assertThat(limited.cpuRequest()).isEqualTo("2670m");

        SkuSizing none = model.size(aks("Standard_F2s_v2", 2, 4, 0.0846), measurement(1024 * MIB), million);
        assertThat(none.usable()).isFalse();
        assertThat(none.unusableReason())
                .isEqualTo("a worker pod with one slot needs 3264 MiB but the node leaves 2672 MiB for workers");
    }

    @Test
    void aBatchTargetNeedsBatchOverDeadlineBlocksPerSecond() {
        Target batch = Target.batch(36_000, Duration.ofMinutes(10));
        assertThat(batch.blocksPerSecond()).isEqualTo(60.0);
        assertThat(batch.describe()).isEqualTo("36,000 blocks within 10m");
        SkuSizing d2 = model.size(aks("Standard_D2s_v5", 2, 8, 0.096), measurement(1_000), batch);
        assertThat(d2.nodesNeeded()).isEqualTo(1);
        assertThatThrownBy(() -> Target.batch(10, Duration.ofMillis(10))).hasMessageContaining("--deadline must be at least 1s");
        assertThatThrownBy(() -> Target.blocksPerHour(0)).hasMessageContaining("--target-blocks-per-hour must be at least 1");
    }

    @Test
    void recommendsTheLowestHourlyCostAtTheTargetAndSaysWhy() {
        List<SkuSizing> sizings = List.of(
                model.size(aks("Standard_D2s_v5", 2, 8, 0.096), measurement(1_000), million),
                model.size(aks("Standard_D4s_v5", 4, 16, 0.192), measurement(1_000), million),
                model.size(aks("Standard_F2s_v2", 2, 4, 0.0846), measurement(1_000), million));
        SizingModel.Recommendation r = SizingModel.recommend(sizings, million, "USD");
        // D2s: 2 nodes $0.192/h; D4s: 2 nodes $0.384/h; F2s: 2 nodes $0.169/h.
        assertThat(r.choice().sku().name()).isEqualTo("Standard_F2s_v2");
        assertThat(r.reason()).isEqualTo("Standard_F2s_v2 meets 1,000,000 blocks/hour with 2 nodes at $0.169/hour "
                + "($0.163 per million blocks), the lowest hourly cost of 3 usable SKUs (next: Standard_D2s_v5, 2 nodes at "
                + "$0.192/hour); its per-core speed was measured on another machine.");
    }

    @Test
    void equalHourlyCostsGoToTheLowerCostPerBlock() {
        // Same price, one node each: the SKU with more allocatable CPU computes more, so its blocks are cheaper.
        Sku small = new Sku("Small", 2, 8, 0.2, "r", "s", "d", 2000, 8000, "fraction", 0);
        Sku big = new Sku("Big", 2, 8, 0.2, "r", "s", "d", 1900, 8000, "fraction", 0);
        SizingModel noDaemonSets = new SizingModel(512, 0, 0);
        Target small10 = Target.blocksPerHour(10);
        SizingModel.Recommendation r = SizingModel.recommend(List.of(noDaemonSets.size(big, measurement(1), small10),
                noDaemonSets.size(small, measurement(1), small10)), small10, "USD");
        assertThat(r.choice().sku().name()).isEqualTo("Small");
        assertThat(r.reason()).contains("the lowest hourly cost of 2 usable SKUs, tied with Big (1 node) but cheaper per "
                + "block ($");
    }

    @Test
    void noUsableSkuIsOneClearError() {
        SkuSizing none = model.size(aks("Standard_F2s_v2", 2, 4, 0.0846), measurement(1024 * MIB), million);
        assertThatThrownBy(() -> SizingModel.recommend(List.of(none), million, "USD"))
                .hasMessage("no SKU in the catalog fits even one worker pod: Standard_F2s_v2 a worker pod with one slot "
                        + "needs 3264 MiB but the node leaves 2672 MiB for workers; add larger VM sizes to the catalog or "
                        + "reduce the block size");
    }
}
