package io.durascale.simulator.model;

import io.durascale.core.job.JobQueues;
import io.durascale.pipeline.local.hpa.HpaControllerFlags;
import io.durascale.pipeline.local.hpa.ScalingBehavior;
import io.durascale.pipeline.local.keda.QueueLengthStrategy;
import io.durascale.pipeline.local.keda.ScaledObjectSpec;
import io.durascale.pipeline.local.kube.NodePoolSpec;
import io.durascale.simulator.profile.Parameter;
import io.durascale.simulator.profile.Profile;
import java.util.List;

/**
 * The ScaledObject, the HPA controller's flags and the node pool a profile describes, as the project's own spec
 * records, which check them (a value they reject is a profile error).
 *
 * @param keda the worker ScaledObject (azure-queue trigger on compute-jobs)
 * @param hpa the HPA controller's flags
 * @param nodePool the worker node pool
 */
public record ClusterSettings(ScaledObjectSpec keda, HpaControllerFlags hpa, NodePoolSpec nodePool) {

    /**
     * @param minReplicas null for the profile's, else a stack's own (a sweep step's fixed workers)
     * @throws IllegalArgumentException in the specs' own words
     */
    public static ClusterSettings of(Profile p, Integer minReplicas, Integer maxReplicas) {
        ScalingBehavior behavior = new ScalingBehavior(
                new ScalingBehavior.Rules(p.duration(Parameter.SCALE_UP_STABILIZATION), ScalingBehavior.SelectPolicy.MAX,
                        List.of(new ScalingBehavior.Policy(ScalingBehavior.PolicyType.PODS, p.integer(Parameter.SCALE_UP_PODS),
                                        p.duration(Parameter.SCALE_UP_PERIOD)),
                                new ScalingBehavior.Policy(ScalingBehavior.PolicyType.PERCENT,
                                        p.integer(Parameter.SCALE_UP_PERCENT), p.duration(Parameter.SCALE_UP_PERIOD)))),
                new ScalingBehavior.Rules(p.duration(Parameter.SCALE_DOWN_STABILIZATION), ScalingBehavior.SelectPolicy.MAX,
                        List.of(new ScalingBehavior.Policy(ScalingBehavior.PolicyType.PERCENT,
                                p.integer(Parameter.SCALE_DOWN_PERCENT), p.duration(Parameter.SCALE_DOWN_PERIOD)))));
        ScaledObjectSpec keda = ScaledObjectSpec.kedaDefaults().toBuilder()
                .pollingInterval(p.duration(Parameter.POLLING_INTERVAL))
                .cooldownPeriod(p.duration(Parameter.COOLDOWN_PERIOD))
                .initialCooldownPeriod(p.duration(Parameter.INITIAL_COOLDOWN_PERIOD))
                .minReplicaCount(minReplicas != null ? minReplicas : p.integer(Parameter.MIN_REPLICAS))
                .maxReplicaCount(maxReplicas != null ? maxReplicas : p.integer(Parameter.MAX_REPLICAS))
                .behavior(behavior)
                .azureQueue(q -> q.withQueueName(JobQueues.DEFAULT_QUEUE).withQueueLength(p.integer(Parameter.QUEUE_LENGTH))
                        .withActivationQueueLength(p.integer(Parameter.ACTIVATION_QUEUE_LENGTH))
                        .withQueueLengthStrategy(QueueLengthStrategy.parse(p.text(Parameter.QUEUE_LENGTH_STRATEGY))))
                .build();
        HpaControllerFlags hpa = new HpaControllerFlags(p.duration(Parameter.HPA_SYNC_PERIOD),
                p.number(Parameter.HPA_TOLERANCE), p.duration(Parameter.HPA_DOWNSCALE_STABILIZATION));
        NodePoolSpec pool = NodePoolSpec.builder().podStartDelay(p.duration(Parameter.POD_START_DELAY))
                .podsPerNode(p.integer(Parameter.PODS_PER_NODE)).initialNodes(p.integer(Parameter.INITIAL_NODES))
                .maxNodes(p.integer(Parameter.MAX_NODES)).nodeProvisioningDelay(p.duration(Parameter.NODE_PROVISIONING_DELAY))
                .removeEmptyNodesAfter(p.duration(Parameter.EMPTY_NODE_REMOVAL)).build();
        return new ClusterSettings(keda, hpa, pool);
    }
}
