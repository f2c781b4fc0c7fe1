package io.durascale.pipeline.local.keda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durascale.pipeline.local.hpa.ScalingBehavior;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A ScaledObject read from a manifest: KEDA's and the API server's defaults for what it leaves out,
 * the same checks as a spec built in Java, and one line naming the file and the field for what is wrong.
 * WorkerChartScaledObjectTest reads what the real chart renders.
 */
class ScaledObjectManifestTest {

    private static final String SOURCE = "worker.yaml";
    private static final String PREFIX = SOURCE + ": ScaledObject perf-durascale-worker: ";

    /** A rendered stream: a TriggerAuthentication, then the ScaledObject with {@code spec} lines and one trigger. */
    private static String manifest(String specLines, String trigger) {
        return String.join("\n",
                "---",
                "# Source: durascale-worker/templates/triggerauthentication.yaml",
                "apiVersion: keda.sh/v1alpha1",
                "kind: TriggerAuthentication",
                "metadata:",
                "  name: perf-durascale-worker",
                "spec:",
                "  secretTargetRef:",
                "    - parameter: connection",
                "      name: durascale-storage",
                "      key: connectionString",
                "---",
                "# Source: durascale-worker/templates/scaledobject.yaml",
                "apiVersion: keda.sh/v1alpha1",
                "kind: ScaledObject",
                "metadata:",
                "  name: perf-durascale-worker",
                "spec:",
                "  scaleTargetRef:",
                "    apiVersion: apps/v1",
                "    kind: Deployment",
                "    name: perf-durascale-worker",
                specLines,
                "  triggers:",
                trigger,
                "");
    }

    private static String trigger(String metadataLines) {
        return String.join("\n",
                "    - type: azure-queue",
                "      metadata:",
                "        queueName: \"batch-jobs\"",
                metadataLines,
                "      authenticationRef:",
                "        name: perf-durascale-worker");
    }

    private static ScaledObjectManifest parse(String yaml) {
        return ScaledObjectManifest.parse(yaml, SOURCE);
    }

    @Test
    void whatTheManifestLeavesOutTakesKedasDefaultsAndNoBehaviorIsTheLegacyPath() {
        ScaledObjectManifest read = parse(manifest("", trigger("")));
        assertThat(read.name()).isEqualTo("perf-durascale-worker");
        assertThat(read.scaleTargetName()).isEqualTo("perf-durascale-worker");
        assertThat(read.spec()).isEqualTo(ScaledObjectSpec.kedaDefaults().toBuilder().legacyBehavior()
                .trigger(AzureQueueTrigger.of("batch-jobs")
                        .withConnection(AzureQueueTrigger.Connection.authenticationRef("perf-durascale-worker")))
                .build());
    }

