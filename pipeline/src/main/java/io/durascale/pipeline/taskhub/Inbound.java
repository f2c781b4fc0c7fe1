package io.durascale.pipeline.taskhub;

import io.durascale.pipeline.taskhub.model.HistoryEvent;
import io.durascale.pipeline.taskhub.storage.TaskHubMessages.ControlMessage;
import java.time.Instant;

/**
 * A control message received (or an activity result delivered in process) and waiting in its
 * instance's session for an episode.
 *
 * @param held        the control-queue message to delete once processed; null for in-process deliveries
 * @param activityAck an activity's work-item message to delete once its result is committed (in-process delivery)
 */
record Inbound(ControlMessage message, HeldMessage held, HeldMessage activityAck) {

    long sentAt() {
        return message.sentAtMicros();
    }

    /** The event that decides what the message is (a message carries one event, or a start and its carried-over events). */
    HistoryEvent firstEvent() {
        return message.events().get(0);
    }

    boolean isStart() {
        return firstEvent() instanceof HistoryEvent.ExecutionStarted;
    }

    /** The execution a start message starts; empty when it names none. */
    String startExecutionId() {
        var instance = ((HistoryEvent.ExecutionStarted) firstEvent()).orchestrationInstance();
        return instance == null || instance.executionId() == null ? "" : instance.executionId();
    }

    /** When the message is due: a timer's fire time, a start's scheduled time; null for what is due at once. */
    Instant dueAt() {
        HistoryEvent first = firstEvent();
        if (first instanceof HistoryEvent.TimerFired fired) {
            return fired.fireAt();
        }
        return first instanceof HistoryEvent.ExecutionStarted started ? started.scheduledStartTimestamp() : null;
    }

    /** A start handed out by the queue for the first time (or delivered in process): no earlier attempt may have stored history. */
    boolean isFirstDelivery() {
        return held == null || held.dequeueCount() <= 1;
    }
}
