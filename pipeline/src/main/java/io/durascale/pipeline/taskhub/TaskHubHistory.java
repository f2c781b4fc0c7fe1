package io.durascale.pipeline.taskhub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.durascale.pipeline.taskhub.model.HistoryEvent;
import io.durascale.pipeline.taskhub.model.HistoryEvent.EventRaised;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ExecutionCompleted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ExecutionStarted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.OrchestratorCompleted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.OrchestratorStarted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.SubOrchestrationInstanceCreated;
import io.durascale.pipeline.taskhub.model.HistoryEvent.TaskCompleted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.TaskFailed;
import io.durascale.pipeline.taskhub.model.HistoryEvent.TaskScheduled;
import io.durascale.pipeline.taskhub.model.HistoryEvent.TimerCreated;
import io.durascale.pipeline.taskhub.storage.TaskHubJson;
import io.durascale.pipeline.taskhub.storage.TaskHubStorage;
import io.durascale.pipeline.taskhub.tracking.HistoryStore;
import io.durascale.storage.StorageAccount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an instance's history straight from the hub's History table, in the shape the Durable
 * Functions status API shows it ({@code showHistory=true}): the durabletask protocol has no
 * history call, and the table is the record anyway.
 */
public final class TaskHubHistory {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HistoryStore store;

    public TaskHubHistory(StorageAccount account, String hub) {
        TaskHubNames names = new TaskHubNames(hub, 1);
        this.store = new HistoryStore(new TaskHubStorage(account, names, new StorageOps()));
    }

    /** The current execution's events, oldest first; null if the instance has no history. */
    public List<ObjectNode> read(String instanceId) {
        HistoryStore.Loaded loaded = store.read(instanceId); // read only: never disturbs an owner's append
        if (loaded.executionId() == null) {
            return null;
        }
        List<ObjectNode> events = new ArrayList<>(loaded.events().size());
        for (HistoryStore.StoredEvent stored : loaded.events()) {
            HistoryEvent e = stored.event();
            if (e instanceof OrchestratorStarted || e instanceof OrchestratorCompleted) {
                continue; // bookkeeping, as Durable Functions leaves it out too
            }
            ObjectNode event = JSON.createObjectNode();
            event.put("EventType", TaskHubJson.eventType(e));
            event.put("EventId", e.eventId());
            event.put("Timestamp", (e.timestamp() == null ? Instant.EPOCH : e.timestamp()).toString());
            if (e instanceof ExecutionStarted s) {
                event.put("FunctionName", s.name());
            } else if (e instanceof TaskScheduled t) {
                event.put("FunctionName", t.name());
            } else if (e instanceof TaskCompleted t) {
                event.put("TaskScheduledId", t.taskScheduledId()).put("Result", orEmpty(t.result()));
            } else if (e instanceof TaskFailed t) {
                event.put("TaskScheduledId", t.taskScheduledId())
                        .put("Reason", t.failureDetails() == null ? "" : t.failureDetails().errorMessage());
            } else if (e instanceof EventRaised r) {
                event.put("Name", r.name());
            } else if (e instanceof TimerCreated t) {
                event.put("FireAt", (t.fireAt() == null ? Instant.EPOCH : t.fireAt()).toString());
            } else if (e instanceof SubOrchestrationInstanceCreated c) {
                event.put("FunctionName", c.name()).put("InstanceId", c.instanceId());
            } else if (e instanceof ExecutionCompleted c) {
                event.put("OrchestrationStatus", c.orchestrationStatus().storedName()).put("Result", orEmpty(c.result()));
            }
            events.add(event);
        }
        return events;
    }

    /** Absent results show as "", as the protobuf getters returned them. */
    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
