package io.durascale.pipeline.local.keda;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.pipeline.local.FakeClock;
import io.durascale.pipeline.local.RunTimeline;
import io.durascale.pipeline.local.hpa.HpaControllerFlags;
import io.durascale.pipeline.local.hpa.ScalingBehavior;
import io.durascale.pipeline.local.kube.FakePodLauncher;
import io.durascale.pipeline.local.kube.LocalDeployment;
import io.durascale.pipeline.local.kube.NodePoolSpec;
import io.durascale.run.timeline.Timeline;
import io.durascale.run.timeline.TimelineEvent.HpaDecision;
import io.durascale.run.timeline.TimelineEvent.KedaDecision;
import io.durascale.run.timeline.TimelineEvent.ScalerReading;
import io.durascale.run.timeline.TimelineEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KEDA's activation, cooldown and deactivation, and the HPA between them, on a fake clock with a
 * fake queue and fake pods: the scaling decisions of a whole run in milliseconds.
 */
class ScaledObjectControllerTest {

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();
    private final FakeQueueMetric queue = new FakeQueueMetric();
    private final FakePodLauncher launcher = new FakePodLauncher();
    private Timeline timeline;
    private LocalDeployment deployment;
    private ScaledObjectController keda;

    private <E extends TimelineEvent> List<E> lines(Class<E> kind) {
        return RunTimeline.read(dir.resolve("timeline.jsonl"), kind);
    }

    private void start(ScaledObjectSpec spec) {
        start(spec, 0);
    }

    private void start(ScaledObjectSpec spec, int initialReplicas) {
        timeline = Timeline.to(dir.resolve("timeline.jsonl"));
        deployment = new LocalDeployment("worker", NodePoolSpec.noDelays(), launcher, timeline, clock);
        deployment.scale(initialReplicas);
        keda = new ScaledObjectController(spec, new AzureQueueScaler(spec.azureQueue(), 0, queue),
                HpaControllerFlags.kubernetesDefaults(), deployment, timeline, clock);
        keda.runDue();
        deployment.reconcile();
    }

    /** Moves the clock a second at a time, running what falls due, as the control loop does. */
    private void advance(Duration duration) {
        for (long s = 0; s < duration.toSeconds(); s++) {
            clock.advance(Duration.ofSeconds(1));
            deployment.reconcile();
            keda.runDue();
            deployment.reconcile();
        }
    }

    @AfterEach
    void closeTimeline() {
        if (timeline != null) {
            timeline.close();
        }
    }

    @Test
    void withActivationQueueLength5ThreeMessagesKeepZeroReplicasAndEightBringOne() {
        start(ScaledObjectSpec.builder().azureQueue(q -> q.withActivationQueueLength(5)).build());
        queue.messages(3);
        advance(Duration.ofMinutes(5));
        assertThat(deployment.specReplicas()).isZero();
        assertThat(launcher.starts).isEmpty();
        assertThat(keda.scaleHandler().isActive()).isFalse();

        queue.messages(8);
        advance(Duration.ofSeconds(29));
        assertThat(deployment.specReplicas()).as("before the next KEDA check").isZero();
        advance(Duration.ofSeconds(1));
        assertThat(lines(ScalerReading.class)).last().satisfies(line -> {
            assertThat(line.value()).isEqualTo(8L);
            assertThat(line.active()).isTrue();
            assertThat(line.metric()).isEqualTo("s0-azure-queue-compute-jobs");
            assertThat(line.activationQueueLength()).isEqualTo(5L);
        });
        // KEDA activates to exactly 1, although 8 messages / 5 would be 2: going further is the HPA's job ...
        assertThat(lines(KedaDecision.class)).last().satisfies(line -> {
            assertThat(line.action()).isEqualTo("activate");
            assertThat(line.from()).isZero();
            assertThat(line.to()).isEqualTo(1);
        });
        // ... and the HPA, whose 15 s sync falls on the same instant (after KEDA), takes it to ceil(8/5) = 2.
        assertThat(lines(HpaDecision.class)).last().satisfies(line -> {
            assertThat(line.current()).isEqualTo(1);
            assertThat(line.desired()).isEqualTo(2);
            assertThat(line.metric()).isEqualTo(8.0);
            assertThat(line.target()).isEqualTo(5.0);
        });
        assertThat(deployment.specReplicas()).isEqualTo(2);
        assertThat(deployment.readyReplicas()).isEqualTo(2);
    }

