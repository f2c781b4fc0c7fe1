package io.durascale.simulator.model;

import io.durascale.simulator.engine.EventLoop;
import io.durascale.simulator.profile.Parameter;
import io.durascale.simulator.profile.Profile;
import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * The orchestration tier: control-queue partitions, the hosts that own them, the work-item queue, and BatchCompute's
 * episodes and ComputeActivity fan-out. As in DTFx's Azure Storage backend, each partition is owned by one host at a
 * time and only its owner runs the episodes of its instances, so hosts beyond the partition count add activity
 * capacity only; the work-item queue is shared by every host. Messages an owner sends itself (activity results of
 * its own activities) are delivered in process; a start or a raised event lands on any host and goes through the
 * partition's control queue unless that host owns it. An episode consumes everything in its instance's inbox and
 * costs the counted storage operations per episode plus its own time; it holds one of its host's orchestrator slots.
 */
final class TaskHub {

    private final EventLoop loop;
    private final Storage storage;
    private final Pipeline pipeline;
    private final SplittableRandom random;
    private final int partitions;
    private final int hosts;
    private final int owners;
    private final boolean sharedSlots;
    private final int[] freeEpisodeSlots;
    private final int[] freeActivitySlots;
    private final java.util.List<ArrayDeque<Instance>> waitingEpisodes;
    private final ArrayDeque<Block> waitingActivities = new ArrayDeque<>();
    private final ControlQueue[] controlQueues;
    private final PartitionLoops partitionLoops;
    private final Resource workItems;
    private final double episodeQueueOps;
    private final double episodeTableOps;
    private final double episodeBlobOps;
    private final double episodeCpu;
    private final double activityQueueOps;
    private final double activityBlobOps;
    private final double activityCpu;
    final long[] episodesPerPartition;
    final long[] queuedMessagesPerPartition;
    /** Messages delivered to a partition's instances and not yet committed by an episode. */
    private final long[] unconsumed;
    private long sequence;
    private int freeActivitySlotsTotal;
    private long activitiesWaitingOrRunning;

    TaskHub(Profile profile, int partitions, EventLoop loop, Storage storage, Pipeline pipeline, SplittableRandom random) {
        this.loop = loop;
        this.storage = storage;
        this.pipeline = pipeline;
        this.random = random;
        this.partitions = partitions;
        this.hosts = profile.integer(Parameter.ORCHESTRATION_HOSTS);
        this.owners = Math.min(hosts, partitions);
        this.sharedSlots = profile.flag(Parameter.SHARED_WORK_ITEM_SLOTS);
        this.freeEpisodeSlots = new int[hosts];
        this.freeActivitySlots = new int[hosts];
        this.waitingEpisodes = new java.util.ArrayList<>(hosts);
        for (int h = 0; h < hosts; h++) {
            freeEpisodeSlots[h] = profile.integer(Parameter.ORCHESTRATOR_SLOTS);
            freeActivitySlots[h] = sharedSlots ? 0 : profile.integer(Parameter.ACTIVITY_SLOTS);
            freeActivitySlotsTotal += freeActivitySlots[h];
            waitingEpisodes.add(new ArrayDeque<>());
        }
        this.controlQueues = new ControlQueue[partitions];
        for (int p = 0; p < partitions; p++) {
            controlQueues[p] = new ControlQueue(p, profile, loop, storage, this);
        }
        this.workItems = storage.queue("workitems");
        this.partitionLoops = PartitionLoops.start(loop, storage.machine(), partitions,
                profile.duration(Parameter.PARTITION_POLL_CPU).toNanos() / 1e6);
        this.episodeQueueOps = profile.number(Parameter.EPISODE_QUEUE_OPS);
        this.episodeTableOps = profile.number(Parameter.EPISODE_TABLE_OPS);
        this.episodeBlobOps = profile.number(Parameter.EPISODE_BLOB_OPS);
        this.episodeCpu = profile.duration(Parameter.EPISODE_CPU).toNanos() / 1e6;
        this.activityQueueOps = profile.number(Parameter.ACTIVITY_QUEUE_OPS);
        this.activityBlobOps = profile.number(Parameter.ACTIVITY_BLOB_OPS);
        this.activityCpu = profile.duration(Parameter.ACTIVITY_CPU).toNanos() / 1e6;
        this.episodesPerPartition = new long[partitions];
        this.queuedMessagesPerPartition = new long[partitions];
        this.unconsumed = new long[partitions];
    }

    int partitions() {
        return partitions;
    }

    /** The host that owns a partition: partitions spread over the first min(hosts, partitions) hosts. */
    int owner(int partition) {
        return partition % owners;
    }

    // ---- messages ----

    /** A start message from the HTTP tier. */
    void start(Instance instance) {
        external(instance, ControlQueue.START);
    }

    /** A BlockCompleted event raised by the completion bridge. */
    void raiseEvent(Instance instance) {
        external(instance, ControlQueue.EVENT);
    }

    /** A message from outside the tier lands on any host: in process if that host owns the partition. */
    private void external(Instance instance, int kind) {
        int host = hosts == 1 ? 0 : random.nextInt(hosts);
        if (host == owner(instance.partition)) {
            deliver(instance, kind);
        } else {
            queuedMessagesPerPartition[instance.partition]++;
            controlQueues[instance.partition].add(instance, kind);
        }
    }

