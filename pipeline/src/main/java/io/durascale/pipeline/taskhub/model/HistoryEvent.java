package io.durascale.pipeline.taskhub.model;

import java.time.Instant;

/**
 * One event of an orchestration's history, named and shaped as DurableTask.Core's
 * {@code DurableTask.Core.History} namespace has them. Every event has its id (the action id it
 * answers for events an orchestrator scheduled, else -1) and the time it happened.
 *
 * <p>Optional values (version, input, result, failure, ...) are null when absent: absent and the
 * empty string differ, as they do on the wire. Names and instance ids are never null.
 */
public sealed interface HistoryEvent {

    int eventId();

    /** When it happened; null only for an event a worker sent without one (a carried-over event). */
    Instant timestamp();

    /** The first event of an execution: what to run, with what, for whom. */
    record ExecutionStarted(int eventId, Instant timestamp, String name, String version, String input,
                            OrchestrationInstance orchestrationInstance, ParentInstance parentInstance,
                            Instant scheduledStartTimestamp, String correlationData) implements HistoryEvent {
    }

    /** The end of an execution: completed, failed, terminated, or continued as new. */
    record ExecutionCompleted(int eventId, Instant timestamp, OrchestrationStatus orchestrationStatus, String result,
                              FailureDetails failureDetails) implements HistoryEvent {
    }

    record ExecutionTerminated(int eventId, Instant timestamp, String input) implements HistoryEvent {
    }

    record ExecutionSuspended(int eventId, Instant timestamp, String input) implements HistoryEvent {
    }

    record ExecutionResumed(int eventId, Instant timestamp, String input) implements HistoryEvent {
    }

    record TaskScheduled(int eventId, Instant timestamp, String name, String version, String input) implements HistoryEvent {
    }

    record TaskCompleted(int eventId, Instant timestamp, int taskScheduledId, String result) implements HistoryEvent {
    }

    record TaskFailed(int eventId, Instant timestamp, int taskScheduledId, FailureDetails failureDetails)
            implements HistoryEvent {
    }

    record SubOrchestrationInstanceCreated(int eventId, Instant timestamp, String instanceId, String name, String version,
                                           String input) implements HistoryEvent {
    }

    record SubOrchestrationInstanceCompleted(int eventId, Instant timestamp, int taskScheduledId, String result)
            implements HistoryEvent {
    }

    record SubOrchestrationInstanceFailed(int eventId, Instant timestamp, int taskScheduledId, FailureDetails failureDetails)
            implements HistoryEvent {
    }

    record TimerCreated(int eventId, Instant timestamp, Instant fireAt) implements HistoryEvent {
    }

    record TimerFired(int eventId, Instant timestamp, Instant fireAt, int timerId) implements HistoryEvent {
    }

    /** Marks the start of an episode: its timestamp is the orchestrator's "current time" for that episode. */
    record OrchestratorStarted(int eventId, Instant timestamp) implements HistoryEvent {
    }

    record OrchestratorCompleted(int eventId, Instant timestamp) implements HistoryEvent {
    }

    /** An event this orchestration sent to another instance. */
    record EventSent(int eventId, Instant timestamp, String instanceId, String name, String input) implements HistoryEvent {
    }

    /** An event raised to this orchestration (by a client, or sent by another orchestration). */
    record EventRaised(int eventId, Instant timestamp, String name, String input) implements HistoryEvent {
    }

    record GenericEvent(int eventId, Instant timestamp, String data) implements HistoryEvent {
    }

    /** A snapshot of the instance's state (executionId and parent are not part of it). */
    record HistoryState(int eventId, Instant timestamp, InstanceRecord orchestrationState) implements HistoryEvent {
    }

    record ContinueAsNew(int eventId, Instant timestamp, String input) implements HistoryEvent {
    }
}
