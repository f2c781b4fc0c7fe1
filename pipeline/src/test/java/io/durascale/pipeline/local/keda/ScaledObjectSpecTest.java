package io.durascale.pipeline.local.keda;

import io.durascale.pipeline.local.hpa.ScalingBehavior;
import io.durascale.pipeline.local.kube.NodePoolSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The defaults are KEDA's and Kubernetes', and every bad setting is one sentence naming it. */
class ScaledObjectSpecTest {

    @Test
    void kedaDefaultsAreKedasAndKubernetesDefaults() {
        ScaledObjectSpec spec = ScaledObjectSpec.kedaDefaults();
        assertThat(spec.queueLength()).isEqualTo(5);
        assertThat(spec.activationQueueLength()).isZero();
        assertThat(spec.queueLengthStrategy()).isEqualTo(QueueLengthStrategy.ALL);
        assertThat(spec.pollingInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.cooldownPeriod()).isEqualTo(Duration.ofSeconds(300));
        assertThat(spec.initialCooldownPeriod()).isZero();
        assertThat(spec.minReplicaCount()).isZero();
        assertThat(spec.maxReplicaCount()).isEqualTo(100);
        assertThat(spec.hpaMinReplicas()).isEqualTo(1);
        assertThat(spec.syncPeriod()).isEqualTo(Duration.ofSeconds(15));
        assertThat(spec.tolerance()).isEqualTo(0.1);
        ScalingBehavior behavior = spec.behavior().orElseThrow();
        assertThat(behavior.scaleUp().stabilizationWindow()).isZero();
        assertThat(behavior.scaleUp().selectPolicy()).isEqualTo(ScalingBehavior.SelectPolicy.MAX);
        assertThat(behavior.scaleUp().policies()).containsExactlyInAnyOrder(
                new ScalingBehavior.Policy(ScalingBehavior.PolicyType.PERCENT, 100, Duration.ofSeconds(15)),
                new ScalingBehavior.Policy(ScalingBehavior.PolicyType.PODS, 4, Duration.ofSeconds(15)));
        assertThat(behavior.scaleDown().stabilizationWindow()).isEqualTo(Duration.ofSeconds(300));
        assertThat(behavior.scaleDown().policies()).containsExactly(
                new ScalingBehavior.Policy(ScalingBehavior.PolicyType.PERCENT, 100, Duration.ofSeconds(15)));
        assertThat(spec.metricName()).isEqualTo("s0-azure-queue-compute-jobs");
    }

    @Test
    void demoIsShortButKeepsKedasTriggerDefaults() {
        ScaledObjectSpec demo = ScaledObjectSpec.demo();
        assertThat(demo.pollingInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(demo.cooldownPeriod()).isEqualTo(Duration.ofSeconds(20));
        assertThat(demo.syncPeriod()).isEqualTo(Duration.ofSeconds(5));
        assertThat(demo.behavior().orElseThrow().scaleDown().stabilizationWindow()).isEqualTo(Duration.ofSeconds(20));
        assertThat(demo.maxReplicaCount()).isEqualTo(4);
        assertThat(demo.queueLength()).isEqualTo(5);
        assertThat(demo.minReplicaCount()).isZero();
        assertThat(demo.describe()).containsEntry("pollingInterval", "2s").containsEntry("maxReplicaCount", 4);
    }

    @Test
    void everyBadSettingIsOneSentenceNamingIt() {
        expect(b -> b.queueLength(0), "queueLength must be at least 1 (the messages one replica handles), got 0");
        expect(b -> b.activationQueueLength(-1), "activationQueueLength must be 0 or more, got -1");
        expect(b -> b.minReplicaCount(5).maxReplicaCount(3), "MinReplicaCount=5 must be less than MaxReplicaCount=3");
        expect(b -> b.maxReplicaCount(0), "maxReplicaCount must be 1 to 1000, got 0");
        expect(b -> b.pollingInterval(Duration.ZERO), "pollingInterval must be above 0, got 0s");
        expect(b -> b.cooldownPeriod(Duration.ofSeconds(-1)), "cooldownPeriod must be 0 or more, got -1s");
        expect(b -> b.tolerance(1.5), "tolerance must be at least 0 and below 1 (Kubernetes' default is 0.1), got 1.5");
        expect(b -> b.queueName("Bad_Name"), "queue name 'Bad_Name' may only have lower-case letters, digits and single "
                + "dashes, starting and ending with a letter or digit");
        ScalingBehavior noPeriod = ScalingBehavior.kubernetesDefault().withScaleUp(new ScalingBehavior.Rules(Duration.ZERO,
                ScalingBehavior.SelectPolicy.MAX, List.of(new ScalingBehavior.Policy(ScalingBehavior.PolicyType.PODS, 4,
                Duration.ZERO))));
        expect(b -> b.behavior(noPeriod), "behavior.scaleUp.policies[0].period must be above 0 and at most 1800 s, got 0s");
        ScalingBehavior noPolicy = ScalingBehavior.kubernetesDefault().withScaleDown(new ScalingBehavior.Rules(Duration.ZERO,
                ScalingBehavior.SelectPolicy.MAX, List.of()));
        expect(b -> b.behavior(noPolicy), "behavior.scaleDown needs at least one policy (or selectPolicy DISABLED)");
    }

    private static void expect(UnaryOperator<ScaledObjectSpec.Builder> change, String message) {
        assertThatThrownBy(() -> change.apply(ScaledObjectSpec.builder()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void nodePoolSettingsAreCheckedTogether() {
        assertThat(NodePoolSpec.noDelays().podStartDelay()).isZero();
        assertThatThrownBy(() -> NodePoolSpec.builder().initialNodes(3).maxNodes(2).build())
                .hasMessage("maxNodes must be at least 1 and at least initialNodes (3), got 2");
        assertThatThrownBy(() -> NodePoolSpec.builder().podsPerNode(0).build())
                .hasMessage("podsPerNode must be at least 1, got 0");
        assertThatThrownBy(() -> NodePoolSpec.builder().podStartDelay(Duration.ofSeconds(-2)).build())
                .hasMessage("podStartDelay must be 0 or more, got -2s");
    }
}
