package io.durascale.pipeline.taskhub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.HistoryEvent;
import io.durascale.storage.StorageAccount;
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
            if (e.hasOrchestratorStarted() || e.hasOrchestratorCompleted()) {
                continue; // bookkeeping, as Durable Functions leaves it out too
            }
            ObjectNode event = JSON.createObjectNode();
            event.put("EventType", HistoryStore.eventTypeName(e));
            event.put("EventId", e.getEventId());
            event.put("Timestamp", ProtoTime.toInstant(e.getTimestamp()).toString());
            switch (e.getEventTypeCase()) {
                case EXECUTIONSTARTED -> event.put("FunctionName", e.getExecutionStarted().getName());
                case TASKSCHEDULED -> event.put("FunctionName", e.getTaskScheduled().getName());
                case TASKCOMPLETED -> event.put("TaskScheduledId", e.getTaskCompleted().getTaskScheduledId())
                        .put("Result", e.getTaskCompleted().getResult().getValue());
                case TASKFAILED -> event.put("TaskScheduledId", e.getTaskFailed().getTaskScheduledId())
                        .put("Reason", e.getTaskFailed().getFailureDetails().getErrorMessage());
                case EVENTRAISED -> event.put("Name", e.getEventRaised().getName());
                case TIMERCREATED -> event.put("FireAt", ProtoTime.toInstant(e.getTimerCreated().getFireAt()).toString());
                case SUBORCHESTRATIONINSTANCECREATED -> event.put("FunctionName", e.getSubOrchestrationInstanceCreated().getName())
                        .put("InstanceId", e.getSubOrchestrationInstanceCreated().getInstanceId());
                case EXECUTIONCOMPLETED -> event.put("OrchestrationStatus",
                        InstanceStore.statusName(e.getExecutionCompleted().getOrchestrationStatus()))
                        .put("Result", e.getExecutionCompleted().getResult().getValue());
                default -> { }
            }
            events.add(event);
        }
        return events;
    }
}
