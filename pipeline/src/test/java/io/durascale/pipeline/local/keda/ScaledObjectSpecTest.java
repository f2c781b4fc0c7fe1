package io.durascale.pipeline.local.keda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durascale.pipeline.local.LocalKeda;
import io.durascale.pipeline.local.hpa.ExternalMetricSpec;
import io.durascale.pipeline.local.hpa.HpaSpec;
import io.durascale.pipeline.local.hpa.ScalingBehavior;
import io.durascale.run.RunJson;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ScaledObject's defaults are KEDA's, every bad setting is one sentence naming it, and its JSON is structured. */
class ScaledObjectSpecTest {

    @Test
    void kedaDefaultsAreKedasOwn() {
        ScaledObjectSpec spec = ScaledObjectSpec.kedaDefaults();
        assertThat(spec.pollingInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.cooldownPeriod()).isEqualTo(Duration.ofSeconds(300));
        assertThat(spec.initialCooldownPeriod()).isZero();
        assertThat(spec.minReplicaCount()).isZero();
        assertThat(spec.maxReplicaCount()).isEqualTo(100);
        assertThat(spec.behavior()).contains(ScalingBehavior.kubernetesDefault());
        AzureQueueTrigger trigger = spec.azureQueue();
        assertThat(trigger.queueName()).isEqualTo("compute-jobs");
        assertThat(trigger.queueLength()).isEqualTo(5);
        assertThat(trigger.activationQueueLength()).isZero();
        assertThat(trigger.queueLengthStrategy()).isEqualTo(QueueLengthStrategy.ALL);
    }

    @Test
    void theHpaKedaCreatesHasAtLeastOneReplicaTheMaxTheMetricAndTheBehavior() {
        ExternalMetricSpec metric = new ExternalMetricSpec("s0-azure-queue-compute-jobs", 5);
        ScaledObjectSpec zeroMin = ScaledObjectSpec.kedaDefaults();
        assertThat(zeroMin.hpaFor(metric)).isEqualTo(new HpaSpec(1, 100, metric, zeroMin.behavior()));
        assertThat(ScaledObjectSpec.builder().minReplicaCount(3).maxReplicaCount(7).legacyBehavior().build().hpaFor(metric))
                .isEqualTo(new HpaSpec(3, 7, metric, java.util.Optional.empty()));
    }

    @Test
    void demoIsShortButKeepsKedasTriggerDefaults() {
        ScaledObjectSpec demo = ScaledObjectSpec.demo();
        assertThat(demo.pollingInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(demo.cooldownPeriod()).isEqualTo(Duration.ofSeconds(20));
        assertThat(demo.behavior().orElseThrow().scaleDown().stabilizationWindow()).contains(Duration.ofSeconds(20));
        assertThat(demo.behavior().orElseThrow().scaleUp().policies()).extracting(ScalingBehavior.Policy::period)
                .containsOnly(Duration.ofSeconds(5));
        assertThat(demo.maxReplicaCount()).isEqualTo(4);
        assertThat(demo.minReplicaCount()).isZero();
        assertThat(demo.azureQueue()).isEqualTo(AzureQueueTrigger.of("compute-jobs"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "minReplicaCount=-1                  | minReplicaCount must be 0 or more, got -1",
        "minReplicaCount=5                   | MinReplicaCount=5 must be less than MaxReplicaCount=4",
        "maxReplicaCount=0                   | maxReplicaCount must be at least 1, got 0",
        "pollingInterval=0                   | pollingInterval must be above 0, got 0s",
        "cooldownPeriod=-1                   | cooldownPeriod must be 0 or more, got -1s",
        "initialCooldownPeriod=-1            | initialCooldownPeriod must be 0 or more, got -1s",
    })
    void everyBadSettingIsOneSentenceNamingIt(String setting, String message) {
        String[] nameValue = setting.split("=");
        int value = Integer.parseInt(nameValue[1]);
        UnaryOperator<ScaledObjectSpec.Builder> change = switch (nameValue[0]) {
            case "minReplicaCount" -> b -> b.minReplicaCount(value);
            case "maxReplicaCount" -> b -> b.maxReplicaCount(value);
            case "pollingInterval" -> b -> b.pollingInterval(Duration.ofSeconds(value));
            case "cooldownPeriod" -> b -> b.cooldownPeriod(Duration.ofSeconds(value));
            case "initialCooldownPeriod" -> b -> b.initialCooldownPeriod(Duration.ofSeconds(value));
            default -> throw new AssertionError(setting);
        };
        assertThatThrownBy(() -> change.apply(ScaledObjectSpec.demo().toBuilder()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void aClusterMaySetThousandsOfReplicasButOneMachineRunsAtMostAThousand() {
        ScaledObjectSpec cluster = ScaledObjectSpec.builder().maxReplicaCount(4000).build();
        assertThat(cluster.hpaFor(new ExternalMetricSpec("s0-azure-queue-compute-jobs", 5)).maxReplicas()).isEqualTo(4000);
        assertThatThrownBy(() -> LocalKeda.checkFitsOneMachine(cluster)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxReplicaCount must be 1 to 1000 on one machine, where every pod is a worker process, got 4000");
        assertThat(LocalKeda.checkFitsOneMachine(ScaledObjectSpec.demo())).isEqualTo(ScaledObjectSpec.demo());
    }

    @Test
    void theLocalKedaEmulatesOneTriggerPerScaledObject() {
        ScaledObjectSpec demo = ScaledObjectSpec.demo();
        assertThatThrownBy(() -> new ScaledObjectSpec(demo.pollingInterval(), demo.cooldownPeriod(), Duration.ZERO, 0, 4,
                demo.behavior(), List.of(demo.trigger(), AzureQueueTrigger.of("other-jobs"))))
                .hasMessage("triggers: the local KEDA emulates one trigger per ScaledObject, got 2");
    }

    @Test
    void runJsonGetsTheSpecAsAScaledObjectSpellsItNotJavasToString() {
        assertThat(RunJson.MAPPER.valueToTree(ScaledObjectSpec.demo()).toString()).isEqualTo("{"
                + "\"pollingInterval\":\"2s\",\"cooldownPeriod\":\"20s\",\"initialCooldownPeriod\":\"0s\","
                + "\"minReplicaCount\":0,\"maxReplicaCount\":4,"
                + "\"advanced\":{\"horizontalPodAutoscalerConfig\":{\"behavior\":{"
                + "\"scaleUp\":{\"stabilizationWindow\":\"0s\",\"selectPolicy\":\"Max\",\"policies\":["
                + "{\"type\":\"Percent\",\"value\":100,\"period\":\"5s\"},{\"type\":\"Pods\",\"value\":4,\"period\":\"5s\"}]},"
                + "\"scaleDown\":{\"stabilizationWindow\":\"20s\",\"selectPolicy\":\"Max\",\"policies\":["
                + "{\"type\":\"Percent\",\"value\":100,\"period\":\"5s\"}]}}}},"
                + "\"triggers\":[{\"type\":\"azure-queue\",\"queueName\":\"compute-jobs\",\"queueLength\":5,"
                + "\"activationQueueLength\":0,\"queueLengthStrategy\":\"all\","
                + "\"connection\":{\"source\":\"authenticationRef\",\"name\":\"durascale-worker\"}}]}");
        assertThat(RunJson.MAPPER.valueToTree(ScaledObjectSpec.builder().legacyBehavior().build()).has("advanced"))
                .as("no behavior: no advanced section, as in the ScaledObject").isFalse();
    }
}
