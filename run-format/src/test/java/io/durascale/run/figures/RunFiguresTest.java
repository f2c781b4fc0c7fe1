package io.durascale.run.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.durascale.run.figures.RunFigures.BlockTimes;
import io.durascale.run.figures.RunFigures.Orchestration;
import io.durascale.run.figures.RunFigures.Step;
import io.durascale.run.Metrics.PartitionStep;
import io.durascale.run.Metrics.ScaleToZero;
import io.durascale.run.Metrics.ScaleUp;
import io.durascale.run.timeline.Timeline;
import io.durascale.run.timeline.TimelineEvent;
import io.durascale.run.timeline.TimelineEvent.PodPhase;
import io.durascale.run.timeline.TimelineEvent.QueueDepth;
import io.durascale.run.timeline.TimelineEvent.Replicas;
import io.durascale.run.timeline.TimelineFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each derived figure on a timeline of the events the local autoscaler or the observer would write. */
class RunFiguresTest {

    private static final long T0 = 1_000_000L;
    private static final String JOBS = "compute-jobs";

    private final List<TimelineEvent> timeline = new ArrayList<>();

    private void at(long offset, LongFunction<TimelineEvent> event) {
        timeline.add(event.apply(T0 + offset));
    }

    private static LongFunction<TimelineEvent> replicas(int desired, int current, int ready) {
        return t -> new Replicas(t, "durascale-worker", desired, current, ready);
    }

    private static LongFunction<TimelineEvent> jobs(long depth) {
        return t -> new QueueDepth(t, JOBS, depth);
    }

    private static LongFunction<TimelineEvent> ready(String pod) {
        return t -> new PodPhase(t, pod, "durascale-worker", "Ready", "local", null, null, null, null, null, null, null);
    }

    private static LongFunction<TimelineEvent> running(String pod) {
        return t -> new PodPhase(t, pod, "durascale-worker", "Running", "local", 100L, null, null, null, null, null, null);
    }

    private static BlockTimes block(long enqueued, long completed) {
        return new BlockTimes(T0 + enqueued, T0 + completed);
    }

    /** From zero: pods at 1.5 s and 3 s, desired 2, queue empty at 8 s, zero replicas at 28 s. */
    private void aBurstFromZero() {
        at(-5_000, replicas(0, 0, 0));
        at(-1_000, jobs(0));
        at(1_000, jobs(10));
        at(1_000, replicas(1, 1, 0));
        at(1_100, running("w-1"));
        at(1_500, ready("w-1"));
        at(1_500, replicas(1, 1, 1));
        at(2_000, replicas(2, 2, 1));
        at(2_100, running("w-2"));
        at(3_000, ready("w-2"));
        at(3_000, replicas(2, 2, 2));
        at(5_000, jobs(0)); // between enqueues: not drained
        at(6_000, jobs(3));
        at(8_000, jobs(0));
        at(18_000, replicas(1, 1, 1));
        at(28_000, replicas(0, 0, 0));
    }

    @Test
    void scaleUpRunsFromTheFirstJobEnqueuedToTheFirstReadyPodTheDesiredCountAndTheDrainedQueue() {
        aBurstFromZero();
        List<BlockTimes> blocks = List.of(block(0, 4_000), block(200, 4_500), block(5_500, 7_900));

        ScaleUp m = RunFigures.scaleUp(timeline, blocks, JOBS);

        assertThat(m.firstEnqueue()).isEqualTo(T0);
        assertThat(m.readyReplicasAtFirstEnqueue()).isZero();
        assertThat(m.firstEnqueueToFirstReadyMs()).isEqualTo(1_500L);
        assertThat(m.peakDesiredReplicas()).isEqualTo(2);
        assertThat(m.firstEnqueueToDesiredReplicasMs()).isEqualTo(3_000L);
        // The empty reading at 5 s came before the last enqueue (5.5 s): drained is the one at 8 s.
        assertThat(m.firstEnqueueToQueueDrainedMs()).isEqualTo(8_000L);
        assertThat(m.firstEnqueueToLastOutputMs()).isEqualTo(7_900L);
        // Each pod from its process start (Running) to Ready: 400 ms and 900 ms, median 650 ms.
        assertThat(m.podStarts()).isEqualTo(2);
        assertThat(m.podStartMedianMs()).isEqualTo(650L);
        assertThat(m.note()).isNull();
    }