    @Test
    void activationIsStrictlyAboveTheThreshold() {
        start(ScaledObjectSpec.builder().azureQueue(q -> q.withActivationQueueLength(5)).build());
        queue.messages(5);
        advance(Duration.ofSeconds(60));
        assertThat(deployment.specReplicas()).isZero();
        queue.messages(6);
        advance(Duration.ofSeconds(30));
        assertThat(kedaActions()).endsWith("activate");
        assertThat(deployment.specReplicas()).isPositive();
    }

    @Test
    void replicasStayZeroWhileIdle() {
        start(ScaledObjectSpec.kedaDefaults());
        advance(Duration.ofMinutes(15));
        assertThat(deployment.specReplicas()).isZero();
        assertThat(launcher.starts).isEmpty();
        // A check every 30 s from t=0, each one "idle"; the HPA said once that it is disabled at 0.
        assertThat(kedaActions()).hasSize(31).containsOnly("idle");
        assertThat(lines(HpaDecision.class)).singleElement()
                .satisfies(line -> assertThat(line.reason()).isEqualTo("ScalingDisabled"));
    }

    @Test
    void cooldownIsHonouredFromTheLastActiveCheck() {
        start(ScaledObjectSpec.kedaDefaults());
        queue.messages(3);
        advance(Duration.ofSeconds(60));           // checks at 0, 30, 60 are active: lastActiveTime = 60 s
        assertThat(deployment.specReplicas()).isEqualTo(1);
        assertThat(keda.scaleHandler().lastActiveTime()).contains(FakeClock.START.plusSeconds(60));

        queue.messages(0);
        for (int second = 61; second <= 360; second++) {
            advance(Duration.ofSeconds(1));
            assertThat(deployment.specReplicas()).as("still cooling down at %d s", clock.seconds()).isEqualTo(1);
        }
        // 360 s is lastActive + cooldown exactly: KEDA scales down only strictly after, at its next check.
        advance(Duration.ofSeconds(29));
        assertThat(deployment.specReplicas()).isEqualTo(1);
        advance(Duration.ofSeconds(1));
        assertThat(deployment.specReplicas()).as("at the first check after the cooldown (390 s)").isZero();
        assertThat(deployment.pods()).isEmpty();
        assertThat(kedaActions()).containsSubsequence("active", "cooldown", "deactivate").endsWith("deactivate");
    }

    @Test
    void deactivationGoesStraightToZeroFromAnyCount() {
        // A scale-down window longer than the cooldown keeps the HPA at 4 until KEDA deactivates.
        ScalingBehavior slowDown = ScalingBehavior.kubernetesDefault().withScaleDown(
                ScalingBehavior.kubernetesDefault().scaleDown().withStabilizationWindow(Duration.ofSeconds(600)));
        start(ScaledObjectSpec.builder().behavior(slowDown).cooldownPeriod(Duration.ofSeconds(60)).build());
        queue.messages(20);
        advance(Duration.ofSeconds(30));            // activated at 30 s, and the HPA's sync at 30 s takes it to 4
        assertThat(deployment.specReplicas()).isEqualTo(4);
        queue.messages(0);
        advance(Duration.ofSeconds(60));            // 90 s = lastActive + cooldown: not yet
        assertThat(deployment.specReplicas()).isEqualTo(4);
        advance(Duration.ofSeconds(30));
        assertThat(deployment.specReplicas()).isZero();
        KedaDecision deactivate = lines(KedaDecision.class).stream()
                .filter(line -> "deactivate".equals(line.action())).findFirst().orElseThrow();
        assertThat(deactivate.from()).isEqualTo(4);
        assertThat(deactivate.to()).isZero();
        assertThat(deactivate.lastActive()).isEqualTo(FakeClock.START.plusSeconds(30).toEpochMilli());
    }

