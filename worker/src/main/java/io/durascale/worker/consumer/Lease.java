package io.durascale.worker.consumer;

import com.azure.core.util.Context;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.models.QueueMessageItem;
import java.time.Duration;

/**
 * This worker's hold on one received message: the current pop receipt (it changes with every
 * visibility update) and what became of the message. Renewal, deletion and release are
 * serialised, so a delete never races a renewal into using a stale receipt.
 */
final class Lease {

    enum State {
        /** Invisible to others while this worker computes. */
        HELD,
        /** Deleted: the job is done (or poisoned). */
        DELETED,
        /** Made visible again on purpose, for a retry or another worker. */
        RELEASED,
        /** Another receiver got it, or it vanished: this worker no longer owns it. */
        LOST
    }

    private final QueueMessageItem message;
    private final String body;
    private String popReceipt;
    private long renewedAtNanos;
    private State state = State.HELD;

    Lease(QueueMessageItem message, long receivedAtNanos) {
        this.message = message;
        this.body = message.getBody() == null ? "" : message.getBody().toString();
        this.popReceipt = message.getPopReceipt();
        this.renewedAtNanos = receivedAtNanos;
    }

    String messageId() {
        return message.getMessageId();
    }

    String body() {
        return body;
    }

    long dequeueCount() {
        return message.getDequeueCount();
    }

    synchronized State state() {
        return state;
    }

    synchronized boolean renewalDue(long nowNanos, Duration age) {
        return state == State.HELD && nowNanos - renewedAtNanos >= age.toNanos();
    }

    /**
     * Extends the message's invisibility; false if the lease was no longer held.
     *
     * @throws RuntimeException a storage error other than "message lost" (the lease stays held)
     */
    synchronized boolean renew(QueueClient queue, Duration visibilityTimeout, long nowNanos) {
        if (state != State.HELD) {
            return false;
        }
        try {
            popReceipt = queue.updateMessageWithResponse(messageId(), popReceipt, null, visibilityTimeout,
                    JobStorage.CALL_TIMEOUT, Context.NONE).getValue().getPopReceipt();
            renewedAtNanos = nowNanos;
            return true;
        } catch (RuntimeException e) {
            if (StorageErrors.isMessageLost(e)) {
                state = State.LOST;
                return false;
            }
            throw e;
        }
    }

    /** Deletes the message; false if this worker no longer held it (someone else will finish it). */
    synchronized boolean delete(QueueClient queue) {
        if (state != State.HELD) {
            return false;
        }
        try {
            queue.deleteMessageWithResponse(messageId(), popReceipt, JobStorage.CALL_TIMEOUT, Context.NONE);
            state = State.DELETED;
            return true;
        } catch (RuntimeException e) {
            if (StorageErrors.isMessageLost(e)) {
                state = State.LOST;
                return false;
            }
            throw e;
        }
    }

    /**
     * Makes the message visible again after {@code delay}; false if it was no longer held. A
     * failure leaves it to reappear when its visibility timeout runs out, which loses nothing.
     */
    synchronized boolean release(QueueClient queue, Duration delay) {
        if (state != State.HELD) {
            return false;
        }
        try {
            queue.updateMessageWithResponse(messageId(), popReceipt, null, delay, JobStorage.CALL_TIMEOUT, Context.NONE);
            state = State.RELEASED;
            return true;
        } catch (RuntimeException e) {
            state = State.LOST;
            return false;
        }
    }
}
