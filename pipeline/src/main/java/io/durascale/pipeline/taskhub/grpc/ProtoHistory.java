package io.durascale.pipeline.taskhub.grpc;

import static io.durascale.pipeline.taskhub.grpc.ProtoTime.instant;
import static io.durascale.pipeline.taskhub.grpc.ProtoTime.string;

import com.google.protobuf.StringValue;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskFailureDetails;
import io.durascale.pipeline.taskhub.model.FailureDetails;
import io.durascale.pipeline.taskhub.model.HistoryEvent;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ContinueAsNew;
import io.durascale.pipeline.taskhub.model.HistoryEvent.EventRaised;
import io.durascale.pipeline.taskhub.model.HistoryEvent.EventSent;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ExecutionCompleted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ExecutionResumed;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ExecutionStarted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ExecutionSuspended;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ExecutionTerminated;
import io.durascale.pipeline.taskhub.model.HistoryEvent.GenericEvent;
import io.durascale.pipeline.taskhub.model.HistoryEvent.HistoryState;
import io.durascale.pipeline.taskhub.model.HistoryEvent.OrchestratorCompleted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.OrchestratorStarted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.SubOrchestrationInstanceCompleted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.SubOrchestrationInstanceCreated;
import io.durascale.pipeline.taskhub.model.HistoryEvent.SubOrchestrationInstanceFailed;
import io.durascale.pipeline.taskhub.model.HistoryEvent.TaskCompleted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.TaskFailed;
import io.durascale.pipeline.taskhub.model.HistoryEvent.TaskScheduled;
import io.durascale.pipeline.taskhub.model.HistoryEvent.TimerCreated;
import io.durascale.pipeline.taskhub.model.HistoryEvent.TimerFired;
import io.durascale.pipeline.taskhub.model.OrchestrationInstance;
import io.durascale.pipeline.taskhub.model.OrchestrationStatus;
import io.durascale.pipeline.taskhub.model.ParentInstance;

/**
 * History events between the sidecar protocol's protobuf messages and the task hub's model,
 * field by field: every field of orchestrator_service.proto (durabletask-client 1.5.0) survives
 * the round trip, and absent optional fields stay absent.
 */
final class ProtoHistory {

    private ProtoHistory() {
    }

