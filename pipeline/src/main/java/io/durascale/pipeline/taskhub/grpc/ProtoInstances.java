package io.durascale.pipeline.taskhub.grpc;

import static io.durascale.pipeline.taskhub.grpc.ProtoHistory.ifPresent;
import static io.durascale.pipeline.taskhub.grpc.ProtoTime.instant;
import static io.durascale.pipeline.taskhub.grpc.ProtoTime.string;

import com.google.protobuf.StringValue;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.CreateInstanceRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.GetInstanceResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.InstanceQuery;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestrationState;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.PurgeInstanceFilter;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.QueryInstancesResponse;
import io.durascale.pipeline.taskhub.model.InstanceFilter;
import io.durascale.pipeline.taskhub.model.InstancePage;
import io.durascale.pipeline.taskhub.model.InstanceRecord;
import io.durascale.pipeline.taskhub.model.NewOrchestration;
import io.durascale.pipeline.taskhub.model.OrchestrationStatus;
import java.util.EnumSet;
import java.util.Set;

/** The client side of the protocol: start requests, instance states, queries and purge filters. */
final class ProtoInstances {

    private ProtoInstances() {
    }

    static NewOrchestration toModel(CreateInstanceRequest r) {
        return new NewOrchestration(r.getInstanceId(), r.getName(), string(r.hasVersion(), r.getVersion()),
                string(r.hasInput(), r.getInput()), instant(r.hasScheduledStartTimestamp(), r.getScheduledStartTimestamp()));
    }

    static CreateInstanceRequest toProto(NewOrchestration start) {
        var b = CreateInstanceRequest.newBuilder().setInstanceId(start.instanceId()).setName(start.name());
        ifPresent(start.version(), b::setVersion);
        ifPresent(start.input(), b::setInput);
        if (start.scheduledStartTime() != null) {
            b.setScheduledStartTimestamp(ProtoTime.of(start.scheduledStartTime()));
        }
        return b.build();
    }

    static GetInstanceResponse toResponse(InstanceRecord record, boolean withPayloads) {
        if (record == null) {
            // Not NOT_FOUND: the SDK detects "missing" from an empty state and would throw on an error status.
            return GetInstanceResponse.newBuilder().setExists(false).build();
        }
        return GetInstanceResponse.newBuilder().setExists(true).setOrchestrationState(toState(record, withPayloads)).build();
    }

    /** The state a client sees; inputs, output and custom status only when asked for. */
    static OrchestrationState toState(InstanceRecord r, boolean withPayloads) {
        OrchestrationState.Builder state = OrchestrationState.newBuilder()
                .setInstanceId(r.instanceId())
                .setName(r.name())
                .setOrchestrationStatus(ProtoHistory.toProto(r.status()));
        if (r.createdTime() != null) {
            state.setCreatedTimestamp(ProtoTime.of(r.createdTime()));
        }
        if (r.lastUpdatedTime() != null) {
            state.setLastUpdatedTimestamp(ProtoTime.of(r.lastUpdatedTime()));
        }
        ifPresent(r.version(), state::setVersion);
        if (r.scheduledStartTime() != null) {
            state.setScheduledStartTimestamp(ProtoTime.of(r.scheduledStartTime()));
        }
        if (r.failure() != null) {
            state.setFailureDetails(ProtoHistory.toProto(r.failure()));
        }
        if (withPayloads) {
            ifPresent(r.input(), state::setInput);
            ifPresent(r.output(), state::setOutput);
            ifPresent(r.customStatus(), state::setCustomStatus);
        }
        return state.build();
    }

    /** A state as the protocol carries it (in a HistoryState event): no execution id or parent. */
    static InstanceRecord toModel(OrchestrationState s) {
        return new InstanceRecord(s.getInstanceId(), s.getName(), string(s.hasVersion(), s.getVersion()),
                string(s.hasInput(), s.getInput()), string(s.hasOutput(), s.getOutput()),
                string(s.hasCustomStatus(), s.getCustomStatus()), ProtoHistory.toModel(s.getOrchestrationStatus()),
                instant(s.hasCreatedTimestamp(), s.getCreatedTimestamp()),
                instant(s.hasLastUpdatedTimestamp(), s.getLastUpdatedTimestamp()), null, null,
                instant(s.hasScheduledStartTimestamp(), s.getScheduledStartTimestamp()),
                s.hasFailureDetails() ? ProtoHistory.toModel(s.getFailureDetails()) : null, null);
    }

    /** @throws IllegalArgumentException for a status this protocol version does not define */
    static InstanceFilter toModel(InstanceQuery q) {
        Set<OrchestrationStatus> statuses = EnumSet.noneOf(OrchestrationStatus.class);
        for (OrchestratorService.OrchestrationStatus s : q.getRuntimeStatusList()) {
            if (s == OrchestratorService.OrchestrationStatus.UNRECOGNIZED) {
                throw new IllegalArgumentException("unknown runtime status in the query");
            }
            statuses.add(ProtoHistory.toModel(s));
        }
        return new InstanceFilter(statuses, instant(q.hasCreatedTimeFrom(), q.getCreatedTimeFrom()),
                instant(q.hasCreatedTimeTo(), q.getCreatedTimeTo()), string(q.hasInstanceIdPrefix(), q.getInstanceIdPrefix()));
    }

    /**
     * A purge filter; no status means every finished one. Null when it can select nothing: every
     * status it names is one this protocol version does not define.
     */
    static InstanceFilter toModel(PurgeInstanceFilter f) {
        Set<OrchestrationStatus> statuses = EnumSet.noneOf(OrchestrationStatus.class);
        for (OrchestratorService.OrchestrationStatus s : f.getRuntimeStatusList()) {
            if (s != OrchestratorService.OrchestrationStatus.UNRECOGNIZED) {
                statuses.add(ProtoHistory.toModel(s));
            }
        }
        if (f.getRuntimeStatusList().isEmpty()) {
            statuses.addAll(OrchestrationStatus.TERMINAL);
        } else if (statuses.isEmpty()) {
            return null;
        }
        return new InstanceFilter(statuses, instant(f.hasCreatedTimeFrom(), f.getCreatedTimeFrom()),
                instant(f.hasCreatedTimeTo(), f.getCreatedTimeTo()), null);
    }

    static QueryInstancesResponse toProto(InstancePage page, boolean withPayloads) {
        QueryInstancesResponse.Builder out = QueryInstancesResponse.newBuilder();
        page.instances().forEach(r -> out.addOrchestrationState(toState(r, withPayloads)));
        if (page.continuationToken() != null) {
            out.setContinuationToken(StringValue.of(page.continuationToken()));
        }
        return out.build();
    }
}
