package io.durascale.reports.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.reports.SyntheticRun;
import io.durascale.reports.run.RunDirectory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionThroughputTest {

    @TempDir
    Path tmp;

    @Test
    void thePartitionsNeededAreTheFewestWithinTenPercentOfTheBest() {
        Path run = tmp.resolve("run");
        SyntheticRun.in(run).taskhubBench();

        PartitionThroughput p = PartitionThroughput.of(RunDirectory.read(run));

        // 31, 55.2, 83.6, 88.1 orchestrations/s at 1, 2, 4, 8: 83.6 is 95% of 88.1.
        assertThat(p.primarySeries()).contains("taskhub-bench HelloCities5");
        assertThat(p.needed().orElseThrow().partitions()).isEqualTo(4);
    }

    @Test
    void theLoadTestWinsOverTheBenchmarkAndImbalanceIsDerivedWhenAbsent() {
        Path run = tmp.resolve("run");
        SyntheticRun.in(run).taskhubBench().write("metrics.json", SyntheticRun.obj("throughputPerPartition", java.util.List.of(
                SyntheticRun.obj("partitions", 1, "orchestrationsPerSecond", 2.0, "perPartition", java.util.List.of(2.0)),
                SyntheticRun.obj("partitions", 2, "orchestrationsPerSecond", 2.1, "perPartition", java.util.List.of(1.5, 0.6)))));

        PartitionThroughput p = PartitionThroughput.of(RunDirectory.read(run));

        assertThat(p.primarySeries()).contains(PartitionThroughput.LOAD_TEST);
        assertThat(p.needed().orElseThrow().partitions()).isEqualTo(1);
        assertThat(p.bySeries().get(PartitionThroughput.LOAD_TEST).get(1).imbalance()).isEqualTo(1.5 / 1.05);
    }
}
