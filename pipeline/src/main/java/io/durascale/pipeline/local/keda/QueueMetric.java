package io.durascale.pipeline.local.keda;

/**
 * What the azure-queue scaler reads from a queue: the two calls KEDA makes. Tests give a fake;
 * {@link StorageQueueMetric} reads Azure Storage or Azurite.
 */
public interface QueueMetric {

    /** {@code ApproximateMessagesCount} (Get Queue Metadata): visible and invisible messages. */
    long approximateMessageCount();

    /** Peek Messages with {@code numofmessages = max}: how many visible messages came back (at most {@code max}). */
    int peekVisible(int max);
}
