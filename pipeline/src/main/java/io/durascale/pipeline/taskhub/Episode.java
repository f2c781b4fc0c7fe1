package io.durascale.pipeline.taskhub;

import com.google.protobuf.StringValue;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.CompleteOrchestrationAction;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.EventRaisedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.EventSentEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.ExecutionCompletedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.ExecutionStartedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.HistoryEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestrationInstance;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestrationStatus;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorAction;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorStartedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.ParentInstanceInfo;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.SubOrchestrationInstanceCompletedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.SubOrchestrationInstanceCreatedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.SubOrchestrationInstanceFailedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskFailureDetails;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskScheduledEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TimerCreatedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TimerFiredEvent;
import io.durascale.pipeline.taskhub.HistoryStore.StoredEvent;
import io.durascale.pipeline.taskhub.InstanceStore.InstanceRecord;
import io.durascale.pipeline.taskhub.InstanceStore.InstanceUpdate;
import io.durascale.pipeline.taskhub.OrchestrationSession.Disposition;
import io.durascale.pipeline.taskhub.OrchestrationSession.Inbound;
import io.durascale.pipeline.taskhub.TaskHubMessages.ActivityMessage;
import io.durascale.pipeline.taskhub.TaskHubMessages.ControlMessage;
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

    final OrchestrationSession session;
    final String executionId;
    final boolean newExecution;
    /** Messages whose events this episode processes; deleted (or acknowledged) after the commit. */
    final List<Inbound> consumed;
    /** Duplicates and stale messages: deleted after the commit, contributing nothing. */
    final List<Inbound> dropped;
    /** OrchestratorStarted plus the consumed events, in delivery order, with their message keys. */
    final List<StoredEvent> newEvents;
    final OrchestratorRequest request;
    final Instant startedAt;

    private Episode(OrchestrationSession session, String executionId, boolean newExecution, List<Inbound> consumed,
                    List<Inbound> dropped, List<StoredEvent> newEvents, OrchestratorRequest request, Instant startedAt) {
        this.session = session;
        this.executionId = executionId;
        this.newExecution = newExecution;
        this.consumed = consumed;
        this.dropped = dropped;
        this.newEvents = newEvents;
        this.request = request;
        this.startedAt = startedAt;
    }

    /** The result of planning: an episode to dispatch (or null), and messages to drop or defer now. */
    record Plan(Episode episode, List<Inbound> dropNow, List<Inbound> deferred) {
    }

    /**
     * Plans the next episode from the session's inbox (caller holds the session's monitor).
     * Messages it cannot use yet stay in the inbox (HOLD) or come back at their time (DEFER).
     */
    static Plan plan(OrchestrationSession session, Instant now) {
        List<Inbound> inbox = new ArrayList<>(session.inbox);
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
                    startingExecution = startExecutionId(inbound);
                }
            }
            switch (d) {
                case PROCESS -> consumed.add(inbound);
                case DUPLICATE, STALE -> dropped.add(inbound);
                case DEFER -> deferred.add(inbound);
                case HOLD -> { }
            }
        }
        session.inbox.removeAll(dropped);
        session.inbox.removeAll(deferred);
        if (consumed.isEmpty()) {
            return new Plan(null, dropped, deferred);
        }
        session.inbox.removeAll(consumed);

        Instant startedAt = now.isAfter(session.lastOrchestratorStart) ? now : session.lastOrchestratorStart.plusMillis(1);
        for (Inbound inbound : consumed) {
            HistoryEvent e = inbound.message.events().get(0);
            if (e.hasTimerFired()) {
                // The SDK truncates to milliseconds and ends a long-timer chain only when the time is
                // strictly past the fire time: equal would start one more (empty) sub-timer.
                Instant after = ProtoTime.toInstant(e.getTimerFired().getFireAt()).plusMillis(1);
                startedAt = startedAt.isBefore(after) ? after : startedAt;
            }
        }
        List<StoredEvent> newEvents = new ArrayList<>();
        newEvents.add(new StoredEvent(HistoryEvent.newBuilder().setEventId(-1).setTimestamp(ProtoTime.of(startedAt))
                .setOrchestratorStarted(OrchestratorStartedEvent.getDefaultInstance()).build(), null));
        for (Inbound inbound : consumed) {
            List<HistoryEvent> events = inbound.message.events();
            for (int i = 0; i < events.size(); i++) {
                // Only the first event carries the message key: one key, one history row to find it by.
                newEvents.add(new StoredEvent(events.get(i), i == 0 ? inbound.message.key() : null));
            }
        }
        boolean newExecution = startingExecution != null;
        String executionId = newExecution ? startingExecution : session.executionId;
        OrchestratorRequest.Builder request = OrchestratorRequest.newBuilder()
                .setInstanceId(session.instanceId)
                .setExecutionId(StringValue.of(executionId));
        if (!newExecution) {
            session.history.stream().map(StoredEvent::event).filter(Episode::forWorker).forEach(request::addPastEvents);
        }
        newEvents.stream().map(StoredEvent::event).filter(Episode::forWorker).forEach(request::addNewEvents);
        return new Plan(new Episode(session, executionId, newExecution, consumed, dropped, newEvents, request.build(),
                startedAt), dropped, deferred);
    }

    /** Failures and timer firings: the events after which an orchestrator may schedule new work (retries). */
    private static boolean startsWork(Inbound inbound) {
        HistoryEvent e = inbound.message.events().get(0);
        return e.hasTaskFailed() || e.hasSubOrchestrationInstanceFailed() || e.hasTimerFired();
    }

    /** History the 1.5.0 SDK cannot replay (it throws on these); kept in storage, never sent. */
    static boolean forWorker(HistoryEvent event) {
        return switch (event.getEventTypeCase()) {
            case EVENTSENT, EXECUTIONCOMPLETED, CONTINUEASNEW, GENERICEVENT, HISTORYSTATE, EVENTTYPE_NOT_SET -> false;
            default -> true;
        };
    }

    private static String startExecutionId(Inbound inbound) {
        return inbound.message.events().get(0).getExecutionStarted().getOrchestrationInstance().getExecutionId().getValue();
    }

    /** Results are keyed by what they complete; other events by their message key. */
    private static String resultKey(Inbound inbound) {
        HistoryEvent e = inbound.message.events().get(0);
        return switch (e.getEventTypeCase()) {
            case TASKCOMPLETED -> "task:" + e.getTaskCompleted().getTaskScheduledId();
            case TASKFAILED -> "task:" + e.getTaskFailed().getTaskScheduledId();
            case TIMERFIRED -> "timer:" + e.getTimerFired().getTimerId();
            case SUBORCHESTRATIONINSTANCECOMPLETED -> "child:" + e.getSubOrchestrationInstanceCompleted().getTaskScheduledId();
            case SUBORCHESTRATIONINSTANCEFAILED -> "child:" + e.getSubOrchestrationInstanceFailed().getTaskScheduledId();
            default -> "key:" + inbound.message.key();
        };
    }

    /**
     * Turns the worker's actions into the checkpoint: history events whose ids equal the action
     * ids (so replay matches them), messages to send, and the instance row's new state.
     */
    Checkpoint checkpoint(OrchestratorResponse response, Instant now) {
        List<StoredEvent> events = new ArrayList<>(newEvents);
        List<Outbound> outbound = new ArrayList<>();
        ExecutionStartedEvent started = newExecution ? startedEvent() : session.started;
        boolean suspended = newExecution ? false : session.suspended;
        for (StoredEvent e : newEvents) {
            if (e.event().hasExecutionSuspended()) {
                suspended = true;
            } else if (e.event().hasExecutionResumed()) {
                suspended = false;
            }
        }
        CompleteOrchestrationAction completion = response.getActionsList().stream()
                .filter(OrchestratorAction::hasCompleteOrchestration).map(OrchestratorAction::getCompleteOrchestration)
                .findFirst().orElse(null);
        Set<Integer> sent = newExecution ? Set.of() : session.sentEvents;
        for (OrchestratorAction action : response.getActionsList()) {
            int id = action.getId();
            HistoryEvent.Builder event = HistoryEvent.newBuilder().setEventId(id).setTimestamp(ProtoTime.of(now));
            switch (action.getOrchestratorActionTypeCase()) {
                case SCHEDULETASK -> {
                    if (completion != null) {
                        continue; // work scheduled by a finishing orchestration never runs
                    }
                    var task = action.getScheduleTask();
                    TaskScheduledEvent.Builder scheduled = TaskScheduledEvent.newBuilder().setName(task.getName());
                    if (task.hasVersion()) {
                        scheduled.setVersion(task.getVersion());
                    }
                    if (task.hasInput()) {
                        scheduled.setInput(task.getInput());
                    }
                    events.add(new StoredEvent(event.setTaskScheduled(scheduled).build(), null));
                    outbound.add(new ToWorkItems(new ActivityMessage(session.instanceId, executionId, id, task.getName(),
                            task.hasInput() ? task.getInput().getValue() : null, task.hasInput(), session.partition)));
                }
                case CREATETIMER -> {
                    if (completion != null) {
                        continue;
                    }
                    var fireAt = action.getCreateTimer().getFireAt();
                    events.add(new StoredEvent(event.setTimerCreated(TimerCreatedEvent.newBuilder().setFireAt(fireAt)).build(), null));
                    HistoryEvent fired = HistoryEvent.newBuilder().setEventId(-1).setTimestamp(fireAt)
                            .setTimerFired(TimerFiredEvent.newBuilder().setFireAt(fireAt).setTimerId(id)).build();
                    Duration delay = Duration.between(now, ProtoTime.toInstant(fireAt));
                    outbound.add(new ToControl(new ControlMessage(session.instanceId, executionId, List.of(fired),
                            "timer:" + executionId + ":" + id, TaskHubMessages.nowMicros()), delay));
                }
                case CREATESUBORCHESTRATION -> {
                    if (completion != null) {
                        continue;
                    }
                    var sub = action.getCreateSubOrchestration();
                    String childId = sub.getInstanceId().isEmpty()
                            ? session.instanceId + ":" + String.format("%04x", id) : sub.getInstanceId();
                    SubOrchestrationInstanceCreatedEvent.Builder created = SubOrchestrationInstanceCreatedEvent.newBuilder()
                            .setInstanceId(childId).setName(sub.getName());
                    if (sub.hasVersion()) {
                        created.setVersion(sub.getVersion());
                    }
                    if (sub.hasInput()) {
                        created.setInput(sub.getInput());
                    }
                    events.add(new StoredEvent(event.setSubOrchestrationInstanceCreated(created).build(), null));
                    String childExecution = UUID.randomUUID().toString();
                    ExecutionStartedEvent.Builder childStart = ExecutionStartedEvent.newBuilder()
                            .setName(sub.getName())
                            .setOrchestrationInstance(OrchestrationInstance.newBuilder().setInstanceId(childId)
                                    .setExecutionId(StringValue.of(childExecution)))
                            .setParentInstance(ParentInstanceInfo.newBuilder().setTaskScheduledId(id)
                                    .setName(StringValue.of(started.getName()))
                                    .setOrchestrationInstance(OrchestrationInstance.newBuilder()
                                            .setInstanceId(session.instanceId).setExecutionId(StringValue.of(executionId))));
                    if (sub.hasVersion()) {
                        childStart.setVersion(sub.getVersion());
                    }
                    if (sub.hasInput()) {
                        childStart.setInput(sub.getInput());
                    }
                    HistoryEvent start = HistoryEvent.newBuilder().setEventId(-1).setTimestamp(ProtoTime.of(now))
                            .setExecutionStarted(childStart).build();
                    InstanceRecord child = new InstanceRecord(childId, sub.getName(),
                            sub.hasVersion() ? sub.getVersion().getValue() : null,
                            sub.hasInput() ? sub.getInput().getValue() : null, null, null,
                            OrchestrationStatus.ORCHESTRATION_STATUS_PENDING, now, now, null, childExecution, null, null,
                            session.instanceId);
                    outbound.add(new StartChild(child, new ControlMessage(childId, childExecution, List.of(start),
                            "start:" + childExecution, TaskHubMessages.nowMicros()), id));
                }
                case SENDEVENT -> {
                    if (sent.contains(id)) {
                        continue; // the 1.5.0 SDK re-emits SendEvent on every replay: send once
                    }
                    var send = action.getSendEvent();
                    EventSentEvent.Builder sentEvent = EventSentEvent.newBuilder()
                            .setInstanceId(send.getInstance().getInstanceId()).setName(send.getName());
                    EventRaisedEvent.Builder raised = EventRaisedEvent.newBuilder().setName(send.getName());
                    if (send.hasData()) {
                        sentEvent.setInput(send.getData());
                        raised.setInput(send.getData());
                    }
                    events.add(new StoredEvent(event.setEventSent(sentEvent).build(), null));
                    HistoryEvent delivered = HistoryEvent.newBuilder().setEventId(-1).setTimestamp(ProtoTime.of(now))
                            .setEventRaised(raised).build();
                    outbound.add(new ToControl(new ControlMessage(send.getInstance().getInstanceId(), null,
                            List.of(delivered), "sent:" + executionId + ":" + id, TaskHubMessages.nowMicros()), Duration.ZERO));
                }
                case COMPLETEORCHESTRATION -> { }
                default -> throw new IllegalArgumentException("unsupported orchestrator action "
                        + action.getOrchestratorActionTypeCase() + " (id " + id + ")");
            }
        }

        String customStatus = response.hasCustomStatus() && !response.getCustomStatus().getValue().isEmpty()
                ? response.getCustomStatus().getValue() : null;
        OrchestrationStatus status = suspended ? OrchestrationStatus.ORCHESTRATION_STATUS_SUSPENDED
                : OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING;
        String output = null;
        boolean outputChanged = false;
        TaskFailureDetails failure = null;
        Instant completedTime = null;
        // A new execution writes its input: had the previous execution's commit died before its row
        // update, this is where the row catches up.
        String newInput = newExecution && started.hasInput() ? started.getInput().getValue() : null;
        boolean inputChanged = newExecution;
        String newExecutionId = newExecution ? executionId : null;
        boolean finished = false;
        List<Outbound> afterCommit = new ArrayList<>();
        if (completion != null) {
            ExecutionCompletedEvent.Builder done = ExecutionCompletedEvent.newBuilder()
                    .setOrchestrationStatus(completion.getOrchestrationStatus());
            if (completion.hasResult()) {
                done.setResult(completion.getResult());
            }
            if (completion.hasFailureDetails()) {
                done.setFailureDetails(completion.getFailureDetails());
            }
            events.add(new StoredEvent(HistoryEvent.newBuilder().setEventId(-1).setTimestamp(ProtoTime.of(now))
                    .setExecutionCompleted(done).build(), null));
            if (completion.getOrchestrationStatus() == OrchestrationStatus.ORCHESTRATION_STATUS_CONTINUED_AS_NEW) {
                String next = UUID.randomUUID().toString();
                ExecutionStartedEvent.Builder restart = started.toBuilder()
                        .setOrchestrationInstance(OrchestrationInstance.newBuilder().setInstanceId(session.instanceId)
                                .setExecutionId(StringValue.of(next)));
                if (completion.hasResult()) {
                    restart.setInput(completion.getResult());
                } else {
                    restart.clearInput();
                }
                List<HistoryEvent> startEvents = new ArrayList<>();
                startEvents.add(HistoryEvent.newBuilder().setEventId(-1).setTimestamp(ProtoTime.of(now))
                        .setExecutionStarted(restart).build());
                startEvents.addAll(completion.getCarryoverEventsList());
                outbound.add(new ToControl(new ControlMessage(session.instanceId, next, startEvents, "start:" + next,
                        TaskHubMessages.nowMicros()), Duration.ZERO));
                status = OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING;
                newInput = completion.hasResult() ? completion.getResult().getValue() : null;
                inputChanged = true;
                newExecutionId = next;
                output = null;
                outputChanged = true;
            } else {
                finished = true;
                status = completion.getOrchestrationStatus();
                output = completion.hasResult() ? completion.getResult().getValue() : null;
                outputChanged = true;
                failure = completion.hasFailureDetails() ? completion.getFailureDetails() : null;
                completedTime = now;
                if (started.hasParentInstance()) {
                    afterCommit.add(new ToControl(parentNotification(session.instanceId, started.getParentInstance(),
                            done.build(), now), Duration.ZERO));
                }
            }
        }

        boolean customChanged = !session.customStatusKnown || !java.util.Objects.equals(customStatus, session.writtenCustomStatus);
        boolean statusChanged = status != session.writtenStatus;
        InstanceUpdate update = (statusChanged || customChanged || outputChanged || inputChanged || newExecution)
                ? new InstanceUpdate(status, customStatus, customChanged, output, outputChanged, failure, completedTime,
                newExecutionId, newInput, inputChanged)
                : null;
        return new Checkpoint(events, outbound, update, status, finished, afterCommit);
    }

    private ExecutionStartedEvent startedEvent() {
        return newEvents.stream().map(StoredEvent::event).filter(HistoryEvent::hasExecutionStarted)
                .map(HistoryEvent::getExecutionStarted).findFirst()
                .orElseThrow(() -> new IllegalStateException("a new execution without ExecutionStarted"));
    }

    /** The message that tells a parent its sub-orchestration ended (completed, or failed/terminated). */
    static ControlMessage parentNotification(String childId, ParentInstanceInfo parent, ExecutionCompletedEvent completion,
                                             Instant now) {
        int taskId = parent.getTaskScheduledId();
        HistoryEvent.Builder event = HistoryEvent.newBuilder().setEventId(-1).setTimestamp(ProtoTime.of(now));
        if (completion.getOrchestrationStatus() == OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED) {
            SubOrchestrationInstanceCompletedEvent.Builder done = SubOrchestrationInstanceCompletedEvent.newBuilder()
                    .setTaskScheduledId(taskId);
            if (completion.hasResult()) {
                done.setResult(completion.getResult());
            }
            event.setSubOrchestrationInstanceCompleted(done);
        } else {
            TaskFailureDetails failure = completion.hasFailureDetails() ? completion.getFailureDetails()
                    : TaskFailureDetails.newBuilder().setErrorType("OrchestrationTerminated")
                    .setErrorMessage("sub-orchestration " + childId + " ended as "
                            + InstanceStore.statusName(completion.getOrchestrationStatus())).build();
            event.setSubOrchestrationInstanceFailed(SubOrchestrationInstanceFailedEvent.newBuilder()
                    .setTaskScheduledId(taskId).setFailureDetails(failure));
        }
        String parentExecution = parent.getOrchestrationInstance().getExecutionId().getValue();
        return new ControlMessage(parent.getOrchestrationInstance().getInstanceId(),
                parentExecution.isEmpty() ? null : parentExecution, List.of(event.build()),
                "child:" + parentExecution + ":" + taskId, TaskHubMessages.nowMicros());
    }
}
