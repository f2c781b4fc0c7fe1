package io.durascale.loadtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.durascale.loadtests.RunMetrics.Orchestration;
import io.durascale.loadtests.RunMetrics.Step;
import io.durascale.loadtests.RunMetrics.TimelineRecord;
import io.durascale.loadtests.probe.BlockProbe.BlockTimes;
import io.durascale.run.timeline.Timeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each derived figure on a timeline written as the local autoscaler or the observer would write it. */
class RunMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_000_000L;

    private final List<TimelineRecord> timeline = new ArrayList<>();

    private void at(long offset, String kind, Map<String, Object> values) {
        timeline.add(new TimelineRecord(T0 + offset, kind, JSON.valueToTree(values)));
    }

    private static BlockTimes block(long enqueued, long completed) {
        return new BlockTimes("i", Instant.ofEpochMilli(T0 + enqueued), Instant.ofEpochMilli(T0 + completed), 10);
    }

    /** From zero: pods at 1.5 s and 3 s, desired 2, queue empty at 8 s, zero replicas at 28 s. */
    private void aBurstFromZero() {
        at(-5_000, "replicas", Map.of("desired", 0, "current", 0, "ready", 0));
        at(-1_000, "queue", Map.of("queue", "compute-jobs", "depth", 0));
        at(1_000, "queue", Map.of("queue", "compute-jobs", "depth", 10));
        at(1_000, "replicas", Map.of("desired", 1, "current", 1, "ready", 0));
        at(1_500, "pod", Map.of("pod", "w-1", "phase", "Ready"));
        at(1_500, "replicas", Map.of("desired", 1, "current", 1, "ready", 1));
        at(2_000, "replicas", Map.of("desired", 2, "current", 2, "ready", 1));
        at(3_000, "pod", Map.of("pod", "w-2", "phase", "Ready"));
        at(3_000, "replicas", Map.of("desired", 2, "current", 2, "ready", 2));
        at(5_000, "queue", Map.of("queue", "compute-jobs", "depth", 0)); // between enqueues: not drained
        at(6_000, "queue", Map.of("queue", "compute-jobs", "depth", 3));
        at(8_000, "queue", Map.of("queue", "compute-jobs", "depth", 0));
        at(18_000, "replicas", Map.of("desired", 1, "current", 1, "ready", 1));
        at(28_000, "replicas", Map.of("desired", 0, "current", 0, "ready", 0));
    }

    @Test
    void scaleUpRunsFromTheFirstJobEnqueuedToTheFirstReadyPodTheDesiredCountAndTheDrainedQueue() {
        aBurstFromZero();
        List<BlockTimes> blocks = List.of(block(0, 4_000), block(200, 4_500), block(5_500, 7_900));

        Map<String, Object> m = RunMetrics.scaleUp(timeline, blocks, "compute-jobs");

        assertThat(m).containsEntry("firstEnqueue", T0).containsEntry("readyReplicasAtFirstEnqueue", 0)
                .containsEntry("firstEnqueueToFirstReadyMs", 1_500L).containsEntry("peakDesiredReplicas", 2)
                .containsEntry("firstEnqueueToDesiredReplicasMs", 3_000L)
                // The empty reading at 5 s came before the last enqueue (5.5 s): drained is the one at 8 s.
                .containsEntry("firstEnqueueToQueueDrainedMs", 8_000L)
                .containsEntry("firstEnqueueToLastOutputMs", 7_900L);
    }

    @Test
    void warmWorkersAreNotedAndWithoutQueueReadingsTheLastOutputMarksTheDrain() {
        at(-1_000, "replicas", Map.of("desired", 2, "current", 2, "ready", 2));
        List<BlockTimes> blocks = List.of(block(0, 900), block(100, 1_200));

        Map<String, Object> m = RunMetrics.scaleUp(timeline, blocks, "compute-jobs");

        assertThat(m).containsEntry("readyReplicasAtFirstEnqueue", 2).containsEntry("firstEnqueueToFirstReadyMs", null)
                .containsEntry("firstEnqueueToQueueDrainedMs", 1_200L);
        assertThat((String) m.get("note")).contains("already ready");
    }

    @Test
    void scaleToZeroCostsThePodSecondsBetweenTheEmptyQueueAndZeroReplicas() {
        aBurstFromZero();
        long emptyAt = T0 + 8_000;

        Map<String, Object> m = RunMetrics.scaleToZero(timeline, emptyAt, 0.36, "test price");

        // 2 pods from 8 s to 18 s, then 1 pod to 28 s: 30 pod-seconds.
        assertThat(m).containsEntry("reachedZero", true).containsEntry("queueEmptyToZeroReplicasMs", 20_000L)
                .containsEntry("idlePodSeconds", 30.0).containsEntry("podsWhenQueueEmptied", 2L);
        @SuppressWarnings("unchecked")
        Map<String, Object> cost = (Map<String, Object>) m.get("idleCost");
        assertThat((double) cost.get("amount")).isCloseTo(30 / 3600.0 * 0.36, within(1e-6));
        assertThat(cost).containsEntry("pricePerPodHour", 0.36).containsEntry("priceSource", "test price");
    }

    @Test
    void whenZeroIsNotReachedTheIdleTimeRunsToTheLastRecord() {
        at(0, "replicas", Map.of("desired", 3, "current", 3, "ready", 3));
        at(4_000, "queue", Map.of("queue", "compute-jobs", "depth", 0));

        Map<String, Object> m = RunMetrics.scaleToZero(timeline, T0 + 2_000, 1.0, "p");

        assertThat(m).containsEntry("reachedZero", false).containsEntry("queueEmptyToZeroReplicasMs", null)
                .containsEntry("idlePodSeconds", 6.0);
    }

    @Test
    void throughputIsSplitByPartitionOverTheStepsSpanWithItsImbalanceAndStorageBound() {
        Step step = new Step("4-partitions", "Hub", 4, Map.of(), 20.0);
        List<Orchestration> runs = List.of(
                new Orchestration("a", 1, 0, T0, T0 + 1_000, "Completed", 2),
                new Orchestration("b", 1, 0, T0, T0 + 1_500, "Completed", 2),
                new Orchestration("c", 1, 1, T0 + 100, T0 + 2_000, "Completed", 2),
                new Orchestration("d", 1, 3, T0 + 100, T0 + 2_000, "Completed", 2),
                new Orchestration("e", 1, 2, T0 + 100, T0 + 1_900, "Failed", 0));

        Map<String, Object> m = RunMetrics.throughput(step, runs);

        assertThat(m).containsEntry("orchestrations", 4).containsEntry("failed", 1).containsEntry("seconds", 2.0)
                .containsEntry("orchestrationsPerSecond", 2.0).containsEntry("eventsPerSecond", 4.0)
                .containsEntry("perPartition", List.of(1.0, 0.5, 0.0, 0.5))
                .containsEntry("eventsPerSecondPerPartition", List.of(2.0, 1.0, 0.0, 1.0))
                .containsEntry("orchestrationsPerSecondPerPartition", 0.5)
                .containsEntry("imbalance", 2.0)
                .containsEntry("storageBoundOrchestrationsPerSecond", 20.0).containsEntry("fractionOfBound", 0.1);
    }

    @Test
    void aStepIsLimitedByStorageNearItsBoundElseByABusyMachineElseByLatency() {
        assertThat(RunMetrics.limitedBy(0.82, 0.99)).isEqualTo("storage");
        assertThat(RunMetrics.limitedBy(0.15, 0.93)).isEqualTo("machine CPU");
        assertThat(RunMetrics.limitedBy(0.15, 0.40)).startsWith("latency");
        assertThat(RunMetrics.limitedBy(null, null)).startsWith("latency");
        assertThat(RunMetrics.limitedBy(null, 0.85)).isEqualTo("machine CPU");
    }

    @Test
    void imbalanceIsTheBusiestPartitionOverTheMean() {
        assertThat(RunMetrics.imbalance(new double[] {1, 1, 1, 1})).isEqualTo(1.0);
        assertThat(RunMetrics.imbalance(new double[] {4, 0, 0, 0})).isEqualTo(4.0);
        assertThat(RunMetrics.imbalance(new double[] {0, 0})).isEqualTo(0.0);
    }

    @Test
    void readsTheTimelineFileInTimeOrderSkippingATornLastLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("timeline.jsonl");
        try (Timeline t = Timeline.to(file)) {
            t.record(Instant.ofEpochMilli(T0 + 5), "queue", Map.of("queue", "q", "depth", 1));
            t.record(Instant.ofEpochMilli(T0), "replicas", Map.of("desired", 1, "current", 0, "ready", 0));
        }
        Files.writeString(file, "{\"t\": 12, \"kind\": \"po", java.nio.file.StandardOpenOption.APPEND);

        List<TimelineRecord> records = RunMetrics.readTimeline(file);

        assertThat(records).extracting(TimelineRecord::kind).containsExactly("replicas", "queue");
        assertThat(records.get(1).longValue("depth")).isEqualTo(1);
    }
}
