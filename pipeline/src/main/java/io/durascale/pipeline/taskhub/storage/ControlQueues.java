package io.durascale.pipeline.taskhub.storage;

import com.azure.storage.queue.models.SendMessageResult;
import io.durascale.pipeline.taskhub.TaskHubNames;
import io.durascale.pipeline.taskhub.storage.TaskHubMessages.ControlMessage;
import java.time.Duration;

/**
 * Messages to the instances' control queues (DTFx's ControlQueue), with the timer index kept beside them: every
 * message goes to its instance's partition, a delayed one's {@link TimerIndex} row is written first, and the row
 * goes once the message is consumed. The one path to a control queue, for clients and partition owners alike.
 */
public final class ControlQueues {

    private final TaskHubStorage storage;
    private final TaskHubMessages messages;
    private final TimerIndex timers;
    private final TaskHubNames names;

    public ControlQueues(TaskHubStorage storage, TaskHubMessages messages) {
        this.storage = storage;
        this.messages = messages;
        this.timers = new TimerIndex(storage);
        this.names = storage.names();
    }

    public TimerIndex timers() {
        return timers;
    }

    /**
     * Sends {@code message} to its instance's control queue, invisible for {@code invisibleFor}: its delay, or
     * longer for the queue copy of a message its partition owner delivers in process.
     */
    public SendMessageResult send(ControlMessage message, Duration invisibleFor) {
        int partition = names.partitionOf(message.instanceId());
        TimerIndex.entryOf(message, partition).ifPresent(timers::add);
        return storage.send(names.controlQueue(partition), messages.encode(message), invisibleFor);
    }

    /** The message has been consumed (its episode committed, or it was dropped): its timer-index row goes. */
    public void consumed(ControlMessage message) {
        TimerIndex.entryOf(message, names.partitionOf(message.instanceId())).ifPresent(timers::remove);
    }
}
