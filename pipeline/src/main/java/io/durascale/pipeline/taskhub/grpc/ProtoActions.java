package io.durascale.pipeline.taskhub.grpc;

import static io.durascale.pipeline.taskhub.grpc.ProtoHistory.ifPresent;
import static io.durascale.pipeline.taskhub.grpc.ProtoTime.instant;
import static io.durascale.pipeline.taskhub.grpc.ProtoTime.string;

import com.google.protobuf.StringValue;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService;
import io.durascale.pipeline.taskhub.model.ActivityResult;
import io.durascale.pipeline.taskhub.model.OrchestratorAction;
import io.durascale.pipeline.taskhub.model.OrchestratorAction.CompleteOrchestration;
import io.durascale.pipeline.taskhub.model.OrchestratorAction.CreateSubOrchestration;
import io.durascale.pipeline.taskhub.model.OrchestratorAction.CreateTimer;
import io.durascale.pipeline.taskhub.model.OrchestratorAction.ScheduleTask;
import io.durascale.pipeline.taskhub.model.OrchestratorAction.SendEvent;
import io.durascale.pipeline.taskhub.model.OrchestratorResult;
import io.durascale.pipeline.taskhub.model.WorkItem;

/**
 * Work items, the workers' answers and the orchestrator actions in them, between the sidecar
 * protocol's protobuf messages and the task hub's model.
 */
final class ProtoActions {

    private ProtoActions() {
    }

    /** @throws IllegalArgumentException for an answer no SDK sends (an action or event without a type) */
    static OrchestratorResult toModel(OrchestratorService.OrchestratorResponse response) {
        return new OrchestratorResult(response.getInstanceId(),
                response.getActionsList().stream().map(ProtoActions::toModel).toList(),
                string(response.hasCustomStatus(), response.getCustomStatus()));
    }

    static OrchestratorService.OrchestratorResponse toProto(OrchestratorResult result) {
        var b = OrchestratorService.OrchestratorResponse.newBuilder().setInstanceId(result.instanceId());
        result.actions().forEach(a -> b.addActions(toProto(a)));
        ifPresent(result.customStatus(), b::setCustomStatus);
        return b.build();
    }

    static ActivityResult toModel(OrchestratorService.ActivityResponse response) {
        return new ActivityResult(response.getInstanceId(), response.getTaskId(), string(response.hasResult(), response.getResult()),
                response.hasFailureDetails() ? ProtoHistory.toModel(response.getFailureDetails()) : null);
    }

    static OrchestratorService.ActivityResponse toProto(ActivityResult result) {
        var b = OrchestratorService.ActivityResponse.newBuilder().setInstanceId(result.instanceId()).setTaskId(result.taskId());
        ifPresent(result.result(), b::setResult);
        if (result.failureDetails() != null) {
            b.setFailureDetails(ProtoHistory.toProto(result.failureDetails()));
        }
        return b.build();
    }

    static OrchestratorAction toModel(OrchestratorService.OrchestratorAction action) {
        int id = action.getId();
        return switch (action.getOrchestratorActionTypeCase()) {
            case SCHEDULETASK -> {
                var t = action.getScheduleTask();
                yield new ScheduleTask(id, t.getName(), string(t.hasVersion(), t.getVersion()), string(t.hasInput(), t.getInput()));
            }
            case CREATESUBORCHESTRATION -> {
                var s = action.getCreateSubOrchestration();
                yield new CreateSubOrchestration(id, s.getInstanceId(), s.getName(), string(s.hasVersion(), s.getVersion()),
                        string(s.hasInput(), s.getInput()));
            }
            case CREATETIMER -> new CreateTimer(id, instant(action.getCreateTimer().hasFireAt(), action.getCreateTimer().getFireAt()));
            case SENDEVENT -> {
                var s = action.getSendEvent();
                yield new SendEvent(id, s.hasInstance() ? ProtoHistory.toModel(s.getInstance()) : null, s.getName(),
                        string(s.hasData(), s.getData()));
            }
            case COMPLETEORCHESTRATION -> {
                var c = action.getCompleteOrchestration();
                yield new CompleteOrchestration(id, ProtoHistory.toModel(c.getOrchestrationStatus()),
                        string(c.hasResult(), c.getResult()), string(c.hasDetails(), c.getDetails()),
                        string(c.hasNewVersion(), c.getNewVersion()),
                        c.getCarryoverEventsList().stream().map(ProtoHistory::toModel).toList(),
                        c.hasFailureDetails() ? ProtoHistory.toModel(c.getFailureDetails()) : null);
            }
            case ORCHESTRATORACTIONTYPE_NOT_SET -> throw new IllegalArgumentException("action " + id + " has no type");
        };
    }

