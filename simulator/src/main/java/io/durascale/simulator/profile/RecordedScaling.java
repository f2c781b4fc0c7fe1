package io.durascale.simulator.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.durascale.pipeline.local.hpa.HpaControllerFlags;
import io.durascale.pipeline.local.hpa.ScalingBehavior;
import io.durascale.pipeline.local.keda.AzureQueueTrigger;
import io.durascale.pipeline.local.kube.NodePoolSpec;
import io.durascale.run.RunJson;
import io.durascale.run.timeline.TimelineEvent.KedaSettings;
import java.util.List;
import java.util.Optional;

/**
 * The autoscaling settings a run recorded on its timeline ({@code keda-settings}: the ScaledObject, the HPA
 * controller's flags and the node pool, each as its spec's own JSON), bound to records: the ScaledObject's JSON
 * mirrors {@code ScaledObjectSpec.Description} with the trigger as {@link AzureQueueTrigger.Description}, the
 * others are the specs' own description records.
 */
public record RecordedScaling(ScaledObject scaledObject, HpaControllerFlags.Description hpaController,
                       NodePoolSpec.Description nodePool) {

    /** {@code ScaledObjectSpec.Description}, with its one azure-queue trigger. */
    public record ScaledObject(String pollingInterval, String cooldownPeriod, String initialCooldownPeriod, int minReplicaCount,
                        int maxReplicaCount, Advanced advanced, List<AzureQueueTrigger.Description> triggers) {
    }

    public record Advanced(HpaConfig horizontalPodAutoscalerConfig) {
    }

    public record HpaConfig(ScalingBehavior.Description behavior) {
    }

    /** The line's three parts as records; empty if they are not the current specs' JSON (an older run). */
    public static Optional<RecordedScaling> of(KedaSettings line) {
        try {
            ScaledObject so = RunJson.MAPPER.treeToValue(line.scaledObject(), ScaledObject.class);
            HpaControllerFlags.Description hpa = line.hpaController() == null ? null
                    : RunJson.MAPPER.treeToValue(line.hpaController(), HpaControllerFlags.Description.class);
            NodePoolSpec.Description pool = line.nodePool() == null ? null
                    : RunJson.MAPPER.treeToValue(line.nodePool(), NodePoolSpec.Description.class);
            if (so == null || so.pollingInterval() == null || so.triggers() == null || so.triggers().isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new RecordedScaling(so, hpa, pool));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * What an older run's embedded stack ran when its timeline does not carry the specs' JSON: the demo ScaledObject
     * and HPA flags ({@code ScaledObjectSpec.demo()}, {@code HpaControllerFlags.demo()}, as the embedded load-test target
     * starts from) with the workload's own maxReplicas, queueLength, polling interval and cooldown, on the target's
     * node pool ({@code NodePoolSpec.noDelays()} with its pod start delay).
     */
    static RecordedScaling embeddedDemo(io.durascale.run.LoadWorkload.Scaling s) {
        io.durascale.pipeline.local.keda.ScaledObjectSpec spec = io.durascale.pipeline.local.keda.ScaledObjectSpec.demo()
                .toBuilder().maxReplicaCount(s.maxReplicas()).pollingInterval(java.time.Duration.ofMillis(s.pollingIntervalMs()))
                .cooldownPeriod(java.time.Duration.ofSeconds(s.cooldownS()))
                .azureQueue(q -> q.withQueueLength(s.queueLength())).build();
        ScaledObject so = RunJson.MAPPER.convertValue(RunJson.MAPPER.valueToTree(spec), ScaledObject.class);
        NodePoolSpec pool = NodePoolSpec.noDelays().toBuilder().podStartDelay(java.time.Duration.ofMillis(s.podStartDelayMs()))
                .build();
        return new RecordedScaling(so, HpaControllerFlags.demo().describe(), pool.describe());
    }

    /** The first trigger, the azure-queue one the worker ScaledObject has. */
    AzureQueueTrigger.Description trigger() {
        return scaledObject.triggers().get(0);
    }

    Optional<ScalingBehavior.Description> behavior() {
        return Optional.ofNullable(scaledObject.advanced()).map(Advanced::horizontalPodAutoscalerConfig)
                .map(HpaConfig::behavior);
    }
}
