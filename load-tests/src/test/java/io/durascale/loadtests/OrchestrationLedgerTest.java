package io.durascale.loadtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.loadtests.PartitionSweep.Position;
import io.durascale.run.figures.RunFigures.Orchestration;
import io.durascale.loadtests.probe.LatencyHistograms;
import io.durascale.pipeline.taskhub.TaskHubNames;
import io.durascale.run.Metrics.OrchestrationCounts;
import io.durascale.run.timeline.Timeline;
import io.durascale.run.timeline.TimelineEvent.Orchestrations;
import io.durascale.run.timeline.TimelineFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger as the scenarios feed it: starts, ends, the step each belongs to, and the gates' verdict. */
class OrchestrationLedgerTest {

    @TempDir
    Path dir;
    private Timeline timeline;
    private final LatencyHistograms histograms = new LatencyHistograms();
    private final AtomicReference<Position> step = new AtomicReference<>(new Position(0, 4));
    private final List<String> probed = new ArrayList<>();
    private OrchestrationLedger ledger;

    @BeforeEach
    void open() {
        timeline = Timeline.to(dir.resolve("timeline.jsonl"));
        ledger = new OrchestrationLedger(timeline, histograms, step::get, probed::add);
    }

    @AfterEach
    void close() {
        timeline.close();
    }

    @Test
    void eachOrchestrationBelongsToTheStepItStartedInAndThePartitionItsIdHashesToThere() throws Exception {
        ledger.started("a", 1_000);
        step.set(new Position(1, 8));
        ledger.started("b", 2_000);
        ledger.finished("a", "Completed", 4_000, 3);
        ledger.finished("b", "Failed", 2_500, 0);
        ledger.finished("never-started", "Completed", 3_000, 1);

        assertThat(ledger.finished("a")).contains(new Orchestration("a", 0, TaskHubNames.partitionOf("a", 4), 1_000, 4_000,
                "Completed", 3));
        assertThat(ledger.finishedIn(1)).extracting(Orchestration::id, Orchestration::partition)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b", TaskHubNames.partitionOf("b", 8)));
        assertThat(ledger.counts()).isEqualTo(new OrchestrationCounts(2, 1, 1, 0));
        // Only completions are end-to-end times; every end is handed to the block probe.
        assertThat(histograms.summary(OrchestrationLedger.END_TO_END)).hasValueSatisfying(s -> {
            assertThat(s.count()).isEqualTo(1);
            // HdrHistogram at 3 significant digits: within 0.1%.
            assertThat(s.max()).isCloseTo(3_000.0, org.assertj.core.data.Percentage.withPercentage(0.1));
        });
        assertThat(probed).containsExactly("a", "b");
        timeline.close();
        assertThat(TimelineFile.read(dir.resolve("timeline.jsonl")).of(Orchestrations.class))
                .extracting(Orchestrations::started, Orchestrations::completed, Orchestrations::failed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 0, 0), org.assertj.core.groups.Tuple.tuple(2, 0, 0),
                        org.assertj.core.groups.Tuple.tuple(2, 1, 0), org.assertj.core.groups.Tuple.tuple(2, 1, 1));
    }

    @Test
    void theVerdictNamesEachBreachAndCountsUnfinishedOrchestrationsAsFailed() {
        LoadGates gates = new LoadGates(2_000, 5_000, 0, null);
        assertThat(ledger.verdict(gates)).isEqualTo("no orchestration completed, so its end-to-end time cannot be checked");

        ledger.started("fast", 0);
        ledger.finished("fast", "Completed", 1_000, 1);
        assertThat(ledger.verdict(gates)).isEqualTo("all gates pass");

        ledger.started("slow", 0);
        ledger.finished("slow", "Completed", 6_000, 1);
        ledger.started("stuck", 0);
        String verdict = ledger.verdict(gates);

        // 6 s as HdrHistogram holds it at 3 significant digits.
        long slow = histograms.summary(OrchestrationLedger.END_TO_END).orElseThrow().max().longValue();
        assertThat(slow).isBetween(6_000L, 6_006L);
        assertThat(verdict).isEqualTo("orchestration end-to-end p95 " + slow + " ms is above 2000 ms; "
                + "orchestration end-to-end max " + slow + " ms is above 5000 ms; "
                + "1 orchestration(s) failed or did not finish (at most 0 allowed)");
        assertThat(ledger.lastVerdict()).contains(verdict);
        assertThat(ledger.counts().unfinished()).isEqualTo(1);
        assertThat(ledger.inFlight()).isEqualTo(1);
    }
}