    static OrchestratorService.OrchestratorAction toProto(OrchestratorAction action) {
        var out = OrchestratorService.OrchestratorAction.newBuilder().setId(action.id());
        if (action instanceof ScheduleTask t) {
            var b = OrchestratorService.ScheduleTaskAction.newBuilder().setName(t.name());
            ifPresent(t.version(), b::setVersion);
            ifPresent(t.input(), b::setInput);
            out.setScheduleTask(b);
        } else if (action instanceof CreateSubOrchestration s) {
            var b = OrchestratorService.CreateSubOrchestrationAction.newBuilder().setInstanceId(s.instanceId()).setName(s.name());
            ifPresent(s.version(), b::setVersion);
            ifPresent(s.input(), b::setInput);
            out.setCreateSubOrchestration(b);
        } else if (action instanceof CreateTimer t) {
            var b = OrchestratorService.CreateTimerAction.newBuilder();
            if (t.fireAt() != null) {
                b.setFireAt(ProtoTime.of(t.fireAt()));
            }
            out.setCreateTimer(b);
        } else if (action instanceof SendEvent s) {
            var b = OrchestratorService.SendEventAction.newBuilder().setName(s.name());
            if (s.instance() != null) {
                b.setInstance(ProtoHistory.toProto(s.instance()));
            }
            ifPresent(s.data(), b::setData);
            out.setSendEvent(b);
        } else if (action instanceof CompleteOrchestration c) {
            var b = OrchestratorService.CompleteOrchestrationAction.newBuilder()
                    .setOrchestrationStatus(ProtoHistory.toProto(c.orchestrationStatus()));
            ifPresent(c.result(), b::setResult);
            ifPresent(c.details(), b::setDetails);
            ifPresent(c.newVersion(), b::setNewVersion);
            c.carryoverEvents().forEach(e -> b.addCarryoverEvents(ProtoHistory.toProto(e)));
            if (c.failureDetails() != null) {
                b.setFailureDetails(ProtoHistory.toProto(c.failureDetails()));
            }
            out.setCompleteOrchestration(b);
        }
        return out.build();
    }

    static OrchestratorService.WorkItem toProto(WorkItem item) {
        if (item instanceof WorkItem.Orchestration o) {
            var b = OrchestratorService.OrchestratorRequest.newBuilder().setInstanceId(o.instanceId());
            if (o.executionId() != null) {
                b.setExecutionId(StringValue.of(o.executionId()));
            }
            o.pastEvents().forEach(e -> b.addPastEvents(ProtoHistory.toProto(e)));
            o.newEvents().forEach(e -> b.addNewEvents(ProtoHistory.toProto(e)));
            return OrchestratorService.WorkItem.newBuilder().setOrchestratorRequest(b).build();
        }
        WorkItem.Activity a = (WorkItem.Activity) item;
        var b = OrchestratorService.ActivityRequest.newBuilder().setName(a.name()).setTaskId(a.taskId());
        ifPresent(a.version(), b::setVersion);
        ifPresent(a.input(), b::setInput);
        if (a.orchestrationInstance() != null) {
            b.setOrchestrationInstance(ProtoHistory.toProto(a.orchestrationInstance()));
        }
        return OrchestratorService.WorkItem.newBuilder().setActivityRequest(b).build();
    }

    /** The other way, for tests and tools: a work item as a worker received it. */
    static WorkItem toModel(OrchestratorService.WorkItem item) {
        return switch (item.getRequestCase()) {
            case ORCHESTRATORREQUEST -> {
                var r = item.getOrchestratorRequest();
                yield new WorkItem.Orchestration(r.getInstanceId(), string(r.hasExecutionId(), r.getExecutionId()),
                        r.getPastEventsList().stream().map(ProtoHistory::toModel).toList(),
                        r.getNewEventsList().stream().map(ProtoHistory::toModel).toList());
            }
            case ACTIVITYREQUEST -> {
                var r = item.getActivityRequest();
                yield new WorkItem.Activity(r.getName(), string(r.hasVersion(), r.getVersion()), string(r.hasInput(), r.getInput()),
                        r.hasOrchestrationInstance() ? ProtoHistory.toModel(r.getOrchestrationInstance()) : null, r.getTaskId());
            }
            case REQUEST_NOT_SET -> throw new IllegalArgumentException("work item has no request");
        };
    }
}
