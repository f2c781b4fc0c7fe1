package io.durascale.pipeline.taskhub;

import io.durascale.pipeline.taskhub.OrchestrationSession.Disposition;
import io.durascale.pipeline.taskhub.model.FailureDetails;
import io.durascale.pipeline.taskhub.model.HistoryEvent;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ContinueAsNew;
import io.durascale.pipeline.taskhub.model.HistoryEvent.EventRaised;
import io.durascale.pipeline.taskhub.model.HistoryEvent.EventSent;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ExecutionCompleted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ExecutionResumed;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ExecutionStarted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ExecutionSuspended;
import io.durascale.pipeline.taskhub.model.HistoryEvent.GenericEvent;
import io.durascale.pipeline.taskhub.model.HistoryEvent.HistoryState;
import io.durascale.pipeline.taskhub.model.HistoryEvent.OrchestratorStarted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.SubOrchestrationInstanceCompleted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.SubOrchestrationInstanceCreated;
import io.durascale.pipeline.taskhub.model.HistoryEvent.SubOrchestrationInstanceFailed;
import io.durascale.pipeline.taskhub.model.HistoryEvent.TaskCompleted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.TaskFailed;
import io.durascale.pipeline.taskhub.model.HistoryEvent.TaskScheduled;
import io.durascale.pipeline.taskhub.model.HistoryEvent.TimerCreated;
import io.durascale.pipeline.taskhub.model.HistoryEvent.TimerFired;
import io.durascale.pipeline.taskhub.model.InstanceRecord;
import io.durascale.pipeline.taskhub.model.OrchestrationInstance;
import io.durascale.pipeline.taskhub.model.OrchestrationStatus;
import io.durascale.pipeline.taskhub.model.OrchestratorAction;
import io.durascale.pipeline.taskhub.model.OrchestratorAction.CompleteOrchestration;
import io.durascale.pipeline.taskhub.model.OrchestratorAction.CreateSubOrchestration;
import io.durascale.pipeline.taskhub.model.OrchestratorAction.CreateTimer;
import io.durascale.pipeline.taskhub.model.OrchestratorAction.ScheduleTask;
import io.durascale.pipeline.taskhub.model.OrchestratorAction.SendEvent;
import io.durascale.pipeline.taskhub.model.OrchestratorResult;
import io.durascale.pipeline.taskhub.model.ParentInstance;
import io.durascale.pipeline.taskhub.model.WorkItem;
import io.durascale.pipeline.taskhub.storage.TaskHubMessages;
import io.durascale.pipeline.taskhub.storage.TaskHubMessages.ActivityMessage;
import io.durascale.pipeline.taskhub.storage.TaskHubMessages.ControlMessage;
import io.durascale.pipeline.taskhub.tracking.HistoryStore.StoredEvent;
import io.durascale.pipeline.taskhub.tracking.InstanceStore.InstanceUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One orchestration episode: the inbox messages it consumes, the work item it sends to a worker,
 * and — once the worker answers — the checkpoint to commit: new history, messages to send, and
 * the instance row's changes. Pure logic over a session's state, so it is tested without storage.
 */
final class Episode {

    /** A message the checkpoint sends. */
    sealed interface Outbound permits ToWorkItems, ToControl, StartChild {
    }

    /** An activity for the work-item queue. */
    record ToWorkItems(ActivityMessage activity) implements Outbound {
    }

    /** Events for an instance's control queue, invisible for {@code delay} (timers). */
    record ToControl(ControlMessage message, Duration delay) implements Outbound {
    }

    /** A sub-orchestration: its instance row, then its start message. */
    record StartChild(InstanceRecord child, ControlMessage start, int parentTaskId) implements Outbound {
    }

    /**
     * What to commit after the worker's response. {@code afterCommit} holds the messages that
     * announce this instance's end (to its parent): they go once the instance row shows the end,
     * so a parent that re-creates the child at once finds it finished.
     */
    record Checkpoint(List<StoredEvent> events, List<Outbound> outbound, InstanceUpdate instanceUpdate,
                      OrchestrationStatus status, boolean finished, List<Outbound> afterCommit) {
    }