    /** @throws IllegalArgumentException for an event without a type, which no SDK sends */
    static HistoryEvent toModel(OrchestratorService.HistoryEvent e) {
        int id = e.getEventId();
        var at = instant(e.hasTimestamp(), e.getTimestamp());
        return switch (e.getEventTypeCase()) {
            case EXECUTIONSTARTED -> {
                var s = e.getExecutionStarted();
                yield new ExecutionStarted(id, at, s.getName(), string(s.hasVersion(), s.getVersion()),
                        string(s.hasInput(), s.getInput()),
                        s.hasOrchestrationInstance() ? toModel(s.getOrchestrationInstance()) : null,
                        s.hasParentInstance() ? toModel(s.getParentInstance()) : null,
                        instant(s.hasScheduledStartTimestamp(), s.getScheduledStartTimestamp()),
                        string(s.hasCorrelationData(), s.getCorrelationData()));
            }
            case EXECUTIONCOMPLETED -> {
                var c = e.getExecutionCompleted();
                yield new ExecutionCompleted(id, at, toModel(c.getOrchestrationStatus()), string(c.hasResult(), c.getResult()),
                        c.hasFailureDetails() ? toModel(c.getFailureDetails()) : null);
            }
            case EXECUTIONTERMINATED -> new ExecutionTerminated(id, at,
                    string(e.getExecutionTerminated().hasInput(), e.getExecutionTerminated().getInput()));
            case EXECUTIONSUSPENDED -> new ExecutionSuspended(id, at,
                    string(e.getExecutionSuspended().hasInput(), e.getExecutionSuspended().getInput()));
            case EXECUTIONRESUMED -> new ExecutionResumed(id, at,
                    string(e.getExecutionResumed().hasInput(), e.getExecutionResumed().getInput()));
            case TASKSCHEDULED -> {
                var t = e.getTaskScheduled();
                yield new TaskScheduled(id, at, t.getName(), string(t.hasVersion(), t.getVersion()), string(t.hasInput(), t.getInput()));
            }
            case TASKCOMPLETED -> new TaskCompleted(id, at, e.getTaskCompleted().getTaskScheduledId(),
                    string(e.getTaskCompleted().hasResult(), e.getTaskCompleted().getResult()));
            case TASKFAILED -> new TaskFailed(id, at, e.getTaskFailed().getTaskScheduledId(),
                    e.getTaskFailed().hasFailureDetails() ? toModel(e.getTaskFailed().getFailureDetails()) : null);
            case SUBORCHESTRATIONINSTANCECREATED -> {
                var c = e.getSubOrchestrationInstanceCreated();
                yield new SubOrchestrationInstanceCreated(id, at, c.getInstanceId(), c.getName(),
                        string(c.hasVersion(), c.getVersion()), string(c.hasInput(), c.getInput()));
            }
            case SUBORCHESTRATIONINSTANCECOMPLETED -> {
                var c = e.getSubOrchestrationInstanceCompleted();
                yield new SubOrchestrationInstanceCompleted(id, at, c.getTaskScheduledId(), string(c.hasResult(), c.getResult()));
            }
            case SUBORCHESTRATIONINSTANCEFAILED -> {
                var f = e.getSubOrchestrationInstanceFailed();
                yield new SubOrchestrationInstanceFailed(id, at, f.getTaskScheduledId(),
                        f.hasFailureDetails() ? toModel(f.getFailureDetails()) : null);
            }
            case TIMERCREATED -> new TimerCreated(id, at,
                    instant(e.getTimerCreated().hasFireAt(), e.getTimerCreated().getFireAt()));
            case TIMERFIRED -> new TimerFired(id, at, instant(e.getTimerFired().hasFireAt(), e.getTimerFired().getFireAt()),
                    e.getTimerFired().getTimerId());
            case ORCHESTRATORSTARTED -> new OrchestratorStarted(id, at);
            case ORCHESTRATORCOMPLETED -> new OrchestratorCompleted(id, at);
            case EVENTSENT -> {
                var s = e.getEventSent();
                yield new EventSent(id, at, s.getInstanceId(), s.getName(), string(s.hasInput(), s.getInput()));
            }
            case EVENTRAISED -> new EventRaised(id, at, e.getEventRaised().getName(),
                    string(e.getEventRaised().hasInput(), e.getEventRaised().getInput()));
            case GENERICEVENT -> new GenericEvent(id, at, e.getGenericEvent().getData());
            case HISTORYSTATE -> new HistoryState(id, at, e.getHistoryState().hasOrchestrationState()
                    ? ProtoInstances.toModel(e.getHistoryState().getOrchestrationState()) : null);
            case CONTINUEASNEW -> new ContinueAsNew(id, at,
                    string(e.getContinueAsNew().hasInput(), e.getContinueAsNew().getInput()));
            case EVENTTYPE_NOT_SET -> throw new IllegalArgumentException("history event " + id + " has no type");
        };
    }