    @Test
    void aPodThatNeverBecameReadyOrStartedBeforeTheBurstIsNotAPodStart() {
        at(-2_000, running("early"));
        at(1_000, jobs(10));
        at(1_200, ready("early"));
        at(1_500, running("never-ready"));
        at(8_000, jobs(0));
        ScaleUp m = RunFigures.scaleUp(timeline, List.of(block(0, 7_000)), JOBS);
        assertThat(m.podStarts()).isNull();
        assertThat(m.podStartMedianMs()).isNull();
    }

    @Test
    void warmWorkersAreNotedAndWithoutQueueReadingsTheLastOutputMarksTheDrain() {
        at(-1_000, replicas(2, 2, 2));
        List<BlockTimes> blocks = List.of(block(0, 900), block(100, 1_200));

        ScaleUp m = RunFigures.scaleUp(timeline, blocks, JOBS);

        assertThat(m.readyReplicasAtFirstEnqueue()).isEqualTo(2);
        assertThat(m.firstEnqueueToFirstReadyMs()).isNull();
        assertThat(m.firstEnqueueToQueueDrainedMs()).isEqualTo(1_200L);
        assertThat(m.note()).contains("already ready");
    }

    @Test
    void withoutBlocksTheFirstQueuedJobsStartTheScaleUpAndWithoutEitherNothingIsMeasured() {
        ScaleUp nothing = RunFigures.scaleUp(timeline, List.of(), JOBS);
        assertThat(nothing.firstEnqueue()).isNull();
        assertThat(nothing.note()).isEqualTo("no job was seen enqueued");

        aBurstFromZero();
        ScaleUp fromQueue = RunFigures.scaleUp(timeline, List.of(), JOBS);
        assertThat(fromQueue.firstEnqueue()).isEqualTo(T0 + 1_000);
        assertThat(fromQueue.firstEnqueueToLastOutputMs()).isNull();
    }

    @Test
    void scaleToZeroCostsThePodSecondsBetweenTheEmptyQueueAndZeroReplicas() {
        aBurstFromZero();
        long emptyAt = T0 + 8_000;

        ScaleToZero m = RunFigures.scaleToZero(timeline, emptyAt, 0.36, "test price");

        // 2 pods from 8 s to 18 s, then 1 pod to 28 s: 30 pod-seconds.
        assertThat(m.reachedZero()).isTrue();
        assertThat(m.queueEmptyToZeroReplicasMs()).isEqualTo(20_000L);
        assertThat(m.idlePodSeconds()).isEqualTo(30.0);
        assertThat(m.podsWhenQueueEmptied()).isEqualTo(2L);
        assertThat(m.idleCost().amount()).isCloseTo(30 / 3600.0 * 0.36, within(1e-6));
        assertThat(m.idleCost().pricePerPodHour()).isEqualTo(0.36);
        assertThat(m.idleCost().priceSource()).isEqualTo("test price");
        assertThat(m.idleCost().currency()).isEqualTo("USD");
    }

    @Test
    void whenZeroIsNotReachedTheIdleTimeRunsToTheLastRecord() {
        at(0, replicas(3, 3, 3));
        at(4_000, jobs(0));

        ScaleToZero m = RunFigures.scaleToZero(timeline, T0 + 2_000, 1.0, "p");

        assertThat(m.reachedZero()).isFalse();
        assertThat(m.queueEmptyToZeroReplicasMs()).isNull();
        assertThat(m.idlePodSeconds()).isEqualTo(6.0);
    }

