package io.durascale.simulator.model;

import io.durascale.pipeline.local.keda.QueueMetric;
import java.util.ArrayDeque;

/**
 * The compute-jobs queue: visible jobs in order, and those a worker holds invisible while it computes. It is the
 * {@link QueueMetric} the project's azure-queue scaler reads (visible + invisible is ApproximateMessagesCount,
 * which KEDA's {@code all} strategy counts), and it wakes idle workers when jobs arrive.
 */
final class JobQueue implements QueueMetric {

    private final ArrayDeque<Block> visible = new ArrayDeque<>();
    private final Resource limit;
    private long invisible;
    private WorkerPods consumers;

    JobQueue(Resource limit) {
        this.limit = limit;
    }

    void consumers(WorkerPods pods) {
        this.consumers = pods;
    }

    Resource limit() {
        return limit;
    }

    void enqueue(Block block) {
        visible.addLast(block);
        if (consumers != null) {
            consumers.jobArrived();
        }
    }

    /** A receive: the next visible job becomes invisible to the others. */
    Block take() {
        Block b = visible.pollFirst();
        if (b != null) {
            invisible++;
        }
        return b;
    }

    /** A job's message deleted once its output is written. */
    void delete() {
        invisible--;
    }

    boolean hasVisible() {
        return !visible.isEmpty();
    }

    int visibleCount() {
        return visible.size();
    }

    @Override
    public long approximateMessageCount() {
        return visible.size() + invisible;
    }

    @Override
    public int peekVisible(int max) {
        return Math.min(max, visible.size());
    }
}
