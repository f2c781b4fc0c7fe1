package io.durascale.pipeline.taskhub;

import io.durascale.pipeline.taskhub.storage.TaskHubStorage;
import java.time.Duration;
import java.time.Instant;

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
    /** When the message is due (a timer delivered in process at its time); null: due now. */
    private volatile Instant due;
    /** Deleted or given up: never renewed again, so a renewal racing a hand-back cannot hide it once more. */
    private boolean released;

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

    /** The message is due at {@code at}: if it is handed back before then, it reappears at that time. */
    HeldMessage dueAt(Instant at) {
        this.due = at;
        return this;
    }

    /** How long after {@code now} a handed-back copy should stay invisible: until it is due. */
    Duration untilDue(Instant now) {
        Instant at = due;
        return at == null || !at.isAfter(now) ? Duration.ZERO : Duration.between(now, at);
    }

    /** Extends visibility once less than half of {@code visibility} is left; false if the message is gone. */
    synchronized boolean renewIfDue(TaskHubStorage storage, Duration visibility) {
        if (released) {
            return false;
        }
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
        released = true;
        String receipt = storage.updateVisibility(queue, messageId, popReceipt, after);
        if (receipt != null) {
            popReceipt = receipt;
        }
    }

    synchronized void delete(TaskHubStorage storage) {
        released = true;
        storage.delete(queue, messageId, popReceipt);
    }

    @Override
    public String toString() {
        return queue + "/" + messageId;
    }
}
