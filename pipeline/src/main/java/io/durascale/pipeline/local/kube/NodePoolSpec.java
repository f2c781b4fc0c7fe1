package io.durascale.pipeline.local.kube;

import com.fasterxml.jackson.annotation.JsonValue;
import io.durascale.core.cli.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A node pool, approximately: how many pods fit on a node, how many nodes there are and may be,
 * and how long a new node and a new pod take, so that a one-machine run can show the delays a
 * cluster adds between "KEDA wants a replica" and "a worker is receiving". Checked here, in the
 * constructor.
 *
 * @param podStartDelay from scheduling to starting the process: image pull and container creation
 * @param podsPerNode pods a node holds (its allocatable CPU and memory over a pod's requests, or maxPods)
 * @param initialNodes nodes ready at the start; the pool never shrinks below this
 * @param maxNodes the cluster autoscaler's upper bound
 * @param nodeProvisioningDelay from "a pod cannot be scheduled" to the new node being Ready
 * @param emptyNodeRemoval how long a node above {@code initialNodes} may stay empty before it is removed
 *     (the cluster autoscaler's scale-down-unneeded-time); empty keeps empty nodes
 */
public record NodePoolSpec(Duration podStartDelay, int podsPerNode, int initialNodes, int maxNodes,
                           Duration nodeProvisioningDelay, Optional<Duration> emptyNodeRemoval) {

    /** Kubernetes' default maxPods per node with kubenet; big enough that pods never wait for a node. */
    public static final int DEFAULT_PODS_PER_NODE = 110;

    public NodePoolSpec {
        notNegative("podStartDelay", podStartDelay);
        if (podsPerNode < 1) {
            throw new IllegalArgumentException("podsPerNode must be at least 1, got " + podsPerNode);
        }
        if (initialNodes < 0) {
            throw new IllegalArgumentException("initialNodes must be 0 or more, got " + initialNodes);
        }
        if (maxNodes < 1 || maxNodes < initialNodes) {
            throw new IllegalArgumentException("maxNodes must be at least 1 and at least initialNodes (" + initialNodes
                    + "), got " + maxNodes);
        }
        notNegative("nodeProvisioningDelay", nodeProvisioningDelay);
        Objects.requireNonNull(emptyNodeRemoval, "emptyNodeRemoval (Optional.empty() keeps empty nodes)");
        emptyNodeRemoval.ifPresent(delay -> notNegative("emptyNodeRemoval", delay));
    }

    /** One node with room for {@value #DEFAULT_PODS_PER_NODE} pods and no delays: pods start as soon as they are created. */
    public static NodePoolSpec noDelays() {
        return new NodePoolSpec(Duration.ZERO, DEFAULT_PODS_PER_NODE, 1, 1, Duration.ZERO, Optional.empty());
    }

    /** A builder starting from {@link #noDelays()}. */
    public static Builder builder() {
        return noDelays().toBuilder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The settings for run.json and the timeline, durations as text; {@code emptyNodeRemoval} {@code never} keeps them. */
    @JsonValue
    public Description describe() {
        return new Description(Durations.format(podStartDelay), podsPerNode, initialNodes, maxNodes,
                Durations.format(nodeProvisioningDelay), emptyNodeRemoval.map(Durations::format).orElse("never"));
    }

    /** {@link #describe()}'s JSON. */
    public record Description(String podStartDelay, int podsPerNode, int initialNodes, int maxNodes,
                              String nodeProvisioningDelay, String emptyNodeRemoval) {
    }

    private static void notNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must be 0 or more, got " + Durations.format(value));
        }
    }

    /** Changes some settings; {@link #build} checks them together. */
    public static final class Builder {
        private Duration podStartDelay;
        private int podsPerNode;
        private int initialNodes;
        private int maxNodes;
        private Duration nodeProvisioningDelay;
        private Optional<Duration> emptyNodeRemoval;

        private Builder(NodePoolSpec from) {
            podStartDelay = from.podStartDelay;
            podsPerNode = from.podsPerNode;
            initialNodes = from.initialNodes;
            maxNodes = from.maxNodes;
            nodeProvisioningDelay = from.nodeProvisioningDelay;
            emptyNodeRemoval = from.emptyNodeRemoval;
        }

        public Builder podStartDelay(Duration value) {
            podStartDelay = value;
            return this;
        }

        public Builder podsPerNode(int value) {
            podsPerNode = value;
            return this;
        }

        public Builder initialNodes(int value) {
            initialNodes = value;
            return this;
        }

        public Builder maxNodes(int value) {
            maxNodes = value;
            return this;
        }

        public Builder nodeProvisioningDelay(Duration value) {
            nodeProvisioningDelay = value;
            return this;
        }

        /** Removes a node above the initial count once it has been empty this long. */
        public Builder removeEmptyNodesAfter(Duration value) {
            emptyNodeRemoval = Optional.of(Objects.requireNonNull(value, "emptyNodeRemoval"));
            return this;
        }

        public Builder keepEmptyNodes() {
            emptyNodeRemoval = Optional.empty();
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first setting that is out of range
         */
        public NodePoolSpec build() {
            return new NodePoolSpec(podStartDelay, podsPerNode, initialNodes, maxNodes, nodeProvisioningDelay,
                    emptyNodeRemoval);
        }
    }
}
