package io.durascale.simulator.model;

import io.durascale.simulator.engine.EventLoop;
import io.durascale.simulator.profile.Parameter;
import io.durascale.simulator.profile.Profile;
import java.util.ArrayDeque;

/**
 * The completion bridge on the compute-completions queue: BlobCreated messages handled {@code bridgeSlots} at a
 * time (its message pump's parallelism), each a receive, a read of the output (and with {@code bridgeVerify} the
 * block computed again to check it), a delete, and the BlockCompleted event raised on the task hub. Idle, the
 * pump polls with a back-off from 20 ms to {@code bridgePollMax}.
 */
final class CompletionBridge implements EventLoop.Action {

    private static final long FIRST_POLL_MS = 20;

    private final ArrayDeque<Block> completions = new ArrayDeque<>();
    private final EventLoop loop;
    private final Pipeline pipeline;
    private final Storage storage;
    private final Resource queue;
    private final int slots;
    private final boolean verify;
    private final double queueOps;
    private final double blobOps;
    private final long pollMax;
    private int busy;
    private long idleSince;
    private boolean pollScheduled;

    CompletionBridge(Profile profile, EventLoop loop, Pipeline pipeline, Storage storage) {
        this.loop = loop;
        this.pipeline = pipeline;
        this.storage = storage;
        this.queue = storage.queue("compute-completions");
        this.slots = profile.integer(Parameter.BRIDGE_SLOTS);
        this.verify = profile.flag(Parameter.BRIDGE_VERIFY);
        this.queueOps = profile.number(Parameter.BRIDGE_QUEUE_OPS);
        this.blobOps = profile.number(Parameter.BRIDGE_BLOB_OPS);
        this.pollMax = profile.millis(Parameter.BRIDGE_POLL_MAX);
        this.idleSince = loop.now();
    }

    /** A BlobCreated message reached the completions queue. */
    void arrived(Block block) {
        completions.addLast(block);
        if (!pollScheduled && busy < slots) {
            pollScheduled = true;
            loop.at(PollSchedule.next(idleSince, loop.now(), FIRST_POLL_MS, pollMax), this);
        }
    }

    /** The pump's receive. */
    @Override
    public void run() {
        pollScheduled = false;
        take();
    }

    private void take() {
        while (busy < slots && !completions.isEmpty()) {
            Block block = completions.pollFirst();
            busy++;
            double verifyMillis = verify ? block.computeMillis : 0;
            block.next = Block.Step.BRIDGED;
            storage.step(loop.now(), queueOps, 0, blobOps, queue, verifyMillis, block);
        }
    }

    /** One message handled: the event is raised, the slot is free. */
    void handled() {
        busy--;
        if (completions.isEmpty()) {
            idleSince = loop.now();
        } else {
            take();
        }
    }

    long depth() {
        return completions.size() + busy;
    }
}