    /** The result of planning: an episode to dispatch (or null), and messages to drop or defer now. */
    record Plan(Episode episode, List<Inbound> dropNow, List<Inbound> deferred) {
    }

    private final OrchestrationSession session;
    private final String executionId;
    private final boolean newExecution;
    private final List<Inbound> consumed;
    private final List<Inbound> dropped;
    private final List<StoredEvent> newEvents;
    private final WorkItem.Orchestration workItem;

    private Episode(OrchestrationSession session, String executionId, boolean newExecution, List<Inbound> consumed,
                    List<Inbound> dropped, List<StoredEvent> newEvents, WorkItem.Orchestration workItem) {
        this.session = session;
        this.executionId = executionId;
        this.newExecution = newExecution;
        this.consumed = List.copyOf(consumed);
        this.dropped = List.copyOf(dropped);
        this.newEvents = List.copyOf(newEvents);
        this.workItem = workItem;
    }

    OrchestrationSession session() {
        return session;
    }

    String executionId() {
        return executionId;
    }

    /** Whether the episode starts an execution (a start, or a continue-as-new's restart). */
    boolean newExecution() {
        return newExecution;
    }

    /** Messages whose events this episode processes; deleted (or acknowledged) after the commit. */
    List<Inbound> consumed() {
        return consumed;
    }

    /** Duplicates and stale messages: deleted after the commit, contributing nothing. */
    List<Inbound> dropped() {
        return dropped;
    }

    /** What the worker gets: the history it can replay, and OrchestratorStarted plus the consumed events. */
    WorkItem.Orchestration workItem() {
        return workItem;
    }

    /**
     * Plans the next episode from the session's inbox (caller holds the session's monitor).
     * Messages it cannot use yet stay in the inbox (HOLD) or come back at their time (DEFER).
     */
    static Plan plan(OrchestrationSession session, Instant now) {
        List<Inbound> inbox = new ArrayList<>(session.inbox());
        // Starts first; then results and events in the order they were sent, failures and timer firings last.
        inbox.sort(Comparator.comparing((Inbound i) -> !i.isStart()).thenComparing(Episode::startsWork)
                .thenComparingLong(Inbound::sentAt));
        List<Inbound> consumed = new ArrayList<>();
        List<Inbound> dropped = new ArrayList<>();
        List<Inbound> deferred = new ArrayList<>();
        String startingExecution = null;
        Set<String> episodeKeys = new HashSet<>();
        boolean effectfulTaken = false;
        boolean otherTaken = false;
        for (Inbound inbound : inbox) {
            Disposition d = session.classify(inbound, startingExecution, now);
            if (d == Disposition.PROCESS && !inbound.isStart()) {
                // The 1.5.0 SDK throws, and its worker thread dies, when an event processed after the
                // orchestration completed makes it create a task (a retry after a failure, say). So the
                // events that start retries — failures and timer firings — go one per episode, after
                // any other results: nothing can follow them in the episode that sees them.
                boolean effectful = startsWork(inbound);
                if (effectful ? effectfulTaken || otherTaken : effectfulTaken) {
                    d = Disposition.HOLD;
                } else if (effectful) {
                    effectfulTaken = true;
                } else {
                    otherTaken = true;
                }
            }
            if (d == Disposition.PROCESS && !episodeKeys.add(resultKey(inbound))) {
                d = Disposition.DUPLICATE; // the same result twice in one batch
            }
            if (d == Disposition.PROCESS && inbound.isStart()) {
                if (startingExecution != null) {
                    d = Disposition.HOLD; // one new execution per episode
                } else {
                    startingExecution = inbound.startExecutionId();
                }
            }
            switch (d) {
                case PROCESS -> consumed.add(inbound);
                case DUPLICATE, STALE -> dropped.add(inbound);
                case DEFER -> deferred.add(inbound);
                case HOLD -> { }
            }
        }
        session.removeFromInbox(dropped);
        session.removeFromInbox(deferred);
        if (consumed.isEmpty()) {
            return new Plan(null, dropped, deferred);
        }
        session.removeFromInbox(consumed);

        Instant last = session.lastOrchestratorStart();
        Instant startedAt = now.isAfter(last) ? now : last.plusMillis(1);
        for (Inbound inbound : consumed) {
            if (inbound.firstEvent() instanceof TimerFired fired && fired.fireAt() != null) {
                // The SDK truncates to milliseconds and ends a long-timer chain only when the time is
                // strictly past the fire time: equal would start one more (empty) sub-timer.
                Instant after = fired.fireAt().plusMillis(1);
                startedAt = startedAt.isBefore(after) ? after : startedAt;
            }
        }
        List<StoredEvent> newEvents = new ArrayList<>();
        newEvents.add(new StoredEvent(new OrchestratorStarted(-1, startedAt), null));
        for (Inbound inbound : consumed) {
            List<HistoryEvent> events = inbound.message().events();
            for (int i = 0; i < events.size(); i++) {
                // Only the first event carries the message key: one key, one history row to find it by.
                newEvents.add(new StoredEvent(events.get(i), i == 0 ? inbound.message().key() : null));
            }
        }
        boolean newExecution = startingExecution != null;
        String executionId = newExecution ? startingExecution : session.executionId();
        List<HistoryEvent> past = newExecution ? List.of()
                : session.history().stream().map(StoredEvent::event).filter(Episode::forWorker).toList();
        List<HistoryEvent> fresh = newEvents.stream().map(StoredEvent::event).filter(Episode::forWorker).toList();
        WorkItem.Orchestration item = new WorkItem.Orchestration(session.instanceId(), executionId, past, fresh);
        return new Plan(new Episode(session, executionId, newExecution, consumed, dropped, newEvents, item), dropped, deferred);
    }

