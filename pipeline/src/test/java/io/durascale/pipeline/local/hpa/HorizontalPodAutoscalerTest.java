package io.durascale.pipeline.local.hpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The HPA's arithmetic against Kubernetes' documented and coded behaviour, one sync at a time. */
class HorizontalPodAutoscalerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final HpaControllerFlags FLAGS = HpaControllerFlags.kubernetesDefaults();

    /** The HPA KEDA makes for a queue trigger with queueLength 5, between {@code min} and {@code max}. */
    private static HpaSpec spec(int min, int max, Optional<ScalingBehavior> behavior) {
        return new HpaSpec(min, max, new ExternalMetricSpec("s0-azure-queue-compute-jobs", 5), behavior);
    }

    /** 1..100 with Kubernetes' default behavior. */
    private static HpaSpec defaults() {
        return spec(1, 100, Optional.of(ScalingBehavior.kubernetesDefault()));
    }

    private static HpaSpec withBehavior(ScalingBehavior behavior) {
        return spec(1, 100, Optional.of(behavior));
    }

    private static HpaSpec legacy(int max) {
        return spec(1, max, Optional.empty());
    }

    private static HorizontalPodAutoscaler hpa(HpaSpec spec) {
        return new HorizontalPodAutoscaler(spec, FLAGS);
    }

    /** Syncs every 15 s from {@code from} replicas with a constant queue; returns the replica count after each sync. */
    private static List<Integer> scaleUpSteps(HpaSpec spec, int from, long queue, int syncs) {
        HorizontalPodAutoscaler hpa = hpa(spec);
        List<Integer> steps = new ArrayList<>(List.of(from));
        int replicas = from;
        for (int i = 0; i < syncs; i++) {
            replicas = hpa.reconcile(T0.plusSeconds(15L * i), replicas, replicas, () -> queue).desiredReplicas();
            steps.add(replicas);
        }
        return steps;
    }

    @Test
    void defaultBehaviorScalesUpByTheLargerOfDoublingAndFourPodsPer15Seconds() {
        // Pods 4 beats Percent 100 from 1 (5 > 2); from 5 on, doubling wins (10 > 9).
        assertThat(scaleUpSteps(defaults(), 1, 10_000, 7))
                .containsExactly(1, 5, 10, 20, 40, 80, 100, 100);
    }

    @Test
    void scaleUpIsCappedAtMaxReplicaCount() {
        HpaSpec spec = spec(1, 8, Optional.of(ScalingBehavior.kubernetesDefault()));
        assertThat(scaleUpSteps(spec, 1, 10_000, 4)).containsExactly(1, 5, 8, 8, 8);
        HorizontalPodAutoscaler hpa = hpa(spec);
        assertThat(hpa.reconcile(T0, 5, 5, () -> 10_000).reason()).isEqualTo("TooManyReplicas");
    }

    @Test
    void legacyPathWithoutBehaviorScalesUpToTwiceTheReplicasOrFourPerSync() {
        // What KEDA's HPA gets when the ScaledObject sets no behavior: 1 -> 4 -> 8 -> 16 per 15 s sync.
        assertThat(scaleUpSteps(legacy(100), 1, 10_000, 7)).containsExactly(1, 4, 8, 16, 32, 64, 100, 100);
        assertThat(scaleUpSteps(legacy(10), 1, 10_000, 4)).containsExactly(1, 4, 8, 10, 10);
    }

    @Test
    void policiesLimitTheChangeWithinTheirPeriodNotPerSync() {
        // Syncs every 5 s against 15 s policies: growth only once a previous step leaves the period.
        HorizontalPodAutoscaler hpa = hpa(defaults());
        int replicas = 1;
        List<Integer> steps = new ArrayList<>();
        for (int second = 0; second <= 30; second += 5) {
            HorizontalPodAutoscaler.Decision decision = hpa.reconcile(T0.plusSeconds(second), replicas, replicas, () -> 10_000);
            replicas = decision.desiredReplicas();
            steps.add(replicas);
            if (second == 5) {
                assertThat(decision.reason()).isEqualTo("ScaleUpLimit");
            }
        }
        // t=0: 1->5; t=5,10: the +4 is still within the last 15 s; t=15: the period starts at 5 -> 10; t=30 -> 20.
        assertThat(steps).containsExactly(5, 5, 5, 10, 10, 10, 20);
    }

    @Test
    void withinTheToleranceTheReplicaCountStays() {
        HpaSpec spec = withBehavior(ScalingBehavior.kubernetesDefault().withScaleDown(
                ScalingBehavior.kubernetesDefault().scaleDown().withStabilizationWindow(Duration.ZERO)));
        // 10 pods, target 5 per pod: 50 messages is exactly on target.
        assertThat(decide(spec, 10, 10, 50).desiredReplicas()).isEqualTo(10);
        // 54 = ratio 1.08 and 45 = ratio 0.9 are within 10 %: no change although ceil(54/5)=11 and ceil(45/5)=9.
        assertThat(decide(spec, 10, 10, 54)).extracting(HorizontalPodAutoscaler.Decision::metricReplicas,
                HorizontalPodAutoscaler.Decision::desiredReplicas, HorizontalPodAutoscaler.Decision::rescale)
                .containsExactly(10, 10, false);
        assertThat(decide(spec, 10, 10, 45)).extracting(HorizontalPodAutoscaler.Decision::metricReplicas,
                HorizontalPodAutoscaler.Decision::rescale).containsExactly(10, false);
        // Beyond it: 56 = 1.12 -> 12; 44 = 0.88 -> 9.
        assertThat(decide(spec, 10, 10, 56).desiredReplicas()).isEqualTo(12);
        assertThat(decide(spec, 10, 10, 44).desiredReplicas()).isEqualTo(9);
    }

    @Test
    void theToleranceIsJudgedAgainstThePodsThatExist() {
        // Spec 4 but only 2 pods exist: 21 messages are 2.1 per existing pod's target, so the HPA scales
        // to ceil(21/5) = 5, although 21 against the 4 desired would be within tolerance (1.05).
        HorizontalPodAutoscaler.Decision decision = decide(defaults(), 4, 2, 21);
        assertThat(decision.metricReplicas()).isEqualTo(5);
        assertThat(decision.desiredReplicas()).isEqualTo(5);
    }

    private static HorizontalPodAutoscaler.Decision decide(HpaSpec spec, int current, int status, long queue) {
        return hpa(spec).reconcile(T0, current, status, () -> queue);
    }

    @Test
    void scaleDownWaitsForTheStabilizationWindowThenTakesTheHighestRecommendationInIt() {
        // Kubernetes' default behavior leaves the scale-down window to the controller's flag: 300 s.
        HorizontalPodAutoscaler hpa = hpa(defaults());
        int replicas = 10;
        List<String> trace = new ArrayList<>();
        for (int second = 0; second <= 360; second += 15) {
            // 50 messages (10 pods) until t=30, 30 (6 pods) at t=45, then 10 (2 pods).
            long queue = second <= 30 ? 50 : second == 45 ? 30 : 10;
            HorizontalPodAutoscaler.Decision decision = hpa.reconcile(T0.plusSeconds(second), replicas, replicas, () -> queue);
            replicas = decision.desiredReplicas();
            trace.add(second + "s:" + replicas);
            if (second > 30 && second < 330) {
                assertThat(replicas).as("no drop before the 300 s window passes t=30 (at %d s)", second).isEqualTo(10);
                assertThat(decision.reason()).isEqualTo("ScaleDownStabilized");
            }
        }
        // At 330 s the t=30 sample (10) leaves the window; the highest left is t=45's 6. At 345 s only 2s remain.
        assertThat(trace).contains("315s:10", "330s:6", "345s:2", "360s:2");
    }

    @Test
    void legacyPathHoldsTheHighestRecommendationOfTheDownscaleWindow() {
        HorizontalPodAutoscaler hpa = new HorizontalPodAutoscaler(legacy(100),
                FLAGS.withDownscaleStabilization(Duration.ofSeconds(60)));
        assertThat(hpa.reconcile(T0, 8, 8, () -> 40).desiredReplicas()).isEqualTo(8);
        assertThat(hpa.reconcile(T0.plusSeconds(15), 8, 8, () -> 5).desiredReplicas()).isEqualTo(8);
        assertThat(hpa.reconcile(T0.plusSeconds(59), 8, 8, () -> 5).desiredReplicas()).isEqualTo(8);
        // The legacy window is inclusive of its edge (only samples strictly before the cutoff are dropped).
        assertThat(hpa.reconcile(T0.plusSeconds(60), 8, 8, () -> 5).desiredReplicas()).isEqualTo(8);
        assertThat(hpa.reconcile(T0.plusSeconds(61), 8, 8, () -> 5).desiredReplicas()).isEqualTo(1);
    }

    @Test
    void minAndMaxClampWithoutReadingTheMetric() {
        AtomicInteger reads = new AtomicInteger();
        HorizontalPodAutoscaler hpa = hpa(spec(2, 5, Optional.of(ScalingBehavior.kubernetesDefault())));
        HorizontalPodAutoscaler.Decision below = hpa.reconcile(T0, 1, 1, () -> reads.incrementAndGet());
        assertThat(below).extracting(HorizontalPodAutoscaler.Decision::desiredReplicas,
                HorizontalPodAutoscaler.Decision::reason).containsExactly(2, "TooFewReplicas");
        HorizontalPodAutoscaler.Decision above = hpa.reconcile(T0, 7, 7, () -> reads.incrementAndGet());
        assertThat(above).extracting(HorizontalPodAutoscaler.Decision::desiredReplicas,
                HorizontalPodAutoscaler.Decision::reason).containsExactly(5, "TooManyReplicas");
        assertThat(reads).hasValue(0);
    }

    @Test
    void anEmptyQueueScalesDownToTheHpaMinimumOfAtLeastOne() {
        ScalingBehavior quick = ScalingBehavior.kubernetesDefault().withScaleDown(
                ScalingBehavior.kubernetesDefault().scaleDown().withStabilizationWindow(Duration.ZERO));
        // An HPA's minimum is 1 at least (KEDA, not the HPA, goes to 0).
        HorizontalPodAutoscaler oneMin = hpa(spec(1, 100, Optional.of(quick)));
        assertThat(oneMin.minReplicas()).isEqualTo(1);
        assertThat(oneMin.reconcile(T0, 3, 3, () -> 0).desiredReplicas()).isEqualTo(1);
        HorizontalPodAutoscaler twoMin = hpa(spec(2, 100, Optional.of(quick)));
        HorizontalPodAutoscaler.Decision decision = twoMin.reconcile(T0, 3, 3, () -> 0);
        assertThat(decision).extracting(HorizontalPodAutoscaler.Decision::desiredReplicas,
                HorizontalPodAutoscaler.Decision::reason).containsExactly(2, "TooFewReplicas");
    }

    @Test
    void atZeroReplicasScalingIsDisabledAndAFailingMetricChangesNothing() {
        HorizontalPodAutoscaler hpa = hpa(defaults());
        AtomicInteger reads = new AtomicInteger();
        HorizontalPodAutoscaler.Decision disabled = hpa.reconcile(T0, 0, 0, () -> reads.incrementAndGet() * 1000L);
        assertThat(disabled).extracting(HorizontalPodAutoscaler.Decision::desiredReplicas,
                HorizontalPodAutoscaler.Decision::rescale, HorizontalPodAutoscaler.Decision::reason)
                .containsExactly(0, false, "ScalingDisabled");
        assertThat(reads).hasValue(0);

        HorizontalPodAutoscaler.Decision failed = hpa.reconcile(T0.plusSeconds(15), 3, 3, () -> {
            throw new IllegalStateException("storage down");
        });
        assertThat(failed).extracting(HorizontalPodAutoscaler.Decision::desiredReplicas,
                HorizontalPodAutoscaler.Decision::rescale, HorizontalPodAutoscaler.Decision::reason)
                .containsExactly(3, false, "FailedGetExternalMetric");
    }

    @Test
    void selectPolicyMinTakesTheSmallerLimitAndDisabledForbidsTheDirection() {
        ScalingBehavior.Rules up = ScalingBehavior.kubernetesDefault().scaleUp();
        HpaSpec min = withBehavior(ScalingBehavior.kubernetesDefault()
                .withScaleUp(new ScalingBehavior.Rules(up.stabilizationWindow(), ScalingBehavior.SelectPolicy.MIN,
                        up.policies())));
        // From 1: Percent 100 allows 2, Pods 4 allows 5; Min picks 2, then 4, then 8 (doubling < +4 until 4).
        assertThat(scaleUpSteps(min, 1, 10_000, 4)).containsExactly(1, 2, 4, 8, 12);
        HpaSpec disabled = withBehavior(ScalingBehavior.kubernetesDefault()
                .withScaleUp(new ScalingBehavior.Rules(Duration.ZERO, ScalingBehavior.SelectPolicy.DISABLED, List.of())));
        assertThat(scaleUpSteps(disabled, 3, 10_000, 2)).containsExactly(3, 3, 3);
    }

    @Test
    void aScaleDownWithoutAWindowTakesTheControllersDownscaleStabilization() {
        // maybeInitScaleDownStabilizationWindow: the behavior's scaleDown sets none, so the flag's 60 s holds.
        HorizontalPodAutoscaler hpa = new HorizontalPodAutoscaler(withBehavior(ScalingBehavior.kubernetesDefault()),
                FLAGS.withDownscaleStabilization(Duration.ofSeconds(60)));
        assertThat(hpa.reconcile(T0, 8, 8, () -> 40).desiredReplicas()).isEqualTo(8);
        assertThat(hpa.reconcile(T0.plusSeconds(45), 8, 8, () -> 5).reason()).isEqualTo("ScaleDownStabilized");
        assertThat(hpa.reconcile(T0.plusSeconds(60), 8, 8, () -> 5).desiredReplicas())
                .as("the window's edge is exclusive: the t=0 sample of 8 no longer counts").isEqualTo(1);
    }
}
