package io.durascale.pipeline.taskhub;

import com.azure.storage.queue.models.QueueMessageItem;
import io.durascale.pipeline.taskhub.model.ActivityResult;
import io.durascale.pipeline.taskhub.model.HistoryEvent;
import io.durascale.pipeline.taskhub.model.HistoryEvent.TaskCompleted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.TaskFailed;
import io.durascale.pipeline.taskhub.model.OrchestrationInstance;
import io.durascale.pipeline.taskhub.model.WorkItem;
import io.durascale.pipeline.taskhub.partition.QueuePoller;
import io.durascale.pipeline.taskhub.storage.TaskHubMessages;
import io.durascale.pipeline.taskhub.storage.TaskHubMessages.ActivityMessage;
import io.durascale.pipeline.taskhub.storage.TaskHubMessages.ControlMessage;
import io.durascale.pipeline.taskhub.storage.TaskHubStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Activities through the shared work-item queue (DTFx's WorkItemQueue): scheduled ones are sent,
 * received ones dispatched to the workers, and results go back to their orchestrations.
 *
 * <p>When this process's workers have room, an activity goes into the queue invisible and
 * straight to them; and when the process that ran an activity also owns the orchestration's
 * partition, the result is handed over in memory and the work-item message kept (invisible)
 * until the episode that consumes the result is committed — so a crash re-runs the activity
 * instead of losing its result, and the common case costs two queue operations fewer.
 */
final class ActivityQueue {

    private static final Logger log = LoggerFactory.getLogger(ActivityQueue.class);

    /** An activity handed to the workers; its completion is matched by instance id and task id. */
    record ActivityTicket(ActivityMessage activity, HeldMessage message, WorkItem workItem, long generation)
            implements WorkItemDispatcher.Ticket {
        static String correlation(String instanceId, int taskId) {
            return "a:" + instanceId + "/" + taskId;
        }

        @Override
        public String correlation() {
            return correlation(activity.instanceId(), activity.taskId());
        }
    }

    private final TaskHubSettings settings;
    private final TaskHubStorage storage;
    private final TaskHubMessages messages;
    private final HeldMessages held;
    private final WorkItemDispatcher dispatcher;
    private final OrchestrationSessions sessions;
    private final TaskHubStats stats;
    private final LongSupplier generation;
    private final QueuePoller poller;
    private volatile boolean started;

    ActivityQueue(TaskHubSettings settings, TaskHubStorage storage, TaskHubMessages messages, HeldMessages held,
                  WorkItemDispatcher dispatcher, OrchestrationSessions sessions, TaskHubStats stats, LongSupplier generation) {
        this.settings = settings;
        this.storage = storage;
        this.messages = messages;
        this.held = held;
        this.dispatcher = dispatcher;
        this.sessions = sessions;
        this.stats = stats;
        this.generation = generation;
        this.poller = new QueuePoller(storage.names().workItemQueue(), settings.minPollingInterval(),
                settings.maxPollingInterval(), this::capacity, this::poll);
        dispatcher.onCapacity(poller::capacityFreed);
    }

    void startPolling() {
        poller.start();
    }

    /** From now on, activities go straight to this process's workers when they have room (the hub is serving). */
    void enableLocalDispatch() {
        started = true;
    }

    void stop() {
        started = false;
        poller.close();
    }

    private int capacity() {
        return Math.min(settings.workItemBatchSize(), dispatcher.freeCapacity());
    }

    private int poll(int max) {
        String queue = storage.names().workItemQueue();
        List<QueueMessageItem> items = storage.receive(queue, Math.min(max, 32), settings.workItemVisibilityTimeout());
        for (QueueMessageItem item : items) {
            HeldMessage message = held.hold(new HeldMessage(queue, item.getMessageId(), item.getPopReceipt(),
                    item.getDequeueCount(), settings.workItemVisibilityTimeout()));
            ActivityMessage activity;
            try {
                activity = messages.decodeActivity(item.getBody().toString());
            } catch (RuntimeException e) {
                held.poison(message, item.getBody().toString(), e.getMessage());
                continue;
            }
            dispatch(activity, message);
        }
        return items.size();
    }

    private void dispatch(ActivityMessage activity, HeldMessage message) {
        WorkItem.Activity item = new WorkItem.Activity(activity.name(), activity.version(), activity.input(),
                new OrchestrationInstance(activity.instanceId(), activity.executionId()), activity.taskId());
        dispatcher.offer(new ActivityTicket(activity, message, item, generation.getAsLong()));
    }

    /**
     * Puts an activity on the work-item queue. When our workers have room, it goes in invisible
     * and straight to them (the queue copy is the durable backup, visible again only if this
     * process dies); otherwise it goes in visible, for whichever process has room.
     */
    void send(ActivityMessage activity) {
        String queue = storage.names().workItemQueue();
        if (started && dispatcher.freeCapacity() > 0) {
            var sent = storage.send(queue, messages.encode(activity), settings.workItemVisibilityTimeout());
            stats.localDispatches.incrementAndGet();
            dispatch(activity, held.hold(new HeldMessage(queue, sent.getMessageId(), sent.getPopReceipt(), 0,
                    settings.workItemVisibilityTimeout())));
        } else {
            storage.send(queue, messages.encode(activity), Duration.ZERO);
            poller.wake();
        }
    }

    /** A worker's result: to the orchestration in memory if this process owns it, else through its control queue. */
    void finish(ActivityTicket ticket, ActivityResult result) {
        stats.activities.incrementAndGet();
        ActivityMessage activity = ticket.activity();
        HistoryEvent event = result.failureDetails() != null
                ? new TaskFailed(-1, Instant.now(), activity.taskId(), result.failureDetails())
                : new TaskCompleted(-1, Instant.now(), activity.taskId(), result.result());
        ControlMessage message = new ControlMessage(activity.instanceId(), activity.executionId(), List.of(event),
                "task:" + activity.executionId() + ":" + activity.taskId(), TaskHubMessages.nowMicros());
        try {
            if (sessions.deliversLocally(activity.instanceId())) {
                stats.localResults.incrementAndGet();
                sessions.deliver(new Inbound(message, null, ticket.message()));
            } else {
                sessions.sendControl(message, Duration.ZERO);
                held.release(ticket.message());
            }
        } catch (RuntimeException e) {
            log.warn("could not report the result of activity {} of {} (it will run again): {}", activity.name(),
                    activity.instanceId(), e.toString());
            held.abandon(ticket.message(), Duration.ZERO);
        }
    }
}