    /** A message in the instance's inbox; an episode follows when its host has a slot. */
    void deliver(Instance instance, int kind) {
        unconsumed[instance.partition]++;
        switch (kind) {
            case ControlQueue.START -> instance.startPending = true;
            case ControlQueue.RESULT -> instance.resultsPending++;
            default -> instance.eventsPending++;
        }
        requestEpisode(instance);
    }

    private void requestEpisode(Instance instance) {
        if (instance.episodeRunning || instance.queuedForSlot) {
            return;
        }
        int host = owner(instance.partition);
        if (freeEpisodeSlots[host] > 0 && (!sharedSlots || nothingOlderWaiting(host))) {
            beginEpisode(instance, host);
        } else {
            instance.queuedForSlot = true;
            waitingEpisodes.get(host).addLast(instance);
            sequenceOf(instance);
        }
    }

    private boolean nothingOlderWaiting(int host) {
        return waitingEpisodes.get(host).isEmpty() && waitingActivities.isEmpty();
    }

    private void beginEpisode(Instance instance, int host) {
        freeEpisodeSlots[host]--;
        instance.queuedForSlot = false;
        instance.episodeRunning = true;
        instance.episodeStart = instance.startPending;
        instance.episodeResults = instance.resultsPending;
        instance.episodeEvents = instance.eventsPending;
        instance.startPending = false;
        instance.resultsPending = 0;
        instance.eventsPending = 0;
        instance.episodes++;
        episodesPerPartition[instance.partition]++;
        storage.step(loop.now(), episodeQueueOps, episodeTableOps, episodeBlobOps,
                controlQueues[instance.partition].limit(), episodeCpu, instance);
    }

    /** An episode committed: its effects, then the next work of its host. */
    void episodeEnded(Instance instance) {
        int host = owner(instance.partition);
        freeEpisodeSlots[host]++;
        instance.episodeRunning = false;
        unconsumed[instance.partition] -= (instance.episodeStart ? 1 : 0) + instance.episodeResults + instance.episodeEvents;
        if (instance.episodeStart) {
            for (int i = 0; i < instance.blocks; i++) {
                Block block = new Block(instance, pipeline);
                block.queued = sequence++;
                waitingActivities.addLast(block);
                activitiesWaitingOrRunning++;
            }
        }
        instance.eventsRecorded += instance.episodeEvents;
        if (instance.eventsRecorded >= instance.blocks && instance.completedAt < 0) {
            instance.completedAt = loop.now();
        }
        if (instance.hasInbox() && instance.completedAt < 0) {
            requestEpisode(instance);
        }
        dispatch();
    }

    // ---- activities ----

    /** Runs waiting episodes and activities on free slots, oldest first where they share slots. */
    private void dispatch() {
        for (int h = 0; h < hosts; h++) {
            while (freeEpisodeSlots[h] > 0) {
                Instance nextEpisode = waitingEpisodes.get(h).peekFirst();
                Block nextActivity = sharedSlots ? waitingActivities.peekFirst() : null;
                if (nextEpisode == null && nextActivity == null) {
                    break;
                }
                if (nextActivity == null || (nextEpisode != null && nextEpisode.queued < nextActivity.queued)) {
                    waitingEpisodes.get(h).pollFirst();
                    beginEpisode(nextEpisode, h);
                } else {
                    waitingActivities.pollFirst();
                    freeEpisodeSlots[h]--;
                    beginActivity(nextActivity, h);
                }
            }
        }
        if (!sharedSlots) {
            for (int h = 0; freeActivitySlotsTotal > 0 && !waitingActivities.isEmpty() && h < hosts; h++) {
                while (freeActivitySlots[h] > 0 && !waitingActivities.isEmpty()) {
                    freeActivitySlots[h]--;
                    freeActivitySlotsTotal--;
                    beginActivity(waitingActivities.pollFirst(), h);
                }
            }
        }
    }

    private void beginActivity(Block block, int host) {
        block.host = host;
        block.next = Block.Step.ACTIVITY_DONE;
        // The work item's receive and delete are the hub's (counted per episode); the activity uploads the input
        // and enqueues the job.
        workItems.reserve(loop.now(), 2);
        storage.step(loop.now(), activityQueueOps, 0, activityBlobOps, pipeline.jobs().limit(), activityCpu, block);
    }

    /** A ComputeActivity returned: its slot is free, its result goes to its instance. */
    void activityDone(Block block) {
        int host = block.host;
        activitiesWaitingOrRunning--;
        if (sharedSlots) {
            freeEpisodeSlots[host]++;
        } else {
            freeActivitySlots[host]++;
            freeActivitySlotsTotal++;
        }
        if (host == owner(block.instance.partition)) {
            deliver(block.instance, ControlQueue.RESULT);
        } else {
            queuedMessagesPerPartition[block.instance.partition]++;
            controlQueues[block.instance.partition].add(block.instance, ControlQueue.RESULT);
        }
        dispatch();
    }

    private void sequenceOf(Instance instance) {
        instance.queued = sequence++;
    }

    /** The stack stopped: its partitions' loops end. */
    void close() {
        partitionLoops.close();
    }

    // ---- depths, as the task hub monitor reads them ----

    /** Messages of a partition not yet consumed: waiting in its control queue or in its instances' inboxes. */
    long controlQueueDepth(int partition) {
        return controlQueues[partition].depth() + unconsumed[partition];
    }

    /** Work items not yet done. */
    long workItemDepth() {
        return activitiesWaitingOrRunning;
    }
}