    static OrchestratorService.HistoryEvent toProto(HistoryEvent event) {
        var out = OrchestratorService.HistoryEvent.newBuilder().setEventId(event.eventId());
        if (event.timestamp() != null) {
            out.setTimestamp(ProtoTime.of(event.timestamp()));
        }
        if (event instanceof ExecutionStarted s) {
            var b = OrchestratorService.ExecutionStartedEvent.newBuilder().setName(s.name());
            ifPresent(s.version(), b::setVersion);
            ifPresent(s.input(), b::setInput);
            if (s.orchestrationInstance() != null) {
                b.setOrchestrationInstance(toProto(s.orchestrationInstance()));
            }
            if (s.parentInstance() != null) {
                b.setParentInstance(toProto(s.parentInstance()));
            }
            if (s.scheduledStartTimestamp() != null) {
                b.setScheduledStartTimestamp(ProtoTime.of(s.scheduledStartTimestamp()));
            }
            ifPresent(s.correlationData(), b::setCorrelationData);
            out.setExecutionStarted(b);
        } else if (event instanceof ExecutionCompleted c) {
            var b = OrchestratorService.ExecutionCompletedEvent.newBuilder().setOrchestrationStatus(toProto(c.orchestrationStatus()));
            ifPresent(c.result(), b::setResult);
            if (c.failureDetails() != null) {
                b.setFailureDetails(toProto(c.failureDetails()));
            }
            out.setExecutionCompleted(b);
        } else if (event instanceof ExecutionTerminated t) {
            var b = OrchestratorService.ExecutionTerminatedEvent.newBuilder();
            ifPresent(t.input(), b::setInput);
            out.setExecutionTerminated(b);
        } else if (event instanceof ExecutionSuspended s) {
            var b = OrchestratorService.ExecutionSuspendedEvent.newBuilder();
            ifPresent(s.input(), b::setInput);
            out.setExecutionSuspended(b);
        } else if (event instanceof ExecutionResumed r) {
            var b = OrchestratorService.ExecutionResumedEvent.newBuilder();
            ifPresent(r.input(), b::setInput);
            out.setExecutionResumed(b);
        } else if (event instanceof TaskScheduled t) {
            var b = OrchestratorService.TaskScheduledEvent.newBuilder().setName(t.name());
            ifPresent(t.version(), b::setVersion);
            ifPresent(t.input(), b::setInput);
            out.setTaskScheduled(b);
        } else if (event instanceof TaskCompleted t) {
            var b = OrchestratorService.TaskCompletedEvent.newBuilder().setTaskScheduledId(t.taskScheduledId());
            ifPresent(t.result(), b::setResult);
            out.setTaskCompleted(b);
        } else if (event instanceof TaskFailed t) {
            var b = OrchestratorService.TaskFailedEvent.newBuilder().setTaskScheduledId(t.taskScheduledId());
            if (t.failureDetails() != null) {
                b.setFailureDetails(toProto(t.failureDetails()));
            }
            out.setTaskFailed(b);
        } else if (event instanceof SubOrchestrationInstanceCreated c) {
            var b = OrchestratorService.SubOrchestrationInstanceCreatedEvent.newBuilder().setInstanceId(c.instanceId())
                    .setName(c.name());
            ifPresent(c.version(), b::setVersion);
            ifPresent(c.input(), b::setInput);
            out.setSubOrchestrationInstanceCreated(b);
        } else if (event instanceof SubOrchestrationInstanceCompleted c) {
            var b = OrchestratorService.SubOrchestrationInstanceCompletedEvent.newBuilder().setTaskScheduledId(c.taskScheduledId());
            ifPresent(c.result(), b::setResult);
            out.setSubOrchestrationInstanceCompleted(b);
        } else if (event instanceof SubOrchestrationInstanceFailed f) {
            var b = OrchestratorService.SubOrchestrationInstanceFailedEvent.newBuilder().setTaskScheduledId(f.taskScheduledId());
            if (f.failureDetails() != null) {
                b.setFailureDetails(toProto(f.failureDetails()));
            }
            out.setSubOrchestrationInstanceFailed(b);
        } else if (event instanceof TimerCreated t) {
            var b = OrchestratorService.TimerCreatedEvent.newBuilder();
            if (t.fireAt() != null) {
                b.setFireAt(ProtoTime.of(t.fireAt()));
            }
            out.setTimerCreated(b);
        } else if (event instanceof TimerFired t) {
            var b = OrchestratorService.TimerFiredEvent.newBuilder().setTimerId(t.timerId());
            if (t.fireAt() != null) {
                b.setFireAt(ProtoTime.of(t.fireAt()));
            }
            out.setTimerFired(b);
        } else if (event instanceof OrchestratorStarted) {
            out.setOrchestratorStarted(OrchestratorService.OrchestratorStartedEvent.getDefaultInstance());
        } else if (event instanceof OrchestratorCompleted) {
            out.setOrchestratorCompleted(OrchestratorService.OrchestratorCompletedEvent.getDefaultInstance());
        } else if (event instanceof EventSent s) {
            var b = OrchestratorService.EventSentEvent.newBuilder().setInstanceId(s.instanceId()).setName(s.name());
            ifPresent(s.input(), b::setInput);
            out.setEventSent(b);
        } else if (event instanceof EventRaised r) {
            var b = OrchestratorService.EventRaisedEvent.newBuilder().setName(r.name());
            ifPresent(r.input(), b::setInput);
            out.setEventRaised(b);
        } else if (event instanceof GenericEvent g) {
            out.setGenericEvent(OrchestratorService.GenericEvent.newBuilder().setData(g.data()));
        } else if (event instanceof HistoryState h) {
            var b = OrchestratorService.HistoryStateEvent.newBuilder();
            if (h.orchestrationState() != null) {
                b.setOrchestrationState(ProtoInstances.toState(h.orchestrationState(), true));
            }
            out.setHistoryState(b);
        } else if (event instanceof ContinueAsNew c) {
            var b = OrchestratorService.ContinueAsNewEvent.newBuilder();
            ifPresent(c.input(), b::setInput);
            out.setContinueAsNew(b);
        }
        return out.build();
    }

