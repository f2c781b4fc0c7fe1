package io.durascale.pipeline.taskhub;

import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.ExecutionStartedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.HistoryEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestrationStatus;
import io.durascale.pipeline.taskhub.HistoryStore.StoredEvent;
import io.durascale.pipeline.taskhub.TaskHubMessages.ControlMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One orchestration instance as its partition owner sees it: the committed history of its
 * current execution (kept in memory between episodes when extended sessions are on), indexes
 * for duplicate detection, and the inbox of messages not processed yet. Guarded by its own
 * monitor; at most one episode is in flight per instance ({@link #busy}).
 */
final class OrchestrationSession {

    /** A received control message (or an activity result delivered in process) waiting for an episode. */
    static final class Inbound {
        final ControlMessage message;
        /** The control-queue message to delete once processed; null for in-process deliveries. */
        final HeldMessage held;
        /** An activity's work-item message to delete once its result is committed (in-process delivery). */
        final HeldMessage activityAck;

        Inbound(ControlMessage message, HeldMessage held, HeldMessage activityAck) {
            this.message = message;
            this.held = held;
            this.activityAck = activityAck;
        }

        long sentAt() {
            return message.sentAtMicros();
        }

        boolean isStart() {
            return message.events().get(0).hasExecutionStarted();
        }
    }

    /** What an episode will do with an inbound message. */
    enum Disposition { PROCESS, DUPLICATE, STALE, HOLD, DEFER }

    final String instanceId;
    final int partition;

    // ---- committed state of the current execution (valid when loaded) ----
    boolean loaded;
    /** False until the first load: a fresh session of a new instance may skip reading its (empty) history. */
    boolean everLoaded;
    String executionId;
    final List<StoredEvent> history = new ArrayList<>();
    /** History row numbers: this execution's first, and the next free one (never reused). */
    long firstSeq;
    long nextSeq;
    /**
     * The history sentinel's ETag at the state held here (loaded, or left by our last commit): the
     * next append commits only if the sentinel is still at it. Null for an instance not stored yet.
     */
    String sentinelETag;
    ExecutionStartedEvent started;
    OrchestrationStatus completion;
    /** The end of the current execution, once it ended: what a parent is told. */
    com.microsoft.durabletask.implementation.protobuf.OrchestratorService.ExecutionCompletedEvent completedEvent;
    boolean suspended;
    Instant lastOrchestratorStart = Instant.EPOCH;
    final Set<String> seenKeys = new HashSet<>();
    final Set<Integer> scheduledTasks = new HashSet<>();
    final Set<Integer> finishedTasks = new HashSet<>();
    final Set<Integer> createdTimers = new HashSet<>();
    final Set<Integer> firedTimers = new HashSet<>();
    final Set<Integer> createdChildren = new HashSet<>();
    final Set<Integer> finishedChildren = new HashSet<>();
    final Set<Integer> sentEvents = new HashSet<>();

    // ---- what the instances table shows, as far as this process knows ----
    OrchestrationStatus writtenStatus;
    String writtenCustomStatus;
    boolean customStatusKnown;
    /** Whether the instance has a row in the instances table (checked once for orphan messages). */
    Boolean rowExists;

    // ---- pending work ----
    final List<Inbound> inbox = new ArrayList<>();
    boolean busy;
    /** The episode dispatched and not yet committed, if any. */
    Episode current;
    long lastUsedNanos = System.nanoTime();

    OrchestrationSession(String instanceId, int partition) {
        this.instanceId = instanceId;
        this.partition = partition;
    }

    /** Replaces the in-memory state with a history just read from the table. */
    void load(HistoryStore.Loaded loaded) {
        resetExecution(loaded.executionId());
        nextSeq = loaded.nextSeq();
        firstSeq = nextSeq - loaded.events().size();
        sentinelETag = loaded.etag();
        loaded.events().forEach(this::index);
        this.loaded = true;
        this.everLoaded = true;
        writtenStatus = null;
        customStatusKnown = false;
    }

    /** Starts a new (empty) execution; its history rows continue after the previous execution's. */
    void resetExecution(String newExecutionId) {
        executionId = newExecutionId;
        history.clear();
        started = null;
        completion = null;
        completedEvent = null;
        suspended = false;
        seenKeys.clear();
        scheduledTasks.clear();
        finishedTasks.clear();
        createdTimers.clear();
        firedTimers.clear();
        createdChildren.clear();
        finishedChildren.clear();
        sentEvents.clear();
    }

    /** Appends an event to the in-memory history and its indexes. */
    void index(StoredEvent stored) {
        history.add(stored);
        if (stored.messageKey() != null) {
            seenKeys.add(stored.messageKey());
        }
        HistoryEvent e = stored.event();
        switch (e.getEventTypeCase()) {
            case EXECUTIONSTARTED -> started = e.getExecutionStarted();
            case ORCHESTRATORSTARTED -> lastOrchestratorStart = ProtoTime.toInstant(e.getTimestamp());
            case TASKSCHEDULED -> scheduledTasks.add(e.getEventId());
            case TASKCOMPLETED -> finishedTasks.add(e.getTaskCompleted().getTaskScheduledId());
            case TASKFAILED -> finishedTasks.add(e.getTaskFailed().getTaskScheduledId());
            case TIMERCREATED -> createdTimers.add(e.getEventId());
            case TIMERFIRED -> firedTimers.add(e.getTimerFired().getTimerId());
            case SUBORCHESTRATIONINSTANCECREATED -> createdChildren.add(e.getEventId());
            case SUBORCHESTRATIONINSTANCECOMPLETED ->
                    finishedChildren.add(e.getSubOrchestrationInstanceCompleted().getTaskScheduledId());
            case SUBORCHESTRATIONINSTANCEFAILED ->
                    finishedChildren.add(e.getSubOrchestrationInstanceFailed().getTaskScheduledId());
            case EVENTSENT -> sentEvents.add(e.getEventId());
            case EXECUTIONSUSPENDED -> suspended = true;
            case EXECUTIONRESUMED -> suspended = false;
            case EXECUTIONCOMPLETED -> {
                completion = e.getExecutionCompleted().getOrchestrationStatus();
                completedEvent = e.getExecutionCompleted();
            }
            default -> {
                // other events carry no state the backend needs
            }
        }
    }

    boolean hasExecution() {
        return executionId != null && started != null;
    }

    /** Completed for good: later messages are dropped (a new start is the only way back). */
    boolean isFinished() {
        return completion != null && completion != OrchestrationStatus.ORCHESTRATION_STATUS_CONTINUED_AS_NEW;
    }

    /** Continued as new, and the new execution's start message has not been processed yet. */
    boolean awaitingNewExecution() {
        return completion == OrchestrationStatus.ORCHESTRATION_STATUS_CONTINUED_AS_NEW;
    }

    /** Whether a message sent at or before {@code sentAtMicros} is still unprocessed (queued or in flight). */
    boolean hasUnprocessedSentBy(long sentAtMicros) {
        return inbox.stream().anyMatch(i -> i.sentAt() <= sentAtMicros)
                || (current != null && current.consumed.stream().anyMatch(i -> i.sentAt() <= sentAtMicros));
    }

    /** Whether a suspend or terminate is waiting: the status it brings should be the next one shown. */
    boolean statusChangeWaiting() {
        return inbox.stream().anyMatch(i -> i.message.events().get(0).hasExecutionSuspended()
                || i.message.events().get(0).hasExecutionTerminated());
    }

    /** The runtime status the committed history implies. */
    OrchestrationStatus impliedStatus() {
        if (!hasExecution() || history.stream().noneMatch(s -> s.event().hasOrchestratorStarted())) {
            return OrchestrationStatus.ORCHESTRATION_STATUS_PENDING;
        }
        if (completion != null) {
            return awaitingNewExecution() ? OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING : completion;
        }
        return suspended ? OrchestrationStatus.ORCHESTRATION_STATUS_SUSPENDED : OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING;
    }

    /**
     * Classifies a non-start message against the committed state (or against an execution about
     * to start in the same episode, {@code startingExecution}).
     */
    Disposition classify(Inbound inbound, String startingExecution, Instant now) {
        ControlMessage m = inbound.message;
        if (inbound.isStart()) {
            String startId = m.events().get(0).getExecutionStarted().getOrchestrationInstance().getExecutionId().getValue();
            return startId.equals(executionId) && hasExecution() ? Disposition.DUPLICATE : Disposition.PROCESS;
        }
        String current = startingExecution != null ? startingExecution : executionId;
        boolean executionKnown = startingExecution != null || (hasExecution() && !awaitingNewExecution());
        if (m.executionId() != null && current != null && !m.executionId().equals(current)) {
            return Disposition.STALE;
        }
        if (!executionKnown) {
            return Disposition.HOLD;
        }
        if (startingExecution == null && isFinished()) {
            return Disposition.STALE;
        }
        HistoryEvent e = m.events().get(0);
        boolean fresh = startingExecution != null; // a new execution has no history yet
        return switch (e.getEventTypeCase()) {
            case TASKCOMPLETED -> taskResult(e.getTaskCompleted().getTaskScheduledId(), fresh);
            case TASKFAILED -> taskResult(e.getTaskFailed().getTaskScheduledId(), fresh);
            case TIMERFIRED -> {
                int id = e.getTimerFired().getTimerId();
                if (fresh || !createdTimers.contains(id)) {
                    yield Disposition.STALE;
                }
                if (firedTimers.contains(id)) {
                    yield Disposition.DUPLICATE;
                }
                // Queue visibility is whole seconds: a timer may surface early, and must not fire early.
                yield ProtoTime.toInstant(e.getTimerFired().getFireAt()).isAfter(now) ? Disposition.DEFER : Disposition.PROCESS;
            }
            case SUBORCHESTRATIONINSTANCECOMPLETED -> childResult(e.getSubOrchestrationInstanceCompleted().getTaskScheduledId(), fresh);
            case SUBORCHESTRATIONINSTANCEFAILED -> childResult(e.getSubOrchestrationInstanceFailed().getTaskScheduledId(), fresh);
            default -> seenKeys.contains(m.key()) ? Disposition.DUPLICATE : Disposition.PROCESS;
        };
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
