package io.durascale.run.figures;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.run.Metrics.OrchestrationTier;
import io.durascale.run.Metrics.ScaleToZero;
import io.durascale.run.figures.RunFigures.BlockTimes;
import io.durascale.run.timeline.TimelineEvent;
import io.durascale.run.timeline.TimelineEvent.KedaDecision;
import io.durascale.run.timeline.TimelineEvent.PodPhase;
import io.durascale.run.timeline.TimelineEvent.QueueDepth;
import io.durascale.run.timeline.TimelineEvent.Replicas;
import io.durascale.run.timeline.TimelineEvent.ScalerReading;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrchestrationTierFiguresTest {

    private static final String HOSTS = Tiers.ORCHESTRATION;

    /** A start at 1000 with the tier at zero; the scaler answers active at 1500 and 9000, inactive at 10000. */
    private static List<TimelineEvent> coldStart() {
        return List.of(
                new Replicas(0, Tiers.API, 1, 1, 1),
                new Replicas(100, HOSTS, 0, 0, 0),
                reading(900, false),
                reading(1500, true),
                new KedaDecision(1500, HOSTS, "activate", 0, 1, 1500L, null, null, null, null),
                new Replicas(1500, HOSTS, 1, 1, 0),
                new Replicas(4000, HOSTS, 1, 1, 1),
                new Replicas(6000, HOSTS, 2, 2, 2),
                new QueueDepth(5200, "compute-jobs", 3),
                reading(9000, true),
                reading(10000, false),
                new Replicas(15000, HOSTS, 0, 0, 0),
                new Replicas(20000, Tiers.API, 0, 0, 0));
    }

    private static ScalerReading reading(long t, boolean active) {
        return new ScalerReading(t, "external", HOSTS, null, "s0-taskhub-hub-hosts", null, active ? 1L : 0L, null, active, null);
    }

    @Test
    void aColdStartIsTimedFromTheFirstStartRequestMadeAtZero() {
        OrchestrationTier tier = OrchestrationTierFigures.of(coldStart(), List.of(7000L, 1000L), 4500L,
                List.of(new BlockTimes(5000, 8000), new BlockTimes(5100, 8200)), "compute-jobs").orElseThrow();
        assertThat(tier.deployment()).isEqualTo(HOSTS);
        assertThat(tier.startRequestAt()).isEqualTo(1000);
        assertThat(tier.startToTierActiveMs()).isEqualTo(500);
        assertThat(tier.startToFirstHostReadyMs()).isEqualTo(3000);
        assertThat(tier.startToFirstEpisodeMs()).isEqualTo(3500);
        assertThat(tier.startToFirstJobEnqueuedMs()).as("the earliest block").isEqualTo(4000);
        assertThat(tier.lastWorkToZeroReplicasMs()).as("from the last active reading").isEqualTo(6000);
        assertThat(tier.peakReplicas()).isEqualTo(2);
        // 1 host 1500-6000, 2 hosts 6000-15000, 0 after: 4.5 + 18 pod-seconds.
        assertThat(tier.podSeconds()).isEqualTo(22.5);
        assertThat(tier.note()).isNull();
    }

    @Test
    void withoutBlocksTheFirstJobIsTheJobsQueuesFirstDepthAndAnUnknownEpisodeIsNoted() {
        OrchestrationTier tier = OrchestrationTierFigures.of(coldStart(), List.of(1000L), null, List.of(), "compute-jobs")
                .orElseThrow();
        assertThat(tier.startToFirstJobEnqueuedMs()).isEqualTo(4200);
        assertThat(tier.startToFirstEpisodeMs()).isNull();
        assertThat(tier.note()).contains("first episode");
    }

    @Test
    void aStartWhileHostsRunIsNoColdStartAndATierThatNeverScaledHasNoFigures() {
        OrchestrationTier warm = OrchestrationTierFigures.of(coldStart(), List.of(7000L), 7100L, List.of(), "compute-jobs")
                .orElseThrow();
        assertThat(warm.startRequestAt()).isNull();
        assertThat(warm.startToTierActiveMs()).isNull();
        assertThat(warm.peakReplicas()).isEqualTo(2);
        assertThat(warm.note()).contains("no start request was made while the tier was at zero");

        List<TimelineEvent> workersOnly = List.of(new Replicas(0, Tiers.WORKER, 1, 1, 1), new Replicas(10, null, 0, 0, 0));
        assertThat(OrchestrationTierFigures.of(workersOnly, List.of(0L), null, List.of(), "compute-jobs")).isEmpty();
    }

    @Test
    void theWorkerFiguresReadTheWorkerTierAlone() {
        List<TimelineEvent> timeline = List.of(
                new Replicas(0, Tiers.API, 1, 1, 1),
                new Replicas(0, Tiers.WORKER, 2, 2, 2),
                new PodPhase(500, HOSTS + "-1", HOSTS, "Ready", null, null, null, null, null, null, null, null),
                new Replicas(1000, HOSTS, 1, 1, 1),
                new Replicas(3000, Tiers.WORKER, 0, 0, 0),
                new Replicas(9000, Tiers.API, 0, 0, 0));
        assertThat(Tiers.workerTier(timeline)).extracting(TimelineEvent::t).containsExactly(0L, 3000L);
        List<TimelineEvent> unnamed = List.of(new Replicas(0, null, 1, 1, 1),
                new PodPhase(5, "w-1", null, "Ready", null, null, null, null, null, null, null, null));
        assertThat(Tiers.workerTier(unnamed)).as("a line with no deployment is the workers'").isEqualTo(unnamed);
        assertThat(Tiers.deployment(new Replicas(0, null, 1, 1, 1))).isEqualTo(Tiers.WORKER);
        assertThat(Tiers.isWorkerTier("my-workers")).as("a deployment of no other tier: the workers'").isTrue();
        assertThat(List.of(Tiers.API, Tiers.BRIDGE, Tiers.SCALER, HOSTS)).noneMatch(Tiers::isWorkerTier);
        assertThat(List.of(Tiers.WORKER, HOSTS)).allMatch(Tiers::scaledByDefault);
        assertThat(List.of(Tiers.API, Tiers.BRIDGE, Tiers.SCALER)).noneMatch(Tiers::scaledByDefault);
        ScaleToZero zero = RunFigures.scaleToZero(timeline, 1000, 0.048, "test");
        assertThat(zero.reachedZero()).isTrue();
        assertThat(zero.queueEmptyToZeroReplicasMs()).as("the workers', though the API stays up").isEqualTo(2000);
        assertThat(zero.idlePodSeconds()).isEqualTo(4.0);
    }
}
