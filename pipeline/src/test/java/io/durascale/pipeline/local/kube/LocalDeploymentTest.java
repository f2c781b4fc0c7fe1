package io.durascale.pipeline.local.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.pipeline.local.FakeClock;
import io.durascale.pipeline.local.RunTimeline;
import io.durascale.run.timeline.Timeline;
import io.durascale.run.timeline.TimelineEvent.NodeChange;
import io.durascale.run.timeline.TimelineEvent.Replicas;
import io.durascale.run.timeline.TimelineEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ReplicaSet, scheduler, node pool and kubelet emulation, on a fake clock with fake processes. */
class LocalDeploymentTest {

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();
    private final FakePodLauncher launcher = new FakePodLauncher();
    private Timeline timeline;

    private <E extends TimelineEvent> List<E> lines(Class<E> kind) {
        return RunTimeline.read(dir.resolve("timeline.jsonl"), kind);
    }

    private LocalDeployment deployment(NodePoolSpec pool) {
        timeline = Timeline.to(dir.resolve("timeline.jsonl"));
        return new LocalDeployment("worker", pool, launcher, timeline, clock);
    }

    @AfterEach
    void closeTimeline() {
        if (timeline != null) {
            timeline.close();
        }
    }

    private void advance(LocalDeployment deployment, Duration duration) {
        for (long s = 0; s < duration.toSeconds(); s++) {
            clock.advance(Duration.ofSeconds(1));
            deployment.reconcile();
        }
    }

    private static Map<String, PodPhase> phases(LocalDeployment deployment) {
        return deployment.pods().stream().collect(Collectors.toMap(PodStatus::name, PodStatus::phase));
    }

    @Test
    void nextDueNamesTheContainerStartsNodeReadinessAndEmptyNodeRemovalTheClockAloneBrings() {
        LocalDeployment deployment = deployment(NodePoolSpec.builder().podsPerNode(1).initialNodes(1).maxNodes(2)
                .nodeProvisioningDelay(Duration.ofSeconds(60)).podStartDelay(Duration.ofSeconds(10))
                .removeEmptyNodesAfter(Duration.ofSeconds(30)).build());
        assertThat(deployment.nextDue()).as("nothing pending").isEmpty();

        deployment.scale(2);
        assertThat(deployment.nextDue()).as("worker-1's container starts").contains(FakeClock.START.plusSeconds(10));
        clock.advance(Duration.ofSeconds(10));
        deployment.reconcile();
        assertThat(deployment.nextDue()).as("node-2 becomes ready").contains(FakeClock.START.plusSeconds(60));
        clock.advance(Duration.ofSeconds(50));
        deployment.reconcile();
        assertThat(deployment.nextDue()).as("worker-2's container starts on node-2").contains(FakeClock.START.plusSeconds(70));
        clock.advance(Duration.ofSeconds(10));
        deployment.reconcile();
        assertThat(deployment.readyReplicas()).isEqualTo(2);
        assertThat(deployment.nextDue()).isEmpty();

        deployment.scale(1);
        assertThat(deployment.nextDue()).as("the emptied node-2 is removed 30 s later")
                .contains(FakeClock.START.plusSeconds(100));
        clock.advance(Duration.ofSeconds(30));
        deployment.reconcile();
        assertThat(deployment.nodes()).hasSize(1);
        assertThat(deployment.nextDue()).isEmpty();
    }

    @Test
    void podsWaitPendingForANodeThatIsAddedAfterTheProvisioningDelay() {
        LocalDeployment deployment = deployment(NodePoolSpec.builder().podsPerNode(2).initialNodes(1).maxNodes(3)
                .nodeProvisioningDelay(Duration.ofSeconds(60)).podStartDelay(Duration.ofSeconds(10)).build());
        deployment.scale(3);

        assertThat(phases(deployment)).containsEntry("worker-1", PodPhase.CONTAINER_CREATING)
                .containsEntry("worker-2", PodPhase.CONTAINER_CREATING).containsEntry("worker-3", PodPhase.PENDING);
        assertThat(deployment.nodes()).extracting(NodeStatus::name, NodeStatus::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("node-1", NodeStatus.State.READY),
                org.assertj.core.groups.Tuple.tuple("node-2", NodeStatus.State.PROVISIONING));
        assertThat(deployment.statusReplicas()).as("pending pods count as replicas").isEqualTo(3);

        advance(deployment, Duration.ofSeconds(9));
        assertThat(launcher.starts).as("the pod start delay is not over").isEmpty();
        advance(deployment, Duration.ofSeconds(1));
        assertThat(launcher.starts).containsExactly("worker-1", "worker-2");
        assertThat(deployment.readyReplicas()).isEqualTo(2);

        advance(deployment, Duration.ofSeconds(49));
        assertThat(phases(deployment)).containsEntry("worker-3", PodPhase.PENDING);
        advance(deployment, Duration.ofSeconds(1));      // 60 s: node-2 is ready
        assertThat(deployment.pods()).filteredOn(pod -> pod.name().equals("worker-3")).singleElement()
                .satisfies(pod -> {
                    assertThat(pod.phase()).isEqualTo(PodPhase.CONTAINER_CREATING);
                    assertThat(pod.node()).contains("node-2");
                });
        advance(deployment, Duration.ofSeconds(10));
        assertThat(deployment.readyReplicas()).isEqualTo(3);

        assertThat(lines(NodeChange.class)).extracting(line -> line.node() + " " + line.state() + " " + line.nodes()
                        + " @" + offset(line))
                .containsExactly("node-1 Ready 1 @0", "node-2 Provisioning 2 @0", "node-2 Ready 2 @60");
    }

