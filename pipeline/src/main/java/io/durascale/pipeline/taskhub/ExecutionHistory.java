package io.durascale.pipeline.taskhub;

import io.durascale.pipeline.taskhub.OrchestrationSession.Disposition;
import io.durascale.pipeline.taskhub.model.HistoryEvent;
import io.durascale.pipeline.taskhub.model.HistoryEvent.EventSent;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ExecutionCompleted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ExecutionResumed;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ExecutionStarted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ExecutionSuspended;
import io.durascale.pipeline.taskhub.model.HistoryEvent.OrchestratorStarted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.SubOrchestrationInstanceCompleted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.SubOrchestrationInstanceCreated;
import io.durascale.pipeline.taskhub.model.HistoryEvent.SubOrchestrationInstanceFailed;
import io.durascale.pipeline.taskhub.model.HistoryEvent.TaskCompleted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.TaskFailed;
import io.durascale.pipeline.taskhub.model.HistoryEvent.TaskScheduled;
import io.durascale.pipeline.taskhub.model.HistoryEvent.TimerCreated;
import io.durascale.pipeline.taskhub.model.HistoryEvent.TimerFired;
import io.durascale.pipeline.taskhub.model.OrchestrationStatus;
import io.durascale.pipeline.taskhub.tracking.HistoryStore.StoredEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The committed history of one execution of an instance, with the indexes duplicate detection
 * reads: which tasks, timers and children were scheduled and which have answered, which message
 * keys were seen, and how the execution stands (started, suspended, ended). Part of its
 * {@link OrchestrationSession}, guarded by the session's monitor.
 */
final class ExecutionHistory {

    private final String executionId;
    private final List<StoredEvent> events = new ArrayList<>();
    private ExecutionStarted started;
    private OrchestrationStatus completion;
    /** The end of the execution, once it ended: what a parent is told. */
    private ExecutionCompleted completedEvent;
    private boolean suspended;
    private Instant lastOrchestratorStart = Instant.EPOCH;
    private final Set<String> seenKeys = new HashSet<>();
    private final Set<Integer> scheduledTasks = new HashSet<>();
    private final Set<Integer> finishedTasks = new HashSet<>();
    private final Set<Integer> createdTimers = new HashSet<>();
    private final Set<Integer> firedTimers = new HashSet<>();
    private final Set<Integer> createdChildren = new HashSet<>();
    private final Set<Integer> finishedChildren = new HashSet<>();
    private final Set<Integer> sentEvents = new HashSet<>();

    /** @param executionId null for an instance with no stored execution */
    ExecutionHistory(String executionId) {
        this.executionId = executionId;
    }

    /** Appends an event to the history and its indexes. */
    void index(StoredEvent stored) {
        events.add(stored);
        if (stored.messageKey() != null) {
            seenKeys.add(stored.messageKey());
        }
        HistoryEvent e = stored.event();
        if (e instanceof ExecutionStarted s) {
            started = s;
        } else if (e instanceof OrchestratorStarted o) {
            lastOrchestratorStart = o.timestamp() == null ? Instant.EPOCH : o.timestamp();
        } else if (e instanceof TaskScheduled) {
            scheduledTasks.add(e.eventId());
        } else if (e instanceof TaskCompleted t) {
            finishedTasks.add(t.taskScheduledId());
        } else if (e instanceof TaskFailed t) {
            finishedTasks.add(t.taskScheduledId());
        } else if (e instanceof TimerCreated) {
            createdTimers.add(e.eventId());
        } else if (e instanceof TimerFired t) {
            firedTimers.add(t.timerId());
        } else if (e instanceof SubOrchestrationInstanceCreated) {
            createdChildren.add(e.eventId());
        } else if (e instanceof SubOrchestrationInstanceCompleted c) {
            finishedChildren.add(c.taskScheduledId());
        } else if (e instanceof SubOrchestrationInstanceFailed f) {
            finishedChildren.add(f.taskScheduledId());
        } else if (e instanceof EventSent) {
            sentEvents.add(e.eventId());
        } else if (e instanceof ExecutionSuspended) {
            suspended = true;
        } else if (e instanceof ExecutionResumed) {
            suspended = false;
        } else if (e instanceof ExecutionCompleted c) {
            completion = c.orchestrationStatus();
            completedEvent = c;
        }
        // other events carry no state the backend needs
    }

