package io.durascale.simulator.model;

import io.durascale.pipeline.local.hpa.HpaControllerFlags;
import io.durascale.pipeline.local.keda.AzureQueueScaler;
import io.durascale.pipeline.local.keda.ScaledObjectController;
import io.durascale.pipeline.local.keda.ScaledObjectSpec;
import io.durascale.pipeline.local.kube.LocalDeployment;
import io.durascale.pipeline.local.kube.NodePoolSpec;
import io.durascale.run.RunJson;
import io.durascale.run.timeline.Timeline;
import io.durascale.run.timeline.TimelineEvent.KedaDecision;
import io.durascale.run.timeline.TimelineEvent.KedaSettings;
import io.durascale.simulator.engine.EventLoop;
import java.time.Instant;
import java.util.Optional;

/**
 * The worker tier's autoscaling on the virtual clock, with the project's own code: KEDA's scale handler and the HPA
 * ({@link ScaledObjectController}, on the {@link AzureQueueScaler} reading the simulated {@link JobQueue}) and the
 * Deployment with its node pool ({@link LocalDeployment}, starting {@link WorkerPods}). They run when due and only
 * then: at the controller's next poll or sync, when the Deployment's {@code nextDue()} says, and when a pod's process
 * changes; every decision and pod and node change goes to the timeline as on the embedded stack.
 */
final class WorkerScaling {

    private static final long LOOP_MILLIS = 100;

    private final EventLoop loop;
    private final LocalDeployment deployment;
    private final ScaledObjectController controller;
    private final Timeline timeline;
    private final EventLoop.Action tick = this::tick;
    private final EventLoop.Action reconcile = this::reconcile;
    private long reconcileAt = Long.MIN_VALUE;
    private long wakeAt = Long.MAX_VALUE;
    private boolean stopped;
    private Runnable afterChange = () -> { };

    WorkerScaling(String deploymentName, ScaledObjectSpec spec, HpaControllerFlags hpa, NodePoolSpec pool, WorkerPods pods,
                  JobQueue jobs, Timeline timeline, EventLoop loop) {
        this.loop = loop;
        this.timeline = timeline;
        // The same settings line LocalKeda writes when it starts.
        timeline.record(new KedaSettings(loop.now(), deploymentName, RunJson.MAPPER.valueToTree(spec),
                RunJson.MAPPER.valueToTree(hpa), RunJson.MAPPER.valueToTree(pool)));
        this.deployment = new LocalDeployment(deploymentName, pool, pods, timeline, loop.clock());
        this.controller = new ScaledObjectController(spec, new AzureQueueScaler(spec.azureQueue(), 0, jobs), hpa,
                deployment, timeline, loop.clock());
        pods.onChange(this::reconcileSoon);
        loop.at(loop.now(), tick);
    }

    /** Called after every reconcile, e.g. to notice zero replicas. */
    void afterChange(Runnable action) {
        this.afterChange = action;
    }

    int replicas() {
        return deployment.statusReplicas();
    }

    int readyReplicas() {
        return deployment.readyReplicas();
    }

    /** KEDA's checks and the HPA's syncs that are due, as LocalKeda's control loop runs them. */
    private void tick() {
        if (stopped) {
            return;
        }
        deployment.reconcile();
        controller.runDue();
        deployment.reconcile();
        loop.at(controller.nextDue().toEpochMilli(), tick);
        wakeForDeployment();
        afterChange.run();
    }

    /**
     * A pod's process changed: the Deployment sees it at the next step of its control loop, as LocalKeda's loop
     * reconciles every 100 ms ({@code LocalKeda.LOOP_PERIOD}); changes within one step are seen together.
     */
    void reconcileSoon() {
        long at = (loop.now() / LOOP_MILLIS + 1) * LOOP_MILLIS;
        if (reconcileAt == at) {
            return;
        }
        reconcileAt = at;
        loop.at(at, reconcile);
    }

    private void reconcile() {
        if (loop.now() >= wakeAt) {
            wakeAt = Long.MAX_VALUE;
        }
        deployment.reconcile();
        wakeForDeployment();
        afterChange.run();
    }

    /** Reconciles again when the Deployment's clock-driven change is due (a container start, a node). */
    private void wakeForDeployment() {
        Optional<Instant> due = deployment.nextDue();
        if (due.isPresent()) {
            long at = Math.max(loop.now() + 1, due.get().toEpochMilli());
            if (at < wakeAt) {
                wakeAt = at;
                loop.at(at, reconcile);
            }
        }
    }

    /** The stack stops: the workers get SIGTERM and drain; KEDA says it stopped. */
    void close() {
        stopped = true;
        deployment.scale(0);
        timeline.record(KedaDecision.stopped(loop.now(), null));
    }
}
