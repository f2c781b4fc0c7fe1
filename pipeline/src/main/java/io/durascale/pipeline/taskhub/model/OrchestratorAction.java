package io.durascale.pipeline.taskhub.model;

import java.time.Instant;
import java.util.List;

/**
 * What an orchestrator asked for in one episode (DurableTask.Core's {@code OrchestratorAction}s).
 * The id is the one the history event recording the action gets, so a replay matches them.
 */
public sealed interface OrchestratorAction {

    int id();

    record ScheduleTask(int id, String name, String version, String input) implements OrchestratorAction {
    }

    /** @param instanceId the child's id; empty to let the task hub derive one */
    record CreateSubOrchestration(int id, String instanceId, String name, String version, String input)
            implements OrchestratorAction {
    }

    record CreateTimer(int id, Instant fireAt) implements OrchestratorAction {
    }

    record SendEvent(int id, OrchestrationInstance instance, String name, String data) implements OrchestratorAction {
    }

    /**
     * Ends the execution with a status; a continue-as-new carries the events not processed yet
     * into the next execution.
     */
    record CompleteOrchestration(int id, OrchestrationStatus orchestrationStatus, String result, String details,
                                 String newVersion, List<HistoryEvent> carryoverEvents, FailureDetails failureDetails)
            implements OrchestratorAction {
        public CompleteOrchestration {
            carryoverEvents = List.copyOf(carryoverEvents);
        }
    }
}