    String executionId() {
        return executionId;
    }

    /** The committed events, oldest first (read-only; valid while the session's monitor is held). */
    List<StoredEvent> events() {
        return Collections.unmodifiableList(events);
    }

    ExecutionStarted started() {
        return started;
    }

    boolean isSuspended() {
        return suspended;
    }

    Instant lastOrchestratorStart() {
        return lastOrchestratorStart;
    }

    /** Whether the execution has already sent the event of action {@code id}. */
    boolean hasSentEvent(int id) {
        return sentEvents.contains(id);
    }

    /** How the execution ended; null while it runs. */
    OrchestrationStatus completion() {
        return completion;
    }

    /** The end of the execution; null while it runs. */
    ExecutionCompleted completedEvent() {
        return completedEvent;
    }

    boolean hasExecution() {
        return executionId != null && started != null;
    }

    /** Completed for good: later messages are dropped (a new start is the only way back). */
    boolean isFinished() {
        return completion != null && completion != OrchestrationStatus.CONTINUED_AS_NEW;
    }

    /** Continued as new, and the new execution's start message has not been processed yet. */
    boolean awaitingNewExecution() {
        return completion == OrchestrationStatus.CONTINUED_AS_NEW;
    }

    /**
     * Classifies a message against the committed state (or against an execution about to start
     * in the same episode, {@code startingExecution}).
     */
    Disposition classify(Inbound inbound, String startingExecution, Instant now) {
        if (inbound.isStart()) {
            if (inbound.startExecutionId().equals(executionId) && hasExecution()) {
                return Disposition.DUPLICATE;
            }
            // A scheduled start sent through the queue surfaces up to a second early (visibility is whole seconds).
            Instant due = inbound.dueAt();
            return due != null && due.isAfter(now) ? Disposition.DEFER : Disposition.PROCESS;
        }
        String messageExecution = inbound.message().executionId();
        String currentExecution = startingExecution != null ? startingExecution : executionId;
        boolean executionKnown = startingExecution != null || (hasExecution() && !awaitingNewExecution());
        if (messageExecution != null && currentExecution != null && !messageExecution.equals(currentExecution)) {
            return Disposition.STALE;
        }
        if (!executionKnown) {
            return Disposition.HOLD;
        }
        if (startingExecution == null && isFinished()) {
            return Disposition.STALE;
        }
        HistoryEvent e = inbound.firstEvent();
        boolean fresh = startingExecution != null; // a new execution has no history yet
        if (e instanceof TaskCompleted t) {
            return taskResult(t.taskScheduledId(), fresh);
        } else if (e instanceof TaskFailed t) {
            return taskResult(t.taskScheduledId(), fresh);
        } else if (e instanceof TimerFired t) {
            if (fresh || !createdTimers.contains(t.timerId())) {
                return Disposition.STALE;
            }
            if (firedTimers.contains(t.timerId())) {
                return Disposition.DUPLICATE;
            }
            // Queue visibility is whole seconds: a timer may surface early, and must not fire early.
            return t.fireAt() != null && t.fireAt().isAfter(now) ? Disposition.DEFER : Disposition.PROCESS;
        } else if (e instanceof SubOrchestrationInstanceCompleted c) {
            return childResult(c.taskScheduledId(), fresh);
        } else if (e instanceof SubOrchestrationInstanceFailed f) {
            return childResult(f.taskScheduledId(), fresh);
        }
        return seenKeys.contains(inbound.message().key()) ? Disposition.DUPLICATE : Disposition.PROCESS;
    }

    private Disposition taskResult(int taskId, boolean fresh) {
        if (fresh || !scheduledTasks.contains(taskId)) {
            return Disposition.STALE;
        }
        return finishedTasks.contains(taskId) ? Disposition.DUPLICATE : Disposition.PROCESS;
    }

    private Disposition childResult(int taskId, boolean fresh) {
        if (fresh || !createdChildren.contains(taskId)) {
            return Disposition.STALE;
        }
        return finishedChildren.contains(taskId) ? Disposition.DUPLICATE : Disposition.PROCESS;
    }
}