    /** Failures and timer firings: the events after which an orchestrator may schedule new work (retries). */
    private static boolean startsWork(Inbound inbound) {
        HistoryEvent e = inbound.firstEvent();
        return e instanceof TaskFailed || e instanceof SubOrchestrationInstanceFailed || e instanceof TimerFired;
    }

    /** History the 1.5.0 SDK cannot replay (it throws on these); kept in storage, never sent. */
    static boolean forWorker(HistoryEvent e) {
        return !(e instanceof EventSent || e instanceof ExecutionCompleted || e instanceof ContinueAsNew
                || e instanceof GenericEvent || e instanceof HistoryState);
    }

    /** Results are keyed by what they complete; other events by their message key. */
    private static String resultKey(Inbound inbound) {
        HistoryEvent e = inbound.firstEvent();
        if (e instanceof TaskCompleted t) {
            return "task:" + t.taskScheduledId();
        } else if (e instanceof TaskFailed t) {
            return "task:" + t.taskScheduledId();
        } else if (e instanceof TimerFired t) {
            return "timer:" + t.timerId();
        } else if (e instanceof SubOrchestrationInstanceCompleted c) {
            return "child:" + c.taskScheduledId();
        } else if (e instanceof SubOrchestrationInstanceFailed f) {
            return "child:" + f.taskScheduledId();
        }
        return "key:" + inbound.message().key();
    }

