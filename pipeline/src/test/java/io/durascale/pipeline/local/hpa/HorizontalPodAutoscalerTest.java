package io.durascale.pipeline.local.hpa;

import io.durascale.pipeline.local.FakeClock;
import io.durascale.pipeline.local.keda.ScaledObjectSpec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The HPA's arithmetic against Kubernetes' documented and coded behaviour, one sync at a time. */
class HorizontalPodAutoscalerTest {

    private static final Instant T0 = FakeClock.START;

    /** Syncs every 15 s from {@code from} replicas with a constant queue; returns the replica count after each sync. */
    private static List<Integer> scaleUpSteps(ScaledObjectSpec spec, int from, long queue, int syncs) {
        HorizontalPodAutoscaler hpa = new HorizontalPodAutoscaler(spec);
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
        assertThat(scaleUpSteps(ScaledObjectSpec.kedaDefaults(), 1, 10_000, 7))
                .containsExactly(1, 5, 10, 20, 40, 80, 100, 100);
    }

    @Test
    void scaleUpIsCappedAtMaxReplicaCount() {
        ScaledObjectSpec spec = ScaledObjectSpec.builder().maxReplicaCount(8).build();
        assertThat(scaleUpSteps(spec, 1, 10_000, 4)).containsExactly(1, 5, 8, 8, 8);
        HorizontalPodAutoscaler hpa = new HorizontalPodAutoscaler(spec);
        assertThat(hpa.reconcile(T0, 5, 5, () -> 10_000).reason()).isEqualTo("TooManyReplicas");
    }

    @Test
    void legacyPathWithoutBehaviorScalesUpToTwiceTheReplicasOrFourPerSync() {
        // What KEDA's HPA gets when the ScaledObject sets no behavior: 1 -> 4 -> 8 -> 16 per 15 s sync.
        ScaledObjectSpec spec = ScaledObjectSpec.builder().legacyBehavior().build();
        assertThat(scaleUpSteps(spec, 1, 10_000, 7)).containsExactly(1, 4, 8, 16, 32, 64, 100, 100);
        ScaledObjectSpec capped = ScaledObjectSpec.builder().legacyBehavior().maxReplicaCount(10).build();
        assertThat(scaleUpSteps(capped, 1, 10_000, 4)).containsExactly(1, 4, 8, 10, 10);
    }

    @Test
    void policiesLimitTheChangeWithinTheirPeriodNotPerSync() {
        // Syncs every 5 s against 15 s policies: growth only once a previous step leaves the period.
        HorizontalPodAutoscaler hpa = new HorizontalPodAutoscaler(ScaledObjectSpec.kedaDefaults());
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
        ScaledObjectSpec spec = ScaledObjectSpec.kedaDefaults().toBuilder()
                .behavior(ScalingBehavior.kubernetesDefault().withScaleDown(
                        ScalingBehavior.kubernetesDefault().scaleDown().withStabilizationWindow(Duration.ZERO)))
                .build();
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
        HorizontalPodAutoscaler.Decision decision = decide(ScaledObjectSpec.kedaDefaults(), 4, 2, 21);
        assertThat(decision.metricReplicas()).isEqualTo(5);
        assertThat(decision.desiredReplicas()).isEqualTo(5);
    }

    private static HorizontalPodAutoscaler.Decision decide(ScaledObjectSpec spec, int current, int status, long queue) {
        return new HorizontalPodAutoscaler(spec).reconcile(T0, current, status, () -> queue);
    }

    @Test
    void scaleDownWaitsForTheStabilizationWindowThenTakesTheHighestRecommendationInIt() {
        HorizontalPodAutoscaler hpa = new HorizontalPodAutoscaler(ScaledObjectSpec.kedaDefaults());
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
        ScaledObjectSpec spec = ScaledObjectSpec.builder().legacyBehavior().downscaleStabilization(Duration.ofSeconds(60))
                .build();
        HorizontalPodAutoscaler hpa = new HorizontalPodAutoscaler(spec);
        assertThat(hpa.reconcile(T0, 8, 8, () -> 40).desiredReplicas()).isEqualTo(8);
        assertThat(hpa.reconcile(T0.plusSeconds(15), 8, 8, () -> 5).desiredReplicas()).isEqualTo(8);
        assertThat(hpa.reconcile(T0.plusSeconds(59), 8, 8, () -> 5).desiredReplicas()).isEqualTo(8);
        // The legacy window is inclusive of its edge (only samples strictly before the cutoff are dropped).
        assertThat(hpa.reconcile(T0.plusSeconds(60), 8, 8, () -> 5).desiredReplicas()).isEqualTo(8);
        assertThat(hpa.reconcile(T0.plusSeconds(61), 8, 8, () -> 5).desiredReplicas()).isEqualTo(1);
    }

    @Test
    void minAndMaxClampWithoutReadingTheMetric() {
        ScaledObjectSpec spec = ScaledObjectSpec.builder().minReplicaCount(2).maxReplicaCount(5).build();
        AtomicInteger reads = new AtomicInteger();
        HorizontalPodAutoscaler hpa = new HorizontalPodAutoscaler(spec);
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
        // minReplicaCount 0: the HPA's minimum is still 1 (KEDA, not the HPA, goes to 0).
        HorizontalPodAutoscaler zeroMin = new HorizontalPodAutoscaler(ScaledObjectSpec.builder().behavior(quick).build());
        assertThat(zeroMin.minReplicas()).isEqualTo(1);
        assertThat(zeroMin.reconcile(T0, 3, 3, () -> 0).desiredReplicas()).isEqualTo(1);
        HorizontalPodAutoscaler twoMin = new HorizontalPodAutoscaler(ScaledObjectSpec.builder().behavior(quick)
                .minReplicaCount(2).build());
        HorizontalPodAutoscaler.Decision decision = twoMin.reconcile(T0, 3, 3, () -> 0);
        assertThat(decision).extracting(HorizontalPodAutoscaler.Decision::desiredReplicas,
                HorizontalPodAutoscaler.Decision::reason).containsExactly(2, "TooFewReplicas");
    }

    @Test
    void atZeroReplicasScalingIsDisabledAndAFailingMetricChangesNothing() {
        HorizontalPodAutoscaler hpa = new HorizontalPodAutoscaler(ScaledObjectSpec.kedaDefaults());
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
        ScaledObjectSpec min = ScaledObjectSpec.builder().behavior(ScalingBehavior.kubernetesDefault()
                .withScaleUp(new ScalingBehavior.Rules(up.stabilizationWindow(), ScalingBehavior.SelectPolicy.MIN,
                        up.policies()))).build();
        // From 1: Percent 100 allows 2, Pods 4 allows 5; Min picks 2, then 4, then 8 (doubling < +4 until 4).
        assertThat(scaleUpSteps(min, 1, 10_000, 4)).containsExactly(1, 2, 4, 8, 12);
        ScaledObjectSpec disabled = ScaledObjectSpec.builder().behavior(ScalingBehavior.kubernetesDefault()
                .withScaleUp(new ScalingBehavior.Rules(Duration.ZERO, ScalingBehavior.SelectPolicy.DISABLED, List.of())))
                .build();
        assertThat(scaleUpSteps(disabled, 3, 10_000, 2)).containsExactly(3, 3, 3);
    }
}
