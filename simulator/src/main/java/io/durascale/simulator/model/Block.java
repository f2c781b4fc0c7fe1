package io.durascale.simulator.model;

/**
 * One block of an orchestration on its way: a ComputeActivity's job on the compute-jobs queue, a worker's
 * computation, the BlobCreated message and the bridge's BlockCompleted. It is the event loop's action for each of
 * its steps, so moving it along allocates nothing.
 */
final class Block implements io.durascale.simulator.engine.EventLoop.Action {

    enum Step { ACTIVITY_DONE, COMPUTED, EVENT_DELIVERED, BRIDGED }

    final Instance instance;
    Step next;
    long enqueuedAt;
    long completedAt;
    long computeMillis;
    WorkerPods.Pod pod;
    int host;
    long queued;
    private final Pipeline pipeline;

    Block(Instance instance, Pipeline pipeline) {
        this.instance = instance;
        this.pipeline = pipeline;
    }

    @Override
    public void run() {
        pipeline.advance(this);
    }
}