    /**
     * Turns the worker's actions into the checkpoint: history events whose ids equal the action
     * ids (so replay matches them), messages to send, and the instance row's new state (caller
     * holds the session's monitor).
     */
    Checkpoint checkpoint(OrchestratorResult result, Instant now) {
        List<StoredEvent> events = new ArrayList<>(newEvents);
        List<Outbound> outbound = new ArrayList<>();
        ExecutionStarted started = newExecution ? startedEvent() : session.started();
        boolean suspended = !newExecution && session.isSuspended();
        for (StoredEvent e : newEvents) {
            if (e.event() instanceof ExecutionSuspended) {
                suspended = true;
            } else if (e.event() instanceof ExecutionResumed) {
                suspended = false;
            }
        }
        CompleteOrchestration completion = result.actions().stream().filter(CompleteOrchestration.class::isInstance)
                .map(CompleteOrchestration.class::cast).findFirst().orElse(null);
        for (OrchestratorAction action : result.actions()) {
            if (completion != null && !(action instanceof SendEvent || action instanceof CompleteOrchestration)) {
                continue; // work scheduled by a finishing orchestration never runs
            }
            if (action instanceof SendEvent send && !newExecution && session.hasSentEvent(send.id())) {
                continue; // the 1.5.0 SDK re-emits SendEvent on every replay: send once
            }
            schedule(action, started, now, events, outbound);
        }

        String customStatus = result.customStatus() != null && !result.customStatus().isEmpty() ? result.customStatus() : null;
        OrchestrationStatus status = suspended ? OrchestrationStatus.SUSPENDED : OrchestrationStatus.RUNNING;
        String output = null;
        boolean outputChanged = false;
        FailureDetails failure = null;
        Instant completedTime = null;
        // A new execution writes its input: had the previous execution's commit died before its row
        // update, this is where the row catches up.
        String newInput = newExecution ? started.input() : null;
        boolean inputChanged = newExecution;
        String newExecutionId = newExecution ? executionId : null;
        boolean finished = false;
        List<Outbound> afterCommit = new ArrayList<>();
        if (completion != null) {
            ExecutionCompleted done = new ExecutionCompleted(-1, now, completion.orchestrationStatus(), completion.result(),
                    completion.failureDetails());
            events.add(new StoredEvent(done, null));
            if (completion.orchestrationStatus() == OrchestrationStatus.CONTINUED_AS_NEW) {
                String next = UUID.randomUUID().toString();
                ExecutionStarted restart = new ExecutionStarted(-1, now, started.name(), started.version(), completion.result(),
                        new OrchestrationInstance(session.instanceId(), next), started.parentInstance(),
                        started.scheduledStartTimestamp(), started.correlationData());
                List<HistoryEvent> startEvents = new ArrayList<>();
                startEvents.add(restart);
                startEvents.addAll(completion.carryoverEvents());
                outbound.add(new ToControl(new ControlMessage(session.instanceId(), next, startEvents, "start:" + next,
                        TaskHubMessages.nowMicros()), Duration.ZERO));
                status = OrchestrationStatus.RUNNING;
                newInput = completion.result();
                inputChanged = true;
                newExecutionId = next;
                outputChanged = true;
            } else {
                finished = true;
                status = completion.orchestrationStatus();
                output = completion.result();
                outputChanged = true;
                failure = completion.failureDetails();
                completedTime = now;
                if (started.parentInstance() != null) {
                    afterCommit.add(new ToControl(parentNotification(session.instanceId(), started.parentInstance(), done, now),
                            Duration.ZERO));
                }
            }
        }

        boolean customChanged = session.customStatusDiffers(customStatus);
        boolean statusChanged = status != session.writtenStatus();
        InstanceUpdate update = (statusChanged || customChanged || outputChanged || inputChanged || newExecution)
                ? new InstanceUpdate(status, customStatus, customChanged, output, outputChanged, failure, completedTime,
                newExecutionId, newInput, inputChanged)
                : null;
        return new Checkpoint(events, outbound, update, status, finished, afterCommit);
    }

