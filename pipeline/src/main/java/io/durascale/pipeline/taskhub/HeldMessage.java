package io.durascale.pipeline.taskhub;

import io.durascale.pipeline.taskhub.storage.TaskHubStorage;
import java.time.Duration;

/**
 * A queue message this process holds and has not deleted yet — received from a queue, or sent
 * invisible and delivered in process. Invisible to others until it expires; {@link #renewIfDue}
 * extends that while the message is still needed.
 */
final class HeldMessage {

    private final String queue;
    private final String messageId;
    private final long dequeueCount;
    private volatile String popReceipt;
    private volatile long expiresAtNanos;

    HeldMessage(String queue, String messageId, String popReceipt, long dequeueCount, Duration invisibleFor) {
        this.queue = queue;
        this.messageId = messageId;
        this.popReceipt = popReceipt;
        this.dequeueCount = dequeueCount;
        this.expiresAtNanos = System.nanoTime() + invisibleFor.toNanos();
    }

    String queue() {
        return queue;
    }

    String messageId() {
        return messageId;
    }

    /** How often the queue has handed the message out (0 for one sent invisible and delivered in process). */
    long dequeueCount() {
        return dequeueCount;
    }

    /** Extends visibility once less than half of {@code visibility} is left; false if the message is gone. */
    synchronized boolean renewIfDue(TaskHubStorage storage, Duration visibility) {
        if (expiresAtNanos - System.nanoTime() > visibility.toNanos() / 2) {
            return true;
        }
        String receipt = storage.updateVisibility(queue, messageId, popReceipt, visibility);
        if (receipt == null) {
            return false;
        }
        popReceipt = receipt;
        expiresAtNanos = System.nanoTime() + visibility.toNanos();
        return true;
    }

    /** Makes the message visible again after {@code after}, for another attempt (by us or another owner). */
    synchronized void abandon(TaskHubStorage storage, Duration after) {
        String receipt = storage.updateVisibility(queue, messageId, popReceipt, after);
        if (receipt != null) {
            popReceipt = receipt;
        }
    }

    synchronized void delete(TaskHubStorage storage) {
        storage.delete(queue, messageId, popReceipt);
    }

    @Override
    public String toString() {
        return queue + "/" + messageId;
    }
}
