package io.durascale.pipeline.local.kube;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The nodes of a {@link NodePoolSpec} with the two controllers that act on them: the cluster
 * autoscaler (a node for pods that fit nowhere, up to maxNodes; empty nodes above the initial count
 * removed after their idle time) and the scheduler (a pending pod onto the ready node with the
 * fewest pods, as the default scorer spreads). A node being provisioned counts as room, so pods
 * wait for it rather than asking for another. Used under its deployment's lock.
 */
final class NodePool {

    private final NodePoolSpec spec;
    private final DeploymentTimeline timeline;
    private final List<Node> nodes = new ArrayList<>();
    private int nodeSequence;

    NodePool(NodePoolSpec spec, DeploymentTimeline timeline, Instant now) {
        this.spec = spec;
        this.timeline = timeline;
        for (int i = 0; i < spec.initialNodes(); i++) {
            Node node = addNode(now);
            node.ready = true;
            timeline.node(now, node, "Ready", nodes.size(), "initial");
        }
    }

    /** Nodes whose provisioning delay is over become Ready. */
    void readyNodes(Instant now) {
        for (Node node : nodes) {
            if (!node.ready && !now.isBefore(node.readyAt)) {
                node.ready = true;
                timeline.node(now, node, "Ready", nodes.size(), null);
            }
        }
    }

    /** Cluster autoscaler: add nodes for pods that fit nowhere, up to maxNodes. */
    void provisionNodes(Instant now, List<Pod> pods) {
        long unscheduled = pods.stream().filter(pod -> pod.phase == PodPhase.PENDING && pod.node == null).count();
        if (unscheduled == 0) {
            return;
        }
        long room = 0;
        for (Node node : nodes) {
            room += Math.max(0, spec.podsPerNode() - node.pods);
        }
        long needed = unscheduled - room;
        while (needed > 0 && nodes.size() < spec.maxNodes()) {
            Node node = addNode(now.plus(spec.nodeProvisioningDelay()));
            timeline.node(now, node, "Provisioning", nodes.size(), "pods cannot be scheduled");
            needed -= spec.podsPerNode();
        }
    }

    /** Scheduler: each pending pod, oldest first, onto the ready node with the fewest pods. */
    void schedule(Instant now, List<Pod> pods) {
        // Placing pods only fills nodes: once one pod finds no room, the rest of this pass will not either.
        boolean room = true;
        for (Pod pod : pods) {
            if (pod.phase != PodPhase.PENDING || pod.node != null) {
                continue;
            }
            Node best = null;
            int bestCount = Integer.MAX_VALUE;
            for (int i = 0; room && i < nodes.size(); i++) {
                Node node = nodes.get(i);
                int count = node.pods;
                if (node.ready && count < spec.podsPerNode() && count < bestCount) {
                    best = node;
                    bestCount = count;
                }
            }
            room = best != null;
            if (best == null) {
                if (!pod.unschedulableRecorded) {
                    pod.unschedulableRecorded = true;
                    timeline.pod(now, pod, nodes.size() >= spec.maxNodes()
                            ? "Unschedulable: no node has room and the pool is at maxNodes " + spec.maxNodes()
                            : "Unschedulable: waiting for a node");
                }
                continue;
            }
            pod.node = best;
            best.pods++;
            best.emptySince = null;
            pod.startAt = now.plus(spec.podStartDelay());
            pod.phase = PodPhase.CONTAINER_CREATING;
            timeline.pod(now, pod);
        }
    }

    /** Cluster autoscaler: remove nodes above the initial count that stayed empty long enough. */
    void removeEmptyNodes(Instant now, List<Pod> pods) {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node node = nodes.get(i);
            if (node.pods > 0 || !node.ready) {
                node.emptySince = null;
                continue;
            }
            if (node.emptySince == null) {
                node.emptySince = now;
            }
            if (spec.emptyNodeRemoval().isPresent() && nodes.size() > spec.initialNodes()
                    && !now.isBefore(node.emptySince.plus(spec.emptyNodeRemoval().get()))) {
                nodes.remove(i);
                timeline.node(now, node, "Removed", nodes.size(),
                        "empty for " + spec.emptyNodeRemoval().get().toSeconds() + " s");
            }
        }
    }

    /**
     * The earliest time after which a node changes by itself: a provisioning node becomes Ready, or an empty node
     * above the initial count has been empty long enough to be removed.
     */
    Instant nextDue() {
        Instant next = null;
        boolean removable = spec.emptyNodeRemoval().isPresent() && nodes.size() > spec.initialNodes();
        for (Node node : nodes) {
            Instant due = !node.ready ? node.readyAt
                    : removable && node.emptySince != null ? node.emptySince.plus(spec.emptyNodeRemoval().get()) : null;
            if (due != null && (next == null || due.isBefore(next))) {
                next = due;
            }
        }
        return next;
    }

    /** The nodes, oldest first. */
    List<NodeStatus> statuses(List<Pod> pods) {
        List<NodeStatus> list = new ArrayList<>();
        for (Node node : nodes) {
            list.add(new NodeStatus(node.name, node.ready ? NodeStatus.State.READY : NodeStatus.State.PROVISIONING,
                    node.readyAt, podsOn(node, pods).stream().map(pod -> pod.name).toList()));
        }
        return list;
    }

    /** Pods placed on the node, terminating ones included: they hold their place until they end. */
    private static List<Pod> podsOn(Node node, List<Pod> pods) {
        return pods.stream().filter(pod -> pod.node == node).toList();
    }

    /** A pod placed on a node has ended: it no longer holds its place there. */
    static void released(Pod pod) {
        if (pod.node != null) {
            pod.node.pods--;
        }
    }

    private Node addNode(Instant readyAt) {
        Node node = new Node("node-" + (++nodeSequence), readyAt);
        nodes.add(node);
        return node;
    }
}
