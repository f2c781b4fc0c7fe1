package io.durascale.pipeline.events;

import io.durascale.pipeline.orchestration.BlockEvents;
import io.durascale.storage.StorageAccount;
import io.durascale.core.job.JobCodec;
import io.durascale.core.job.JobMessage;
import io.durascale.core.job.JobQueues;
import io.durascale.core.job.PoisonEnvelope;
import java.time.Duration;

/**
 * The worker's poison queue → BlockFailed, so an orchestration whose block cannot be computed
 * completes with the failure listed instead of waiting for its deadline. An entry whose job
 * cannot be read, or names an instance the task hub does not have (so no orchestration can be
 * told), moves to {@code <poison queue>-unroutable}.
 */
public final class PoisonWatcher implements AutoCloseable {

    private final EventRaiser hub;
    private final MessagePump pump;

    public PoisonWatcher(StorageAccount storage, EventRaiser hub, String jobsQueue) {
        this.hub = hub;
        String poison = JobQueues.poisonQueue(jobsQueue);
        this.pump = new MessagePump("poison-watcher", storage.queues().getQueueClient(poison),
                storage.queues().getQueueClient(poison + "-unroutable"), this::handle, Duration.ofSeconds(60), 5, 1);
    }

    public PoisonWatcher start() {
        pump.start();
        return this;
    }

    public long handled() {
        return pump.handled();
    }

    void handle(String message) throws MessagePump.Unprocessable {
        PoisonEnvelope envelope;
        JobMessage job;
        try {
            envelope = PoisonEnvelope.decode(message);
            job = JobCodec.decode(envelope.originalMessage());
        } catch (IllegalArgumentException e) { // InvalidJobException too
            throw new MessagePump.Unprocessable("no orchestration to tell: " + e.getMessage());
        }
        CompletionBridge.raise(hub, job.instanceId(), BlockEvents.BLOCK_FAILED,
                new BlockEvents.BlockFailed(job.blockId(), envelope.reason()));
    }

    @Override
    public void close() {
        pump.close();
    }
}
