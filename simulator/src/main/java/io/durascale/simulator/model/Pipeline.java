package io.durascale.simulator.model;

import io.durascale.pipeline.local.hpa.HpaControllerFlags;
import io.durascale.pipeline.local.keda.ScaledObjectSpec;
import io.durascale.pipeline.local.kube.NodePoolSpec;
import io.durascale.simulator.engine.EventLoop;
import io.durascale.simulator.profile.Distribution;
import io.durascale.simulator.profile.Parameter;
import io.durascale.simulator.profile.Profile;
import java.util.SplittableRandom;

/**
 * One stack of the reference pipeline (the embedded stack restarts one per partition-sweep step): its task hub,
 * the compute-jobs queue, the worker pods and their autoscaling, and the completion path, wired as the real ones
 * are. A block moves through it as its own event: ComputeActivity enqueues it, a worker computes it, BlobCreated
 * reaches the bridge after the event delay, the bridge raises BlockCompleted on the task hub.
 */
final class Pipeline {

    final int step;
    final String hub;
    private final EventLoop loop;
    private final Storage storage;
    private final Recorder recorder;
    private final SplittableRandom random;
    private final JobQueue jobs;
    private final TaskHub taskHub;
    private final WorkerPods pods;
    private final CompletionBridge bridge;
    private final WorkerScaling scaling;
    private final Distribution blockCompute;
    private final Distribution blobEventDelay;
    private final double workerQueueOps;
    private final double workerBlobOps;
    private final double workerOverhead;
    private final long workerWarmup;
    private final long clientPoll;
    private final double pollTableOps;
    private final double pollCpu;
    private int unfinished;
    private Runnable onFinished = () -> { };

    Pipeline(Profile profile, int step, String hub, int partitions, ScaledObjectSpec keda, HpaControllerFlags hpa,
             NodePoolSpec pool, EventLoop loop, Storage storage, Recorder recorder, SplittableRandom random) {
        this.step = step;
        this.hub = hub;
        this.loop = loop;
        this.storage = storage;
        this.recorder = recorder;
        this.random = random;
        this.jobs = new JobQueue(storage.queue(keda.azureQueue().queueName()));
        this.taskHub = new TaskHub(profile, partitions, loop, storage, this, random);
        this.pods = new WorkerPods(profile, loop, this, jobs, storage.machine(), random);
        jobs.consumers(pods);
        this.bridge = new CompletionBridge(profile, loop, this, storage);
        this.scaling = new WorkerScaling("durascale-worker", keda, hpa, pool, pods, jobs, recorder.timeline(), loop);
        this.blockCompute = profile.distribution(Parameter.BLOCK_COMPUTE);
        this.blobEventDelay = profile.distribution(Parameter.BLOB_EVENT_DELAY);
        this.workerQueueOps = profile.number(Parameter.WORKER_QUEUE_OPS);
        this.workerBlobOps = profile.number(Parameter.WORKER_BLOB_OPS);
        this.workerOverhead = profile.duration(Parameter.WORKER_OVERHEAD).toNanos() / 1e6;
        this.workerWarmup = profile.millis(Parameter.WORKER_WARMUP);
        this.clientPoll = Math.max(1, profile.millis(Parameter.CLIENT_POLL_INTERVAL));
        this.pollTableOps = profile.number(Parameter.STATUS_POLL_TABLE_OPS);
        this.pollCpu = profile.duration(Parameter.STATUS_POLL_CPU).toNanos() / 1e6;
    }

    JobQueue jobs() {
        return jobs;
    }

    TaskHub taskHub() {
        return taskHub;
    }

    WorkerScaling scaling() {
        return scaling;
    }

    CompletionBridge bridge() {
        return bridge;
    }

    int unfinished() {
        return unfinished;
    }

    WorkerPods pods() {
        return pods;
    }

    /** Called after the client sees an orchestration finished. */
    void onFinished(Runnable action) {
        this.onFinished = action;
    }

    /** An orchestration started by the HTTP tier. */
    void start(Instance instance) {
        unfinished++;
        taskHub.start(instance);
        loop.at(loop.now() + clientPoll, () -> poll(instance));
    }

    /**
     * The client's status poll, as the load test's loop makes it (pause the poll interval, ask, until the answer is
     * terminal): a read of the instance's row through the HTTP tier and the task hub, and on one machine its CPU.
     */
    private void poll(Instance instance) {
        storage.step(loop.now(), 0, pollTableOps, 0, null, pollCpu, () -> {
            if (instance.completedAt >= 0) {
                unfinished--;
                recorder.finished(instance, loop.now());
                // The load test then asks once more for the result it checks.
                storage.step(loop.now(), 0, pollTableOps, 0, null, pollCpu, () -> { });
                onFinished.run();
            } else {
                loop.at(loop.now() + clientPoll, () -> poll(instance));
            }
        });
    }

    /** A worker pod took the block's job. */
    void compute(Block block, WorkerPods.Pod pod) {
        block.pod = pod;
        block.computeMillis = Math.round(blockCompute.sample(random));
        block.next = Block.Step.COMPUTED;
        long cold = pod.warm ? 0 : workerWarmup;
        pod.warm = true;
        storage.step(loop.now(), workerQueueOps, 0, workerBlobOps, jobs.limit(), block.computeMillis + workerOverhead,
                cold, block);
    }

    /** A block's next step is due. */
    void advance(Block block) {
        switch (block.next) {
            case ACTIVITY_DONE -> {
                block.enqueuedAt = loop.now();
                jobs.enqueue(block);
                taskHub.activityDone(block);
            }
            case COMPUTED -> {
                block.completedAt = loop.now();
                recorder.blockDone(block);
                jobs.delete();
                WorkerPods.Pod pod = block.pod;
                block.pod = null;
                pod.finished();
                block.next = Block.Step.EVENT_DELIVERED;
                loop.at(loop.now() + Math.round(blobEventDelay.sample(random)), block);
            }
            case EVENT_DELIVERED -> bridge.arrived(block);
            case BRIDGED -> {
                bridge.handled();
                taskHub.raiseEvent(block.instance);
            }
        }
    }

    /** The stack stops (the next sweep step restarts it): its workers drain and go. */
    void close() {
        taskHub.close();
        scaling.close();
    }
}
