package io.durascale.pipeline.local.kube;

import io.durascale.run.timeline.Timeline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker Deployment on one machine: a ReplicaSet that keeps {@link #specReplicas()} pods,
 * a scheduler that places them on the nodes of a {@link NodePoolSpec}, a cluster autoscaler
 * that adds a node when pods cannot be placed, and the kubelet's part, through a
 * {@link PodLauncher}. Every pod phase and node change goes to the timeline.
 *
 * <p>Nothing here runs by itself: {@link #reconcile()} advances everything to the clock's
 * current time, so a caller drives it from its loop and a test from a fake clock.
 *
 * <p>Approximations, each for a reason:
 * <ul>
 *   <li>Scale-down picks victims as the ReplicaSet controller ranks them ({@code ActivePodsWithRanks}):
 *       unscheduled before scheduled, not yet running before running, not ready before ready,
 *       ready for less time before longer, newer before older. Pod deletion cost and the
 *       "doubled-up on a node" rank are left out: one machine has neither.</li>
 *   <li>A container that exits without being asked is restarted in the same pod after the kubelet's
 *       back-off (10 s, doubling, at most 5 min), shown as {@link PodPhase#CRASH_LOOP_BACK_OFF}.</li>
 *   <li>The scheduler puts a pod on the ready node with the fewest pods (the default scorer spreads);
 *       a new node is added when pending pods exceed the room on all nodes, ready or provisioning.</li>
 * </ul>
 */
public final class LocalDeployment implements ScaleTarget, AutoCloseable {

    /** Long enough for the worker's 25 s drain grace inside the launcher's 30 s termination grace. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(40);
    static final Duration CRASH_BACK_OFF = Duration.ofSeconds(10);
    static final Duration MAX_CRASH_BACK_OFF = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(LocalDeployment.class);

    private final String name;
    private final NodePoolSpec pool;
    private final PodLauncher launcher;
    private final Timeline timeline;
    private final Clock clock;
    private final List<Pod> pods = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private int specReplicas;
    private int podSequence;
    private int nodeSequence;
    private int[] published = {-1, -1, -1};

    /**
     * @param name the deployment's name; pods are {@code <name>-1}, {@code <name>-2}, ...
     */
    public LocalDeployment(String name, NodePoolSpec pool, PodLauncher launcher, Timeline timeline, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.timeline = Objects.requireNonNull(timeline, "timeline");
        this.clock = Objects.requireNonNull(clock, "clock");
        Instant now = clock.instant();
        for (int i = 0; i < pool.initialNodes(); i++) {
            Node node = addNode(now);
            node.ready = true;
            recordNode(now, node, "Ready", "initial");
        }
    }

    public String name() {
        return name;
    }

    @Override
    public synchronized int specReplicas() {
        return specReplicas;
    }

    @Override
    public synchronized int statusReplicas() {
        return (int) pods.stream().filter(pod -> pod.phase.isActive()).count();
    }

    @Override
    public synchronized int readyReplicas() {
        return (int) pods.stream().filter(pod -> pod.phase == PodPhase.READY).count();
    }

    /** Sets the replica count and acts on it at once (creates or terminates pods). */
    @Override
    public synchronized void scale(int replicas) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be 0 or more, got " + replicas);
        }
        specReplicas = replicas;
        reconcile();
    }

    /** The pods that exist, terminating ones included, oldest first. */
    public synchronized List<PodStatus> pods() {
        List<PodStatus> list = new ArrayList<>();
        for (Pod pod : pods) {
            list.add(new PodStatus(pod.name, pod.phase, Optional.ofNullable(pod.node).map(node -> node.name),
                    pod.process == null || pod.process.pid().isEmpty() ? Optional.empty()
                            : Optional.of(pod.process.pid().getAsLong()),
                    pod.createdAt, Optional.ofNullable(pod.readySince)));
        }
        return list;
    }

    /** The nodes of the pool, oldest first. */
    public synchronized List<NodeStatus> nodes() {
        List<NodeStatus> list = new ArrayList<>();
        for (Node node : nodes) {
            list.add(new NodeStatus(node.name, node.ready ? NodeStatus.State.READY : NodeStatus.State.PROVISIONING,
                    node.readyAt, podsOn(node).stream().map(pod -> pod.name).toList()));
        }
        return list;
    }

    /** Advances nodes, pods and processes to the clock's time. */
    public synchronized void reconcile() {
        Instant now = clock.instant();
        readyNodes(now);
        syncReplicas(now);
        provisionNodes(now);
        readyNodes(now);
        schedule(now);
        startContainers(now);
        observeProcesses(now);
        removeEmptyNodes(now);
        publishReplicas(now);
    }

    /** ReplicaSet: create pods up to the spec, or terminate the most deletable ones down to it. */
    private void syncReplicas(Instant now) {
        List<Pod> active = pods.stream().filter(pod -> pod.phase.isActive()).toList();
        int missing = specReplicas - active.size();
        for (int i = 0; i < missing; i++) {
            podSequence++;
            Pod pod = new Pod(name + "-" + podSequence, podSequence, now);
            pods.add(pod);
            recordPod(now, pod, Map.of());
        }
        if (missing < 0) {
            List<Pod> victims = new ArrayList<>(active);
            victims.sort(DELETION_ORDER);
            for (Pod victim : victims.subList(0, -missing)) {
                terminate(now, victim);
            }
        }
    }

    private void terminate(Instant now, Pod pod) {
        pod.readySince = null;
        pod.phase = PodPhase.TERMINATING;
        if (pod.process == null) {
            recordPod(now, pod, Map.of());
            finish(now, pod, PodPhase.SUCCEEDED, Map.of("reason", "deleted before its container started"));
            return;
        }
        pod.process.terminate();
        recordPod(now, pod, Map.of());
    }

    /** Cluster autoscaler: add nodes for pods that fit nowhere, up to maxNodes. */
    private void provisionNodes(Instant now) {
        long unscheduled = pods.stream().filter(pod -> pod.phase == PodPhase.PENDING && pod.node == null).count();
        if (unscheduled == 0) {
            return;
        }
        long room = 0;
        for (Node node : nodes) {
            room += Math.max(0, pool.podsPerNode() - podsOn(node).size());
        }
        long needed = unscheduled - room;
        while (needed > 0 && nodes.size() < pool.maxNodes()) {
            Node node = addNode(now.plus(pool.nodeProvisioningDelay()));
            recordNode(now, node, "Provisioning", "pods cannot be scheduled");
            needed -= pool.podsPerNode();
        }
    }

    private void readyNodes(Instant now) {
        for (Node node : nodes) {
            if (!node.ready && !now.isBefore(node.readyAt)) {
                node.ready = true;
                recordNode(now, node, "Ready", null);
            }
        }
    }

    /** Scheduler: each pending pod, oldest first, onto the ready node with the fewest pods. */
    private void schedule(Instant now) {
        for (Pod pod : pods) {
            if (pod.phase != PodPhase.PENDING || pod.node != null) {
                continue;
            }
            Node best = null;
            int bestCount = Integer.MAX_VALUE;
            for (Node node : nodes) {
                int count = podsOn(node).size();
                if (node.ready && count < pool.podsPerNode() && count < bestCount) {
                    best = node;
                    bestCount = count;
                }
            }
            if (best == null) {
                if (!pod.unschedulableRecorded) {
                    pod.unschedulableRecorded = true;
                    recordPod(now, pod, Map.of("reason", nodes.size() >= pool.maxNodes()
                            ? "Unschedulable: no node has room and the pool is at maxNodes " + pool.maxNodes()
                            : "Unschedulable: waiting for a node"));
                }
                continue;
            }
            pod.node = best;
            best.emptySince = null;
            pod.startAt = now.plus(pool.podStartDelay());
            pod.phase = PodPhase.CONTAINER_CREATING;
            recordPod(now, pod, Map.of());
        }
    }

    /** Kubelet: start containers whose start delay (or crash back-off) is over. */
    private void startContainers(Instant now) {
        for (Pod pod : pods) {
            boolean due = (pod.phase == PodPhase.CONTAINER_CREATING || pod.phase == PodPhase.CRASH_LOOP_BACK_OFF)
                    && !now.isBefore(pod.startAt);
            if (!due) {
                continue;
            }
            try {
                pod.process = launcher.start(pod.name);
            } catch (RuntimeException e) {
                log.warn("pod {} could not start: {}", pod.name, e.getMessage());
                crashed(now, pod, Map.of("reason", "could not start: " + e.getMessage()));
                continue;
            }
            pod.phase = PodPhase.RUNNING;
            recordPod(now, pod, Map.of());
        }
    }

    /** Kubelet: readiness probes and exits. */
    private void observeProcesses(Instant now) {
        for (Pod pod : new ArrayList<>(pods)) {
            if (pod.process == null) {
                continue;
            }
            OptionalInt exit = pod.process.exitCode();
            if (exit.isPresent()) {
                Map<String, Object> values = Map.of("exitCode", exit.getAsInt());
                if (pod.phase == PodPhase.TERMINATING) {
                    finish(now, pod, exit.getAsInt() == 0 ? PodPhase.SUCCEEDED : PodPhase.FAILED, values);
                } else {
                    crashed(now, pod, values);
                }
                continue;
            }
            boolean ready = pod.process.isReady();
            if (pod.phase == PodPhase.RUNNING && ready) {
                pod.phase = PodPhase.READY;
                pod.readySince = now;
                recordPod(now, pod, Map.of());
            } else if (pod.phase == PodPhase.READY && !ready) {
                pod.phase = PodPhase.RUNNING;
                pod.readySince = null;
                recordPod(now, pod, Map.of("reason", "readiness probe failed"));
            }
        }
    }

    private void crashed(Instant now, Pod pod, Map<String, Object> values) {
        pod.process = null;
        pod.readySince = null;
        pod.restarts++;
        long factor = 1L << Math.min(pod.restarts - 1, 20);
        Duration backOff = CRASH_BACK_OFF.multipliedBy(factor);
        if (backOff.compareTo(MAX_CRASH_BACK_OFF) > 0) {
            backOff = MAX_CRASH_BACK_OFF;
        }
        pod.startAt = now.plus(backOff);
        pod.phase = PodPhase.CRASH_LOOP_BACK_OFF;
        Map<String, Object> all = new LinkedHashMap<>(values);
        all.put("restarts", pod.restarts);
        all.put("restartInMs", backOff.toMillis());
        recordPod(now, pod, all);
    }

    private void finish(Instant now, Pod pod, PodPhase phase, Map<String, Object> values) {
        pod.phase = phase;
        recordPod(now, pod, values);
        pods.remove(pod);
    }

    /** Cluster autoscaler: remove nodes above the initial count that stayed empty long enough. */
    private void removeEmptyNodes(Instant now) {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node node = nodes.get(i);
            if (!podsOn(node).isEmpty() || !node.ready) {
                node.emptySince = null;
                continue;
            }
            if (node.emptySince == null) {
                node.emptySince = now;
            }
            if (pool.emptyNodeRemoval().isPresent() && nodes.size() > pool.initialNodes()
                    && !now.isBefore(node.emptySince.plus(pool.emptyNodeRemoval().get()))) {
                nodes.remove(i);
                recordNode(now, node, "Removed", "empty for " + pool.emptyNodeRemoval().get().toSeconds() + " s");
            }
        }
    }

    private void publishReplicas(Instant now) {
        int[] current = {specReplicas, statusReplicas(), readyReplicas()};
        if (!java.util.Arrays.equals(current, published)) {
            published = current;
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("deployment", name);
            values.put("desired", current[0]);
            values.put("current", current[1]);
            values.put("ready", current[2]);
            timeline.record(now, "replicas", values);
        }
    }

    /** Pods placed on the node, terminating ones included: they hold their place until they end. */
    private List<Pod> podsOn(Node node) {
        return pods.stream().filter(pod -> pod.node == node).toList();
    }

    private Node addNode(Instant readyAt) {
        Node node = new Node("node-" + (++nodeSequence), readyAt);
        nodes.add(node);
        return node;
    }

    private void recordPod(Instant now, Pod pod, Map<String, Object> extra) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("pod", pod.name);
        values.put("phase", pod.phase.label());
        values.put("node", pod.node == null ? null : pod.node.name);
        if (pod.process != null && pod.process.pid().isPresent()) {
            values.put("pid", pod.process.pid().getAsLong());
        }
        values.putAll(extra);
        timeline.record(now, "pod", values);
        log.debug("pod {} {}", pod.name, pod.phase);
    }

    private void recordNode(Instant now, Node node, String state, String reason) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("node", node.name);
        values.put("state", state);
        values.put("nodes", nodes.size());
        if (reason != null) {
            values.put("reason", reason);
        }
        timeline.record(now, "node", values);
    }

    /** True while any pod exists, terminating ones included. */
    public synchronized boolean hasPods() {
        return !pods.isEmpty();
    }

    /**
     * Scales to zero and waits (in real time) until every pod has ended; kills what is still
     * running at the timeout. The deployment can be scaled again afterwards.
     */
    public void shutdown(Duration timeout) {
        scale(0);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (hasPods() && System.nanoTime() < deadline) {
            pause(100);
            reconcile();
        }
        if (!hasPods()) {
            return;
        }
        synchronized (this) {
            for (Pod pod : pods) {
                if (pod.process != null) {
                    log.warn("pod {} still running {} s after SIGTERM: killing it", pod.name, timeout.toSeconds());
                    pod.process.kill();
                }
            }
        }
        long killDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (hasPods() && System.nanoTime() < killDeadline) {
            pause(50);
            reconcile();
        }
        synchronized (this) {
            Instant now = clock.instant();
            for (Pod pod : new ArrayList<>(pods)) {
                finish(now, pod, PodPhase.FAILED, Map.of("reason", "did not end after SIGKILL"));
            }
            publishReplicas(now);
        }
    }

    @Override
    public void close() {
        shutdown(DEFAULT_SHUTDOWN_TIMEOUT);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Most deletable first, as the ReplicaSet controller ranks pods for scale-down. */
    private static final Comparator<Pod> DELETION_ORDER = Comparator
            .comparing((Pod pod) -> pod.node != null)
            .thenComparing(pod -> pod.phase == PodPhase.RUNNING || pod.phase == PodPhase.READY)
            .thenComparing(pod -> pod.phase == PodPhase.READY)
            .thenComparing((Pod pod) -> pod.readySince, Comparator.nullsFirst(Comparator.reverseOrder()))
            .thenComparing(pod -> -pod.sequence);

    private static final class Pod {
        final String name;
        final long sequence;
        final Instant createdAt;
        PodPhase phase = PodPhase.PENDING;
        Node node;
        Instant startAt;
        PodProcess process;
        Instant readySince;
        int restarts;
        boolean unschedulableRecorded;

        Pod(String name, long sequence, Instant createdAt) {
            this.name = name;
            this.sequence = sequence;
            this.createdAt = createdAt;
        }
    }

    private static final class Node {
        final String name;
        final Instant readyAt;
        boolean ready;
        Instant emptySince;

        Node(String name, Instant readyAt) {
            this.name = name;
            this.readyAt = readyAt;
        }
    }
}
