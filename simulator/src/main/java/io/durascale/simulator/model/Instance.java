package io.durascale.simulator.model;

/**
 * One orchestration instance (BatchCompute) on its partition: what is waiting in its inbox (its start, activity
 * results, BlockCompleted events), whether an episode runs, and its times. Its episodes end as this instance's own
 * events.
 */
final class Instance implements io.durascale.simulator.engine.EventLoop.Action {

    final String id;
    final int step;
    final int partition;
    final int blocks;
    final long startedAt;
    boolean startPending;
    int resultsPending;
    int eventsPending;
    boolean episodeRunning;
    boolean queuedForSlot;
    // what the running episode consumed
    boolean episodeStart;
    int episodeResults;
    int episodeEvents;
    int eventsRecorded;
    int episodes;
    long completedAt = -1;
    long queued;
    final TaskHub hub;

    Instance(String id, int step, int partition, int blocks, long startedAt, TaskHub hub) {
        this.id = id;
        this.step = step;
        this.partition = partition;
        this.blocks = blocks;
        this.startedAt = startedAt;
        this.hub = hub;
    }

    boolean hasInbox() {
        return startPending || resultsPending > 0 || eventsPending > 0;
    }

    /** The running episode ends. */
    @Override
    public void run() {
        hub.episodeEnded(this);
    }
}
