package io.durascale.reports.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.reports.SyntheticRun;
import io.durascale.run.Metrics;
import io.durascale.run.RunDirectory;
import io.durascale.run.RunReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionThroughputTest {

    @TempDir
    Path tmp;

    @Test
    void thePartitionsNeededAreTheFewestWithinTenPercentOfTheBest() {
        Path run = tmp.resolve("run");
        SyntheticRun.in(run).taskhubBench();

        PartitionThroughput p = PartitionThroughput.of(RunReader.read(run));

        // 31, 55.2, 83.6, 88.1 orchestrations/s at 1, 2, 4, 8: 83.6 is 95% of 88.1.
        assertThat(p.primarySeries()).contains("taskhub-bench HelloCities5");
        assertThat(p.needed().orElseThrow().partitions()).isEqualTo(4);
    }

    @Test
    void theLoadTestWinsOverTheBenchmarkAndImbalanceIsDerivedWhenAbsent() {
        Path run = tmp.resolve("run");
        SyntheticRun.in(run).taskhubBench();
        RunDirectory.create(run, "x").write(new Metrics("embedded", null, null, null, null, null,
                List.of(step(1, 2.0, List.of(2.0)), step(2, 2.1, List.of(1.5, 0.6))), null, null, null, null, null));

        PartitionThroughput p = PartitionThroughput.of(RunReader.read(run));

        assertThat(p.primarySeries()).contains(PartitionThroughput.LOAD_TEST);
        assertThat(p.needed().orElseThrow().partitions()).isEqualTo(1);
        assertThat(p.bySeries().get(PartitionThroughput.LOAD_TEST).get(1).imbalance()).isEqualTo(1.5 / 1.05);
    }

    /** A load-test step with only its rate and per-partition split: the imbalance is left for the report to derive. */
    private static Metrics.PartitionStep step(int partitions, double rate, List<Double> perPartition) {
        return new Metrics.PartitionStep(partitions + "-partitions", null, partitions, 0, 0, null, rate, null, perPartition, null,
                null, null, null, null, null, null, null);
    }
}