    @Test
    void theHpaTakesOverBetweenOneAndMaxFollowingThePolicies() {
        queue.messages(10_000);
        start(ScaledObjectSpec.builder().maxReplicaCount(12).build());
        // t=0: KEDA activates to 1 and the HPA, syncing right after, goes to 5; then 10 at 15 s, 12 (max) at 30 s.
        assertThat(deployment.specReplicas()).isEqualTo(5);
        advance(Duration.ofSeconds(14));
        assertThat(deployment.specReplicas()).isEqualTo(5);
        advance(Duration.ofSeconds(1));
        assertThat(deployment.specReplicas()).isEqualTo(10);
        advance(Duration.ofSeconds(15));
        assertThat(deployment.specReplicas()).isEqualTo(12);
        assertThat(lines(HpaDecision.class)).extracting(HpaDecision::desired).startsWith(5, 10, 12);
    }

    @Test
    void initialCooldownPeriodAppliesWhenTheTriggerWasNeverActive() {
        start(ScaledObjectSpec.builder().initialCooldownPeriod(Duration.ofSeconds(60)).build(), 2);
        assertThat(deployment.specReplicas()).isEqualTo(2);
        advance(Duration.ofSeconds(89));
        assertThat(deployment.specReplicas()).as("60 s is not strictly after creation + 60 s").isEqualTo(2);
        advance(Duration.ofSeconds(1));
        assertThat(deployment.specReplicas()).isZero();
    }

    @Test
    void minReplicaCountKeepsReplicasAndActivatesToIt() {
        start(ScaledObjectSpec.builder().minReplicaCount(2).build());
        assertThat(deployment.specReplicas()).as("KEDA raises a target below its minimum").isEqualTo(2);
        queue.messages(0);
        advance(Duration.ofMinutes(10));
        assertThat(deployment.specReplicas()).as("never below minReplicaCount").isEqualTo(2);
    }

    @Test
    void aFailingScalerChangesNothing() {
        start(ScaledObjectSpec.builder().cooldownPeriod(Duration.ofSeconds(30)).build());
        queue.messages(3);
        advance(Duration.ofSeconds(30));
        assertThat(deployment.specReplicas()).isEqualTo(1);
        queue.failure = new IllegalStateException("queue not answering\nsecond line");
        advance(Duration.ofMinutes(5));
        assertThat(deployment.specReplicas()).as("no scale to zero on errors").isEqualTo(1);
        assertThat(kedaActions()).endsWith("error");
        assertThat(lines(ScalerReading.class)).last().satisfies(line -> {
            assertThat(line.error()).isEqualTo("queue not answering");
            assertThat(line.value()).isNull();
        });
        assertThat(lines(KedaDecision.class)).last()
                .satisfies(line -> assertThat(line.reason()).isEqualTo("the scaler failed; replicas unchanged"));
        assertThat(lines(HpaDecision.class)).last()
                .satisfies(line -> assertThat(line.reason()).isEqualTo("FailedGetExternalMetric"));
    }

    @Test
    void visibleOnlyCountsVisibleMessagesSoInFlightJobsDoNotKeepReplicas() {
        start(ScaledObjectSpec.builder().azureQueue(q -> q.withQueueLengthStrategy(QueueLengthStrategy.VISIBLE_ONLY))
                .cooldownPeriod(Duration.ofSeconds(30)).build());
        queue.visible = 2;
        advance(Duration.ofSeconds(30));
        assertThat(deployment.specReplicas()).isEqualTo(1);
        // The worker took both: invisible now. "all" would stay active; "visibleonly" cools down.
        queue.visible = 0;
        queue.invisible = 2;
        advance(Duration.ofSeconds(90));
        assertThat(deployment.specReplicas()).isZero();
    }

    private List<String> kedaActions() {
        return lines(KedaDecision.class).stream().map(KedaDecision::action).toList();
    }
}
