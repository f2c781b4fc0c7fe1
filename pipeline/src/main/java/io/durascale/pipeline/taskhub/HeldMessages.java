package io.durascale.pipeline.taskhub;

import io.durascale.pipeline.taskhub.storage.TaskHubMessages;
import io.durascale.pipeline.taskhub.storage.TaskHubStorage;
import java.time.Duration;
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
 * deleted when done, made visible again when given up, moved to {@code <hub>-poison} when they
 * cannot be read.
 */
final class HeldMessages {

    private static final Logger log = LoggerFactory.getLogger(HeldMessages.class);

    private final TaskHubStorage storage;
    private final TaskHubSettings settings;
    private final Map<HeldMessage, Boolean> held = new ConcurrentHashMap<>();

    HeldMessages(TaskHubStorage storage, TaskHubSettings settings) {
        this.storage = storage;
        this.settings = settings;
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

    /** The inbound's messages are done with: delete the control message and the activity's work item. */
    void acknowledge(Inbound inbound) {
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
