package io.durascale.pipeline.http;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.durascale.pipeline.taskhub.model.InstanceRecord;
import io.durascale.pipeline.taskhub.model.OrchestrationStatus;
import io.durascale.pipeline.taskhub.storage.TaskHubJson;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The Durable Functions HTTP API's documents for an instance read from the task hub: its status document, its
 * history as {@code showHistory=true} shows it, and the status names and rules the API answers by.
 */
final class StatusDocuments {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the durabletask client calls completed (OrchestrationMetadata.isCompleted): 200 rather than 202, 410, restart. */
    private static final Set<OrchestrationStatus> COMPLETED = EnumSet.of(OrchestrationStatus.COMPLETED,
            OrchestrationStatus.FAILED, OrchestrationStatus.TERMINATED);

    private StatusDocuments() {
    }

    static boolean isCompleted(InstanceRecord instance) {
        return COMPLETED.contains(instance.status());
    }

    /** The status document; input only when asked for, custom status and output as JSON when the record has them. */
    static ObjectNode document(InstanceRecord m, boolean withInput) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("name", m.name());
        doc.put("instanceId", m.instanceId());
        doc.put("runtimeStatus", statusName(m.status()));
        if (withInput) {
            doc.set("input", json(m.input()));
        }
        doc.set("customStatus", json(m.customStatus()));
        doc.set("output", output(m));
        doc.put("createdTime", m.createdTime().toString());
        doc.put("lastUpdatedTime", m.lastUpdatedTime().toString());
        return doc;
    }

    /** The output; for a failed instance, its failure message (as Durable Functions shows it). */
    static JsonNode output(InstanceRecord m) {
        if (m.status() == OrchestrationStatus.FAILED && m.failure() != null && m.failure().errorMessage() != null
                && !m.failure().errorMessage().isEmpty()) {
            String type = m.failure().errorType() == null ? "" : m.failure().errorType();
            return JSON.getNodeFactory().textNode(type + ": " + m.failure().errorMessage());
        }
        return json(m.output());
    }

    static JsonNode json(String serialized) {
        if (serialized == null || serialized.isEmpty()) {
            return JSON.getNodeFactory().nullNode();
        }
        try {
            return JSON.readTree(serialized);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(serialized);
        }
    }

    /** "Running", "Completed", ... as Durable Functions names them. */
    static String statusName(OrchestrationStatus status) {
        return status.storedName();
    }

    /** A status by its Durable Functions name, in any case. */
    static OrchestrationStatus parseStatus(String name) {
        return OrchestrationStatus.fromStoredName(name).orElseThrow(() -> ApiException.badRequest("unknown runtime status '"
                + name + "' (one of Pending, Running, Completed, ContinuedAsNew, Failed, Canceled, Terminated, Suspended)"));
    }

    /**
     * The current execution's events as the Durable Functions status API shows them ({@code showHistory=true}):
     * the durabletask protocol has no history call, and the History table is the record anyway.
     *
     * @param withOutputs whether results are shown ({@code showHistoryOutput=true})
     */
    static List<ObjectNode> history(List<HistoryEvent> stored, boolean withOutputs) {
        List<ObjectNode> events = new ArrayList<>(stored.size());
        for (HistoryEvent e : stored) {
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
            if (!withOutputs) {
                event.remove("Result");
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