    @Test
    void throughputIsSplitByPartitionOverTheStepsSpanWithItsImbalanceAndStorageBound() {
        Step step = new Step("4-partitions", "Hub", 4, null, 20.0);
        List<Orchestration> runs = List.of(
                new Orchestration("a", 1, 0, T0, T0 + 1_000, "Completed", 2),
                new Orchestration("b", 1, 0, T0, T0 + 1_500, "Completed", 2),
                new Orchestration("c", 1, 1, T0 + 100, T0 + 2_000, "Completed", 2),
                new Orchestration("d", 1, 3, T0 + 100, T0 + 2_000, "Completed", 2),
                new Orchestration("e", 1, 2, T0 + 100, T0 + 1_900, "Failed", 0));

        PartitionStep m = RunFigures.throughput(step, runs);

        assertThat(m.orchestrations()).isEqualTo(4);
        assertThat(m.failed()).isEqualTo(1);
        assertThat(m.seconds()).isEqualTo(2.0);
        assertThat(m.orchestrationsPerSecond()).isEqualTo(2.0);
        assertThat(m.eventsPerSecond()).isEqualTo(4.0);
        assertThat(m.perPartition()).containsExactly(1.0, 0.5, 0.0, 0.5);
        assertThat(m.eventsPerSecondPerPartition()).containsExactly(2.0, 1.0, 0.0, 1.0);
        assertThat(m.orchestrationsPerSecondPerPartition()).isEqualTo(0.5);
        assertThat(m.imbalance()).isEqualTo(2.0);
        assertThat(m.storageBoundOrchestrationsPerSecond()).isEqualTo(20.0);
        assertThat(m.fractionOfBound()).isEqualTo(0.1);
        assertThat(m.backend()).isNull();
    }

    @Test
    void aStepWithNothingCompletedHasCountsButNoRates() {
        PartitionStep m = RunFigures.throughput(new Step("2-partitions", "Hub", 2, null, 20.0),
                List.of(new Orchestration("a", 1, 0, T0, T0 + 1_000, "TimedOut", 0)));

        assertThat(m.orchestrations()).isZero();
        assertThat(m.failed()).isEqualTo(1);
        assertThat(m.orchestrationsPerSecond()).isNull();
        assertThat(m.fractionOfBound()).isNull();
    }

    @Test
    void aStepIsLimitedByStorageNearItsBoundElseByABusyMachineElseByLatency() {
        assertThat(RunFigures.limitedBy(0.82, 0.99)).isEqualTo("storage");
        assertThat(RunFigures.limitedBy(0.15, 0.93)).isEqualTo("machine CPU");
        assertThat(RunFigures.limitedBy(0.15, 0.40)).startsWith("latency");
        assertThat(RunFigures.limitedBy(null, null)).startsWith("latency");
        assertThat(RunFigures.limitedBy(null, 0.85)).isEqualTo("machine CPU");
    }

    @Test
    void imbalanceIsTheBusiestPartitionOverTheMean() {
        assertThat(RunFigures.imbalance(new double[] {1, 1, 1, 1})).isEqualTo(1.0);
        assertThat(RunFigures.imbalance(new double[] {4, 0, 0, 0})).isEqualTo(4.0);
        assertThat(RunFigures.imbalance(new double[] {0, 0})).isEqualTo(0.0);
    }

    @Test
    void theFiguresReadAWrittenTimelineInTimeOrderWithATornLastLineSkipped(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("timeline.jsonl");
        try (Timeline t = Timeline.to(file)) {
            // Two writers append in their own order: the figures see them merged by time.
            t.record(new Replicas(T0 + 3_000, "durascale-worker", 0, 0, 0));
            t.record(new QueueDepth(T0 + 1_000, JOBS, 0));
            t.record(new Replicas(T0, "durascale-worker", 1, 1, 1));
        }
        Files.writeString(file, "{\"t\": 12, \"kind\": \"po", java.nio.file.StandardOpenOption.APPEND);

        TimelineFile read = TimelineFile.read(file);
        ScaleToZero m = RunFigures.scaleToZero(read.events(), T0 + 1_000, 3.6, "p");

        assertThat(read.events()).extracting(TimelineEvent::kind).containsExactly("replicas", "queue", "replicas");
        assertThat(read.skippedLines()).isEqualTo(1);
        assertThat(m.podsWhenQueueEmptied()).isEqualTo(1L);
        assertThat(m.queueEmptyToZeroReplicasMs()).isEqualTo(2_000L);
        assertThat(m.idlePodSeconds()).isEqualTo(2.0);
    }
}
