package io.durascale.pipeline.local.kube;

import io.durascale.run.timeline.Timeline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker Deployment on one machine, the {@link ScaleTarget} KEDA and the HPA scale: a ReplicaSet
 * that keeps {@link #specReplicas()} pods, the {@link NodePool} (scheduler and cluster autoscaler)
 * that places them on the nodes of a {@link NodePoolSpec}, and the kubelet's part, through a
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
 * </ul>
 */
public final class LocalDeployment implements ScaleTarget, AutoCloseable {

    /** Long enough for the worker's 25 s drain grace inside the launcher's 30 s termination grace. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(40);
    /** The kubelet's crash-loop back-off ({@code pkg/kubelet}: 10 s, doubling, at most 5 min). */
    static final Duration CRASH_BACK_OFF = Duration.ofSeconds(10);
    static final Duration MAX_CRASH_BACK_OFF = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(LocalDeployment.class);

    private final String name;
    private final PodLauncher launcher;
    private final Clock clock;
    private final DeploymentTimeline timeline;
    private final NodePool nodes;
    private final List<Pod> pods = new ArrayList<>();
    private int specReplicas;
    private int podSequence;

    /**
     * @param name the deployment's name; pods are {@code <name>-1}, {@code <name>-2}, ...
     */
    public LocalDeployment(String name, NodePoolSpec pool, PodLauncher launcher, Timeline timeline, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pool, "pool");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeline = new DeploymentTimeline(name, Objects.requireNonNull(timeline, "timeline"));
        this.nodes = new NodePool(pool, this.timeline, clock.instant());
    }

    @Override
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
        return nodes.statuses(pods);
    }

    /** Advances nodes, pods and processes to the clock's time. */
    public synchronized void reconcile() {
        Instant now = clock.instant();
        nodes.readyNodes(now);
        syncReplicas(now);
        nodes.provisionNodes(now, pods);
        nodes.readyNodes(now);
        nodes.schedule(now, pods);
        startContainers(now);
        observeProcesses(now);
        nodes.removeEmptyNodes(now, pods);
        timeline.replicas(now, specReplicas, statusReplicas(), readyReplicas());
    }

    /**
     * When {@link #reconcile()} next has something to do by the clock alone: a container whose start delay or crash
     * back-off ends, a node that becomes Ready or may be removed. Changes of the pods' processes (ready, exited) are
     * the launcher's to signal. Empty when nothing is pending: a caller driving the deployment from a virtual clock
     * reconciles then, and when a process changes, instead of every tick.
     */
    public synchronized Optional<Instant> nextDue() {
        Instant next = nodes.nextDue();
        for (Pod pod : pods) {
            boolean waiting = pod.phase == PodPhase.CONTAINER_CREATING || pod.phase == PodPhase.CRASH_LOOP_BACK_OFF;
            if (waiting && pod.startAt != null && (next == null || pod.startAt.isBefore(next))) {
                next = pod.startAt;
            }
        }
        return Optional.ofNullable(next);
    }

    /** ReplicaSet: create pods up to the spec, or terminate the most deletable ones down to it. */
    private void syncReplicas(Instant now) {
        List<Pod> active = pods.stream().filter(pod -> pod.phase.isActive()).toList();
        int missing = specReplicas - active.size();
        for (int i = 0; i < missing; i++) {
            podSequence++;
            Pod pod = new Pod(name + "-" + podSequence, podSequence, now);
            pods.add(pod);
            timeline.pod(now, pod);
        }
        if (missing < 0) {
            List<Pod> victims = new ArrayList<>(active);
            victims.sort(Pod.DELETION_ORDER);
            for (Pod victim : victims.subList(0, -missing)) {
                terminate(now, victim);
            }
        }
    }

    private void terminate(Instant now, Pod pod) {
        pod.readySince = null;
        pod.phase = PodPhase.TERMINATING;
        if (pod.process == null) {
            timeline.pod(now, pod);
            finish(now, pod, PodPhase.SUCCEEDED, null, "deleted before its container started");
            return;
        }
        pod.process.terminate();
        timeline.pod(now, pod);
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
                crashed(now, pod, null, "could not start: " + e.getMessage());
                continue;
            }
            pod.phase = PodPhase.RUNNING;
            timeline.pod(now, pod);
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
                if (pod.phase == PodPhase.TERMINATING) {
                    finish(now, pod, exit.getAsInt() == 0 ? PodPhase.SUCCEEDED : PodPhase.FAILED, exit.getAsInt(), null);
                } else {
                    crashed(now, pod, exit.getAsInt(), null);
                }
                continue;
            }
            boolean ready = pod.process.isReady();
            if (pod.phase == PodPhase.RUNNING && ready) {
                pod.phase = PodPhase.READY;
                pod.readySince = now;
                timeline.pod(now, pod);
            } else if (pod.phase == PodPhase.READY && !ready) {
                pod.phase = PodPhase.RUNNING;
                pod.readySince = null;
                timeline.pod(now, pod, "readiness probe failed");
            }
        }
    }

    /** A container that ended unasked, or could not start: restarted in the same pod after the back-off. */
    private void crashed(Instant now, Pod pod, Integer exitCode, String reason) {
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
        timeline.pod(now, pod, exitCode, reason, pod.restarts, backOff.toMillis());
    }

    private void finish(Instant now, Pod pod, PodPhase phase, Integer exitCode, String reason) {
        pod.phase = phase;
        timeline.pod(now, pod, exitCode, reason, null, null);
        pods.remove(pod);
        NodePool.released(pod);
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
                finish(now, pod, PodPhase.FAILED, null, "did not end after SIGKILL");
            }
            timeline.replicas(now, specReplicas, statusReplicas(), readyReplicas());
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
}