    @Test
    void thePoolNeverGrowsBeyondMaxNodesAndUnplaceablePodsStayPending() {
        LocalDeployment deployment = deployment(NodePoolSpec.builder().podsPerNode(2).initialNodes(1).maxNodes(2).build());
        deployment.scale(5);
        deployment.reconcile();
        assertThat(deployment.nodes()).hasSize(2);
        assertThat(deployment.readyReplicas()).isEqualTo(4);
        assertThat(phases(deployment)).containsEntry("worker-5", PodPhase.PENDING);
        assertThat(lines(TimelineEvent.PodPhase.class)).filteredOn(line -> "worker-5".equals(line.pod()))
                .extracting(TimelineEvent.PodPhase::reason)
                .contains("Unschedulable: no node has room and the pool is at maxNodes 2");

        // A scale-down frees a place: the pending pod is the first victim (unscheduled pods go first), so 4 stay running.
        deployment.scale(4);
        assertThat(phases(deployment)).doesNotContainKey("worker-5").hasSize(4);
    }

    @Test
    void scaleDownTerminatesNotReadyPodsFirstThenTheNewest() {
        LocalDeployment deployment = deployment(NodePoolSpec.noDelays());
        deployment.scale(4);
        launcher.pod("worker-2").ready = false;
        launcher.pod("worker-4").ready = false;
        deployment.reconcile();
        assertThat(deployment.readyReplicas()).isEqualTo(2);

        deployment.scale(3);
        assertThat(phases(deployment)).doesNotContainKey("worker-4");
        deployment.scale(2);
        assertThat(phases(deployment)).as("the other not-ready pod, though older than worker-3").doesNotContainKey("worker-2");
        deployment.scale(1);
        assertThat(phases(deployment)).as("then the newest ready pod").containsOnlyKeys("worker-1");
        assertThat(launcher.pod("worker-3").terminated).isTrue();
        assertThat(launcher.pod("worker-1").terminated).isFalse();
    }

    @Test
    void amongReadyPodsTheOneReadyForTheLeastTimeGoesFirst() {
        LocalDeployment deployment = deployment(NodePoolSpec.noDelays());
        launcher.readyOnStart = false;
        deployment.scale(2);
        launcher.pod("worker-2").ready = true;
        advance(deployment, Duration.ofSeconds(5));
        launcher.pod("worker-1").ready = true;
        advance(deployment, Duration.ofSeconds(5));
        deployment.scale(1);
        assertThat(phases(deployment)).as("worker-1 became ready last, so it goes though it is older")
                .containsOnlyKeys("worker-2");
    }

    @Test
    void aPodGoesThroughEveryPhaseAndTerminatingPodsWaitForTheirProcess() {
        LocalDeployment deployment = deployment(NodePoolSpec.builder().podStartDelay(Duration.ofSeconds(5)).build());
        launcher.readyOnStart = false;
        launcher.exitOnTerminate = false;
        deployment.scale(1);
        advance(deployment, Duration.ofSeconds(5));
        assertThat(phases(deployment)).containsEntry("worker-1", PodPhase.RUNNING);
        launcher.pod("worker-1").ready = true;
        advance(deployment, Duration.ofSeconds(1));
        assertThat(phases(deployment)).containsEntry("worker-1", PodPhase.READY);

        deployment.scale(0);
        assertThat(phases(deployment)).containsEntry("worker-1", PodPhase.TERMINATING);
        assertThat(deployment.statusReplicas()).as("a terminating pod is no longer a replica").isZero();
        assertThat(deployment.nodes().get(0).pods()).as("but it keeps its place on the node").containsExactly("worker-1");
        advance(deployment, Duration.ofSeconds(20));
        assertThat(phases(deployment)).as("still draining").containsEntry("worker-1", PodPhase.TERMINATING);

        launcher.pod("worker-1").exit = 0;
        deployment.reconcile();
        assertThat(deployment.pods()).isEmpty();

        List<TimelineEvent.PodPhase> pod = lines(TimelineEvent.PodPhase.class);
        assertThat(pod).extracting(line -> line.phase() + "@" + offset(line)).containsExactly("Pending@0",
                "ContainerCreating@0", "Running@5", "Ready@6", "Terminating@6", "Succeeded@26");
        assertThat(pod).allSatisfy(line -> assertThat(line.pod()).isEqualTo("worker-1"));
        assertThat(pod.get(0).node()).as("pending: on no node yet").isNull();
        assertThat(pod.subList(1, pod.size())).allSatisfy(line -> assertThat(line.node()).isEqualTo("node-1"));
        assertThat(pod.get(pod.size() - 1)).satisfies(line -> {
            assertThat(line.exitCode()).isZero();
            assertThat(line.pid()).isEqualTo(1000L);
        });
        assertThat(lines(Replicas.class)).allSatisfy(line -> assertThat(line.deployment()).isEqualTo("worker"))
                .extracting(line -> line.desired() + "/" + line.current() + "/" + line.ready())
                .containsExactly("1/1/0", "1/1/1", "0/0/0");
    }

