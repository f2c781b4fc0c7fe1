package io.durascale.pipeline.taskhub.model;

import java.util.List;

/** Work the task hub hands to a worker (DurableTask.Core's orchestration and activity work items). */
public sealed interface WorkItem {

    /**
     * An orchestration episode: replay {@code pastEvents}, then process {@code newEvents}.
     *
     * @param executionId the execution the episode runs
     */
    record Orchestration(String instanceId, String executionId, List<HistoryEvent> pastEvents,
                         List<HistoryEvent> newEvents) implements WorkItem {
        public Orchestration {
            pastEvents = List.copyOf(pastEvents);
            newEvents = List.copyOf(newEvents);
        }
    }

    /** An activity to run for {@code taskId} of an execution. */
    record Activity(String name, String version, String input, OrchestrationInstance orchestrationInstance, int taskId)
            implements WorkItem {
    }
}