    @Test
    void everyFieldIsReadAndAPartialBehaviorIsCompletedAsTheApiServerDoes() {
        ScaledObjectManifest read = parse(manifest(String.join("\n",
                "  pollingInterval: 5",
                "  cooldownPeriod: 60",
                "  initialCooldownPeriod: 10",
                "  minReplicaCount: 1",
                "  maxReplicaCount: 50",
                "  advanced:",
                "    horizontalPodAutoscalerConfig:",
                "      behavior:",
                "        scaleDown:",
                "          policies:",
                "            - type: Pods",
                "              value: 2",
                "              periodSeconds: 30"),
                trigger(String.join("\n",
                        "        queueLength: \"8\"",
                        "        activationQueueLength: \"3\"",
                        "        queueLengthStrategy: \"visibleonly\""))));
        ScaledObjectSpec spec = read.spec();
        assertThat(spec.pollingInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(spec.cooldownPeriod()).isEqualTo(Duration.ofSeconds(60));
        assertThat(spec.initialCooldownPeriod()).isEqualTo(Duration.ofSeconds(10));
        assertThat(spec.minReplicaCount()).isEqualTo(1);
        assertThat(spec.maxReplicaCount()).isEqualTo(50);
        assertThat(spec.azureQueue()).isEqualTo(new AzureQueueTrigger("batch-jobs", 8, 3, QueueLengthStrategy.VISIBLE_ONLY,
                AzureQueueTrigger.Connection.authenticationRef("perf-durascale-worker")));
        ScalingBehavior behavior = spec.behavior().orElseThrow();
        assertThat(behavior.scaleUp()).as("no scaleUp: the API server's default rules").isEqualTo(ScalingBehavior.defaultScaleUp());
        assertThat(behavior.scaleDown()).isEqualTo(new ScalingBehavior.Rules(Optional.empty(), ScalingBehavior.SelectPolicy.MAX,
                List.of(new ScalingBehavior.Policy(ScalingBehavior.PolicyType.PODS, 2, Duration.ofSeconds(30)))));
    }

    /** A spec line (or lines) or a trigger metadata line, and the error it gives. */
    static Stream<Arguments> wrongFields() {
        return Stream.of(
                spec("pollingInterval: thirty", "spec.pollingInterval must be a whole number, got \"thirty\""),
                spec("pollingInterval: 0", "spec.pollingInterval must be above 0, got 0s"),
                spec("maxReplicaCount: 0", "spec.maxReplicaCount must be at least 1, got 0"),
                spec("minReplicaCount: 5\nmaxReplicaCount: 2", "spec: MinReplicaCount=5 must be less than MaxReplicaCount=2"),
                spec("idleReplicaCount: 0",
                        "spec.idleReplicaCount is not emulated: the local KEDA scales to 0 or minReplicaCount"),
                spec("fallback:\n  failureThreshold: 3",
                        "spec.fallback is not emulated: a failing scaler leaves the replicas as they are"),
                spec("advanced:\n  scalingModifiers:\n    formula: x",
                        "spec.advanced.scalingModifiers is not emulated: the local KEDA scales on its one trigger's metric"),
                metadata("queueLength: 5",
                        "spec.triggers[0].metadata.queueLength must be a string (quote it, e.g. '5'), as KEDA's CRD requires"),
                metadata("queueLength: \"0\"",
                        "spec.triggers[0].metadata.queueLength must be at least 1 (the messages one replica handles), got 0"),
                metadata("queueLengthStrategy: \"newest\"",
                        "spec.triggers[0].metadata.queueLengthStrategy must be all or visibleonly, got 'newest'"));
    }

    private static Arguments spec(String lines, String message) {
        return Arguments.of(lines.replaceAll("(?m)^", "  "), "", message);
    }

    private static Arguments metadata(String line, String message) {
        return Arguments.of("", "        " + line, message);
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("wrongFields")
    void aWrongFieldIsOneLineNamingTheFileTheObjectAndTheField(String specLines, String metadataLines, String message) {
        String yaml = manifest(specLines, trigger(metadataLines));
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(IllegalArgumentException.class).hasMessage(PREFIX + message);
    }

    @Test
    void theBehaviorIsCheckedWithKubernetesLimitsUnderItsPath() {
        String behavior = String.join("\n",
                "  advanced:",
                "    horizontalPodAutoscalerConfig:",
                "      behavior:",
                "        scaleUp:",
                "          policies:",
                "            - type: Pods",
                "              value: 4",
                "              periodSeconds: 0");
        assertThatThrownBy(() -> parse(manifest(behavior, trigger("")))).hasMessage(PREFIX
                + "spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleUp.policies[0].period must be above 0 and at "
                + "most 1800 s, got 0s");
        assertThatThrownBy(() -> parse(manifest(behavior.replace("periodSeconds: 0", "periodSeconds: 15")
                .replace("scaleUp:", "scaleUp:\n          selectPolicy: max"), trigger("")))).hasMessage(PREFIX
                + "spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleUp.selectPolicy must be Max, Min or Disabled, "
                + "got 'max'");
    }

    @Test
    void onlyTheAzureQueueAndExternalTriggersOnADeploymentAreEmulated() {
        String kafka = String.join("\n",
                "    - type: kafka",
                "      metadata:",
                "        topic: jobs");
        assertThatThrownBy(() -> parse(manifest("", kafka)))
                .hasMessage(PREFIX + "spec.triggers[0].type 'kafka' is not emulated: the local KEDA has the azure-queue "
                + "and external triggers");
        assertThatThrownBy(() -> parse(manifest("", kafka.replace("kafka", "external-push"))))
                .hasMessageStartingWith(PREFIX + "spec.triggers[0].type 'external-push' is not emulated");
        assertThatThrownBy(() -> parse(manifest("", trigger("")).replace("kind: Deployment", "kind: StatefulSet")))
                .hasMessage(PREFIX + "spec.scaleTargetRef.kind must be Deployment (the local stack emulates one), got StatefulSet");
        assertThatThrownBy(() -> parse(manifest("", trigger("") + "\n" + trigger("").replace("batch-jobs", "more-jobs"))))
                .hasMessage(PREFIX + "spec.triggers: the local KEDA emulates one trigger per ScaledObject, got 2");
    }

    /** The orchestration tier's trigger as the pipeline chart renders it. */
    private static String external(String metadataLines) {
        return String.join("\n",
                "    - type: external",
                "      metadata:",
                "        scalerAddress: \"perf-durascale-pipeline-scaler:6000\"",
                "        hub: \"DurascaleHub\"",
                "        partitionCount: \"4\"",
                metadataLines);
    }

    @Test
    void anExternalTriggerKeepsItsAddressAndItsWholeMetadataForTheScaler() {
        ScaledObjectManifest manifest = parse(manifest("  minReplicaCount: 0", external(
                "        maxActivitiesPerWorker: \"10\"\n        connectionFromEnv: AZURE_STORAGE_CONNECTION_STRING")));
        assertThat(manifest.spec().trigger()).isInstanceOfSatisfying(ExternalTrigger.class, trigger -> {
            assertThat(trigger.scalerAddress()).isEqualTo("perf-durascale-pipeline-scaler:6000");
            assertThat(trigger.metadata()).containsExactly(
                    java.util.Map.entry("connectionFromEnv", "AZURE_STORAGE_CONNECTION_STRING"),
                    java.util.Map.entry("hub", "DurascaleHub"),
                    java.util.Map.entry("maxActivitiesPerWorker", "10"),
                    java.util.Map.entry("partitionCount", "4"),
                    java.util.Map.entry("scalerAddress", "perf-durascale-pipeline-scaler:6000"));
        });
    }

    @ParameterizedTest
    @MethodSource
    void aWrongExternalTriggerIsOneLineNamingTheField(String trigger, String message) {
        assertThatThrownBy(() -> parse(manifest("", trigger))).hasMessage(PREFIX + message);
    }

    static Stream<Arguments> aWrongExternalTriggerIsOneLineNamingTheField() {
        return Stream.of(
                Arguments.of(external("").replace("        scalerAddress: \"perf-durascale-pipeline-scaler:6000\"\n", ""),
                        "spec.triggers[0].metadata.scalerAddress is required"),
                Arguments.of(external("").replace("perf-durascale-pipeline-scaler:6000", "perf-scaler"),
                        "spec.triggers[0].metadata.scalerAddress must be host:port (e.g. durascale-scaler:6000), got 'perf-scaler'"),
                Arguments.of(external("").replace(":6000", ":99999"),
                        "spec.triggers[0].metadata.scalerAddress must be host:port (e.g. durascale-scaler:6000), got "
                                + "'perf-durascale-pipeline-scaler:99999'"),
                Arguments.of(external("        enableTLS: \"true\""),
                        "spec.triggers[0].metadata.enableTLS is not emulated: the local KEDA dials the scaler in plain text "
                                + "on this machine"),
                Arguments.of(external("") + "\n      authenticationRef:\n        name: scaler-tls",
                        "spec.triggers[0].authenticationRef is not emulated: the local KEDA dials the scaler in plain text"));
    }

    @Test
    void aFileWithoutExactlyOneScaledObjectIsRefusedWhole() {
        String auth = manifest("", trigger("")).substring(0, manifest("", trigger("")).indexOf("---\n# Source: durascale-worker/templates/scaledobject.yaml"));
        assertThatThrownBy(() -> parse(auth)).hasMessage(SOURCE + ": no KEDA ScaledObject in it (found TriggerAuthentication)");
        String two = manifest("", trigger("")) + manifest("", trigger("")).replace("name: perf-durascale-worker", "name: other");
        assertThatThrownBy(() -> parse(two)).hasMessage(SOURCE + ": 2 ScaledObjects (perf-durascale-worker, other): the local "
                + "stack scales one deployment; give a manifest with one");
        assertThatThrownBy(() -> parse("kind: [ScaledObject")).hasMessageStartingWith(SOURCE + ": not a YAML manifest: ");
        assertThatThrownBy(() -> ScaledObjectManifest.read(java.nio.file.Path.of("no-such-dir", "worker.yaml")))
                .hasMessage("no-such-dir/worker.yaml: no such file (give a manifest, e.g. from helm template)");
    }

    @Test
    void aConnectionStringInTheTriggerNeverReachesAnError() {
        String secret = "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=c2VjcmV0";
        String yaml = manifest("  pollingInterval: 0", trigger("        connection: \"" + secret + "\""));
        assertThatThrownBy(() -> parse(yaml)).hasMessageNotContaining("AccountKey");
    }
}
