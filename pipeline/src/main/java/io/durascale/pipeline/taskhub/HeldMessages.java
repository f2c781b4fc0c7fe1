package io.durascale.pipeline.taskhub;

import io.durascale.pipeline.taskhub.storage.ControlQueues;
import io.durascale.pipeline.taskhub.storage.TaskHubMessages;
import io.durascale.pipeline.taskhub.storage.TaskHubStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue messages this process holds: kept invisible while they are needed (renewed before
 * their visibility runs out, as the Azure Storage provider renews its work items' messages),
 * deleted when done (with a delayed message's timer-index row), made visible again when given up
 * (all at once when the process scales in: each when it is due), moved to {@code <hub>-poison}
 * when they cannot be read.
 */
final class HeldMessages {

    private static final Logger log = LoggerFactory.getLogger(HeldMessages.class);

    private final TaskHubStorage storage;
    private final TaskHubSettings settings;
    private final ControlQueues controlQueues;
    private final Map<HeldMessage, Boolean> held = new ConcurrentHashMap<>();

    HeldMessages(TaskHubStorage storage, TaskHubSettings settings, ControlQueues controlQueues) {
        this.storage = storage;
        this.settings = settings;
        this.controlQueues = controlQueues;
    }

    /** Renews every held message a quarter of the shorter visibility timeout (at least every second). */
    void start(ScheduledExecutorService scheduler) {
        long every = Math.max(1000, Math.min(settings.controlVisibilityTimeout().toMillis(),
                settings.workItemVisibilityTimeout().toMillis()) / 4);
        scheduler.scheduleWithFixedDelay(this::renewDue, every, every, TimeUnit.MILLISECONDS);
    }

    HeldMessage hold(HeldMessage message) {
        held.put(message, Boolean.TRUE);
        return message;
    }

    /**
     * The inbound's messages are done with: delete its timer-index row, the control message and the activity's
     * work item. The row goes first: a crash in between leaves a consumed message without a row, which is dropped
     * as a duplicate whenever it reappears, never a row that keeps waking a scaler.
     */
    void acknowledge(Inbound inbound) {
        try {
            controlQueues.consumed(inbound.message());
        } catch (RuntimeException e) {
            // Its partition's next owner removes it once overdue (TimerIndex.removeOverdue).
            log.debug("could not delete the timer-index row of {}: {}", inbound.message().key(), e.toString());
        }
        replaced(inbound);
    }

    /** The inbound was sent again (a long timer, with the rest of its delay): delete this copy, keep its row. */
    void replaced(Inbound inbound) {
        if (inbound.held() != null) {
            release(inbound.held());
        }
        if (inbound.activityAck() != null) {
            release(inbound.activityAck());
        }
    }

    void release(HeldMessage message) {
        held.remove(message);
        try {
            message.delete(storage);
        } catch (RuntimeException e) {
            // It will reappear after its visibility timeout and be recognised as a duplicate.
            log.debug("could not delete {}: {}", message, e.toString());
        }
    }

    /** Lets the inbound's messages reappear after {@code after}, for this process or a new owner. */
    void abandon(Inbound inbound, Duration after) {
        if (inbound.held() != null) {
            abandon(inbound.held(), after);
        }
        if (inbound.activityAck() != null) {
            abandon(inbound.activityAck(), after);
        }
    }

    void abandon(HeldMessage message, Duration after) {
        held.remove(message);
        try {
            message.abandon(storage, after);
        } catch (RuntimeException e) {
            log.debug("could not abandon {}: {}", message, e.toString());
        }
    }

    /** A message we cannot read goes to {@code <hub>-poison} with the reason, never silently away. */
    void poison(HeldMessage message, String body, String reason) {
        String poisonQueue = storage.names().hub().toLowerCase(Locale.ROOT) + "-poison";
        log.warn("moving unreadable message {} to {}: {}", message, poisonQueue, reason);
        try {
            storage.queue(poisonQueue).createIfNotExists();
            storage.send(poisonQueue, TaskHubMessages.poisoned(reason, message.queue(), message.messageId(), body), Duration.ZERO);
            release(message);
        } catch (RuntimeException e) {
            log.warn("could not move {} to the poison queue: {}", message, e.toString());
        }
    }

    int count() {
        return held.size();
    }

    /**
     * Gives every held message back (safe scale-in): visible again at once, or when it is due (a timer this
     * process was to deliver at its time), for whichever process owns its partition next.
     *
     * @return how many were handed back
     */
    int abandonAll() {
        Instant now = Instant.now();
        int n = 0;
        for (HeldMessage message : List.copyOf(held.keySet())) {
            abandon(message, message.untilDue(now));
            n++;
        }
        return n;
    }

    /** Forgets every held message (the hub was wiped: their queues were emptied). */
    void clear() {
        held.clear();
    }

    private void renewDue() {
        for (HeldMessage message : held.keySet()) {
            Duration visibility = message.queue().equals(storage.names().workItemQueue())
                    ? settings.workItemVisibilityTimeout() : settings.controlVisibilityTimeout();
            try {
                if (!message.renewIfDue(storage, visibility)) {
                    held.remove(message);
                }
            } catch (RuntimeException e) {
                log.debug("renewing {} failed: {}", message, e.toString());
            }
        }
    }
}