    /** Records one action in the history and adds the message that carries it out. */
    private void schedule(OrchestratorAction action, ExecutionStarted started, Instant now, List<StoredEvent> events,
                          List<Outbound> outbound) {
        int id = action.id();
        String instanceId = session.instanceId();
        if (action instanceof ScheduleTask task) {
            events.add(new StoredEvent(new TaskScheduled(id, now, task.name(), task.version(), task.input()), null));
            outbound.add(new ToWorkItems(new ActivityMessage(instanceId, executionId, id, task.name(), task.version(),
                    task.input(), session.partition())));
        } else if (action instanceof CreateTimer timer) {
            Instant fireAt = timer.fireAt() == null ? Instant.EPOCH : timer.fireAt();
            events.add(new StoredEvent(new TimerCreated(id, now, fireAt), null));
            TimerFired fired = new TimerFired(-1, fireAt, fireAt, id);
            outbound.add(new ToControl(new ControlMessage(instanceId, executionId, List.of(fired),
                    "timer:" + executionId + ":" + id, TaskHubMessages.nowMicros()), Duration.between(now, fireAt)));
        } else if (action instanceof CreateSubOrchestration sub) {
            String childId = sub.instanceId().isEmpty() ? instanceId + ":" + String.format("%04x", id) : sub.instanceId();
            events.add(new StoredEvent(new SubOrchestrationInstanceCreated(id, now, childId, sub.name(), sub.version(),
                    sub.input()), null));
            String childExecution = UUID.randomUUID().toString();
            ExecutionStarted childStart = new ExecutionStarted(-1, now, sub.name(), sub.version(), sub.input(),
                    new OrchestrationInstance(childId, childExecution),
                    new ParentInstance(id, started.name(), null, new OrchestrationInstance(instanceId, executionId)), null, null);
            InstanceRecord child = new InstanceRecord(childId, sub.name(), sub.version(), sub.input(), null, null,
                    OrchestrationStatus.PENDING, now, now, null, childExecution, null, null, instanceId);
            outbound.add(new StartChild(child, new ControlMessage(childId, childExecution, List.of(childStart),
                    "start:" + childExecution, TaskHubMessages.nowMicros()), id));
        } else if (action instanceof SendEvent send) {
            String target = send.instance() == null ? "" : send.instance().instanceId();
            events.add(new StoredEvent(new EventSent(id, now, target, send.name(), send.data()), null));
            EventRaised delivered = new EventRaised(-1, now, send.name(), send.data());
            outbound.add(new ToControl(new ControlMessage(target, null, List.of(delivered), "sent:" + executionId + ":" + id,
                    TaskHubMessages.nowMicros()), Duration.ZERO));
        }
        // CompleteOrchestration: the checkpoint ends the execution
    }

    private ExecutionStarted startedEvent() {
        return newEvents.stream().map(StoredEvent::event).filter(ExecutionStarted.class::isInstance)
                .map(ExecutionStarted.class::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("a new execution without ExecutionStarted"));
    }

    /** The message that tells a parent its sub-orchestration ended (completed, or failed/terminated). */
    static ControlMessage parentNotification(String childId, ParentInstance parent, ExecutionCompleted completion, Instant now) {
        int taskId = parent.taskScheduledId();
        HistoryEvent event;
        if (completion.orchestrationStatus() == OrchestrationStatus.COMPLETED) {
            event = new SubOrchestrationInstanceCompleted(-1, now, taskId, completion.result());
        } else {
            FailureDetails failure = completion.failureDetails() != null ? completion.failureDetails()
                    : FailureDetails.of("OrchestrationTerminated", "sub-orchestration " + childId + " ended as "
                    + completion.orchestrationStatus().storedName(), false);
            event = new SubOrchestrationInstanceFailed(-1, now, taskId, failure);
        }
        OrchestrationInstance parentInstance = parent.instance() != null ? parent.instance() : new OrchestrationInstance("", null);
        String parentExecution = parentInstance.executionId() == null ? "" : parentInstance.executionId();
        return new ControlMessage(parentInstance.instanceId(), parentExecution.isEmpty() ? null : parentExecution,
                List.of(event), "child:" + parentExecution + ":" + taskId, TaskHubMessages.nowMicros());
    }
}
