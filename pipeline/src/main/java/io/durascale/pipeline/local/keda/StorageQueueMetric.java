package io.durascale.pipeline.local.keda;

import com.azure.core.util.Context;
import com.azure.storage.queue.QueueClient;
import java.time.Duration;
import java.util.Objects;

/** {@link QueueMetric} of an Azure Storage queue (real Azure or Azurite), each call bounded by a timeout. */
public final class StorageQueueMetric implements QueueMetric {

    /** A scaler check should not hold up the control loop for longer than this. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final QueueClient queue;

    public StorageQueueMetric(QueueClient queue) {
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    @Override
    public long approximateMessageCount() {
        return queue.getPropertiesWithResponse(CALL_TIMEOUT, Context.NONE).getValue().getApproximateMessagesCountLong();
    }

    @Override
    public int peekVisible(int max) {
        return (int) queue.peekMessages(max, CALL_TIMEOUT, Context.NONE).stream().count();
    }

    @Override
    public String toString() {
        return "queue " + queue.getQueueName();
    }
}