    @Test
    void aCrashedContainerIsRestartedInTheSamePodAfterABackOff() {
        LocalDeployment deployment = deployment(NodePoolSpec.noDelays());
        deployment.scale(1);
        FakePodLauncher.FakePod first = launcher.pod("worker-1");
        first.exit = 1;
        deployment.reconcile();
        assertThat(phases(deployment)).containsEntry("worker-1", PodPhase.CRASH_LOOP_BACK_OFF);
        assertThat(deployment.statusReplicas()).isEqualTo(1);
        advance(deployment, Duration.ofSeconds(9));
        assertThat(launcher.starts).hasSize(1);
        advance(deployment, Duration.ofSeconds(1));
        assertThat(launcher.starts).containsExactly("worker-1", "worker-1");
        assertThat(deployment.readyReplicas()).isEqualTo(1);

        launcher.pod("worker-1").exit = 1;
        deployment.reconcile();
        advance(deployment, Duration.ofSeconds(19));
        assertThat(launcher.starts).as("the back-off doubles").hasSize(2);
        advance(deployment, Duration.ofSeconds(1));
        assertThat(launcher.starts).hasSize(3);
    }

    @Test
    void aPodWhoseProcessCannotStartBacksOffToo() {
        LocalDeployment deployment = deployment(NodePoolSpec.noDelays());
        launcher.startFailure = new IllegalStateException("cannot start java: no such file");
        deployment.scale(1);
        assertThat(phases(deployment)).containsEntry("worker-1", PodPhase.CRASH_LOOP_BACK_OFF);
        assertThat(lines(TimelineEvent.PodPhase.class)).last().satisfies(line -> {
            assertThat(line.phase()).isEqualTo("CrashLoopBackOff");
            assertThat(line.reason()).isEqualTo("could not start: cannot start java: no such file");
            assertThat(line.restarts()).isEqualTo(1);
            assertThat(line.restartInMs()).isEqualTo(10_000L);
        });
        launcher.startFailure = null;
        advance(deployment, Duration.ofSeconds(10));
        assertThat(deployment.readyReplicas()).isEqualTo(1);
    }

    @Test
    void emptyNodesAboveTheInitialCountAreRemovedAfterTheirIdleTime() {
        LocalDeployment deployment = deployment(NodePoolSpec.builder().podsPerNode(1).initialNodes(1).maxNodes(3)
                .removeEmptyNodesAfter(Duration.ofSeconds(30)).build());
        deployment.scale(3);
        assertThat(deployment.nodes()).hasSize(3);
        deployment.scale(0);
        advance(deployment, Duration.ofSeconds(29));
        assertThat(deployment.nodes()).hasSize(3);
        advance(deployment, Duration.ofSeconds(1));
        assertThat(deployment.nodes()).as("never below initialNodes").extracting(NodeStatus::name).containsExactly("node-1");
        assertThat(lines(NodeChange.class)).filteredOn(line -> "Removed".equals(line.state()))
                .extracting(NodeChange::node).containsExactlyInAnyOrder("node-2", "node-3");
    }

    @Test
    void shutdownStopsEveryPod() {
        LocalDeployment deployment = deployment(NodePoolSpec.noDelays());
        deployment.scale(3);
        deployment.shutdown(Duration.ofSeconds(5));
        assertThat(deployment.pods()).isEmpty();
        assertThat(launcher.pods.values()).hasSize(3).allSatisfy(pod -> assertThat(pod.terminated).isTrue());
        assertThat(deployment.specReplicas()).isZero();
    }

    private static long offset(TimelineEvent line) {
        return (line.t() - FakeClock.START.toEpochMilli()) / 1000;
    }
}