    static FailureDetails toModel(TaskFailureDetails f) {
        return new FailureDetails(f.getErrorType(), f.getErrorMessage(), string(f.hasStackTrace(), f.getStackTrace()),
                f.hasInnerFailure() ? toModel(f.getInnerFailure()) : null, f.getIsNonRetriable());
    }

    static TaskFailureDetails toProto(FailureDetails f) {
        var b = TaskFailureDetails.newBuilder().setErrorType(f.errorType()).setErrorMessage(f.errorMessage())
                .setIsNonRetriable(f.nonRetriable());
        ifPresent(f.stackTrace(), b::setStackTrace);
        if (f.innerFailure() != null) {
            b.setInnerFailure(toProto(f.innerFailure()));
        }
        return b.build();
    }

    static OrchestrationInstance toModel(OrchestratorService.OrchestrationInstance i) {
        return new OrchestrationInstance(i.getInstanceId(), string(i.hasExecutionId(), i.getExecutionId()));
    }

    static OrchestratorService.OrchestrationInstance toProto(OrchestrationInstance i) {
        var b = OrchestratorService.OrchestrationInstance.newBuilder().setInstanceId(i.instanceId());
        ifPresent(i.executionId(), b::setExecutionId);
        return b.build();
    }

    static ParentInstance toModel(OrchestratorService.ParentInstanceInfo p) {
        return new ParentInstance(p.getTaskScheduledId(), string(p.hasName(), p.getName()), string(p.hasVersion(), p.getVersion()),
                p.hasOrchestrationInstance() ? toModel(p.getOrchestrationInstance()) : null);
    }

    static OrchestratorService.ParentInstanceInfo toProto(ParentInstance p) {
        var b = OrchestratorService.ParentInstanceInfo.newBuilder().setTaskScheduledId(p.taskScheduledId());
        ifPresent(p.name(), b::setName);
        ifPresent(p.version(), b::setVersion);
        if (p.instance() != null) {
            b.setOrchestrationInstance(toProto(p.instance()));
        }
        return b.build();
    }

    /** @throws IllegalArgumentException for a status number this protocol version does not define */
    static OrchestrationStatus toModel(OrchestratorService.OrchestrationStatus status) {
        return switch (status) {
            case ORCHESTRATION_STATUS_RUNNING -> OrchestrationStatus.RUNNING;
            case ORCHESTRATION_STATUS_COMPLETED -> OrchestrationStatus.COMPLETED;
            case ORCHESTRATION_STATUS_CONTINUED_AS_NEW -> OrchestrationStatus.CONTINUED_AS_NEW;
            case ORCHESTRATION_STATUS_FAILED -> OrchestrationStatus.FAILED;
            case ORCHESTRATION_STATUS_CANCELED -> OrchestrationStatus.CANCELED;
            case ORCHESTRATION_STATUS_TERMINATED -> OrchestrationStatus.TERMINATED;
            case ORCHESTRATION_STATUS_PENDING -> OrchestrationStatus.PENDING;
            case ORCHESTRATION_STATUS_SUSPENDED -> OrchestrationStatus.SUSPENDED;
            case UNRECOGNIZED -> throw new IllegalArgumentException("unknown runtime status");
        };
    }

    static OrchestratorService.OrchestrationStatus toProto(OrchestrationStatus status) {
        return switch (status) {
            case RUNNING -> OrchestratorService.OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING;
            case COMPLETED -> OrchestratorService.OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED;
            case CONTINUED_AS_NEW -> OrchestratorService.OrchestrationStatus.ORCHESTRATION_STATUS_CONTINUED_AS_NEW;
            case FAILED -> OrchestratorService.OrchestrationStatus.ORCHESTRATION_STATUS_FAILED;
            case CANCELED -> OrchestratorService.OrchestrationStatus.ORCHESTRATION_STATUS_CANCELED;
            case TERMINATED -> OrchestratorService.OrchestrationStatus.ORCHESTRATION_STATUS_TERMINATED;
            case PENDING -> OrchestratorService.OrchestrationStatus.ORCHESTRATION_STATUS_PENDING;
            case SUSPENDED -> OrchestratorService.OrchestrationStatus.ORCHESTRATION_STATUS_SUSPENDED;
        };
    }

    static void ifPresent(String value, java.util.function.Consumer<StringValue> setter) {
        if (value != null) {
            setter.accept(StringValue.of(value));
        }
    }
}
