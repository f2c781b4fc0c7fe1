package io.durascale.pipeline.taskhub.grpc;

import com.google.protobuf.Empty;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.ActivityResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.CompleteTaskResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.CreateInstanceRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.CreateInstanceResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.CreateTaskHubRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.CreateTaskHubResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.DeleteTaskHubRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.DeleteTaskHubResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.GetInstanceRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.GetInstanceResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.GetWorkItemsRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.InstanceQuery;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.PurgeInstancesRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.PurgeInstancesResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.QueryInstancesRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.QueryInstancesResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.RaiseEventRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.RaiseEventResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.ResumeRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.ResumeResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.RewindInstanceRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.RewindInstanceResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.SuspendRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.SuspendResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TerminateRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TerminateResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.WorkItem;
import com.microsoft.durabletask.implementation.protobuf.TaskHubSidecarServiceGrpc;
import io.durascale.pipeline.taskhub.TaskHub;
import io.durascale.pipeline.taskhub.model.InstanceExistsException;
import io.durascale.pipeline.taskhub.model.InstanceFilter;
import io.durascale.pipeline.taskhub.model.InstanceNotFoundException;
import io.durascale.pipeline.taskhub.model.InstancePage;
import io.durascale.pipeline.taskhub.model.InstanceRecord;
import io.durascale.pipeline.taskhub.model.OrchestrationStatus;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Durable Task sidecar protocol ({@code TaskHubSidecarService} from the proto inside
 * durabletask-client 1.5.0) on top of {@link TaskHub}: its client calls go through the hub's
 * {@link io.durascale.pipeline.taskhub.TaskHubClient}, the same code that serves clients with no
 * backend, so the two paths cannot disagree. Converts requests to the task hub's
 * model and answers back to protobuf (the only place, with its Proto* helpers, that sees the
 * protocol's generated classes), and maps errors to gRPC status codes: a malformed request is
 * INVALID_ARGUMENT, never a broken stream; raising an event to, terminating, suspending or
 * resuming an instance that does not exist is NOT_FOUND (the 1.5.0 client passes it on as a
 * {@link StatusRuntimeException}).
 */
public final class SidecarService extends TaskHubSidecarServiceGrpc.TaskHubSidecarServiceImplBase {

    private static final Logger log = LoggerFactory.getLogger(SidecarService.class);
    private final TaskHub hub;

    public SidecarService(TaskHub hub) {
        this.hub = hub;
    }

    @Override
    public void hello(Empty request, StreamObserver<Empty> response) {
        unary(response, Empty::getDefaultInstance);
    }

    @Override
    public void startInstance(CreateInstanceRequest request, StreamObserver<CreateInstanceResponse> response) {
        unary(response, () -> {
            require(!request.getName().isEmpty(), "an orchestration name is required");
            return CreateInstanceResponse.newBuilder().setInstanceId(hub.client().start(ProtoInstances.toModel(request))).build();
        });
    }

    @Override
    public void getInstance(GetInstanceRequest request, StreamObserver<GetInstanceResponse> response) {
        unary(response, () -> {
            requireId(request.getInstanceId());
            return ProtoInstances.toResponse(hub.client().get(request.getInstanceId()), request.getGetInputsAndOutputs());
        });
    }

    @Override
    public void waitForInstanceStart(GetInstanceRequest request, StreamObserver<GetInstanceResponse> response) {
        await(request, r -> r.status() != OrchestrationStatus.PENDING, response);
    }

    @Override
    public void waitForInstanceCompletion(GetInstanceRequest request, StreamObserver<GetInstanceResponse> response) {
        await(request, InstanceRecord::isTerminal, response);
    }

    @Override
    public void raiseEvent(RaiseEventRequest request, StreamObserver<RaiseEventResponse> response) {
        unary(response, () -> {
            requireId(request.getInstanceId());
            require(!request.getName().isEmpty(), "an event name is required");
            hub.client().raiseEvent(request.getInstanceId(), request.getName(), ProtoTime.string(request.hasInput(), request.getInput()));
            return RaiseEventResponse.getDefaultInstance();
        });
    }

    @Override
    public void terminateInstance(TerminateRequest request, StreamObserver<TerminateResponse> response) {
        unary(response, () -> {
            requireId(request.getInstanceId());
            hub.client().terminate(request.getInstanceId(), ProtoTime.string(request.hasOutput(), request.getOutput()));
            return TerminateResponse.getDefaultInstance();
        });
    }

    @Override
    public void suspendInstance(SuspendRequest request, StreamObserver<SuspendResponse> response) {
        unary(response, () -> {
            requireId(request.getInstanceId());
            hub.client().suspend(request.getInstanceId(), ProtoTime.string(request.hasReason(), request.getReason()));
            return SuspendResponse.getDefaultInstance();
        });
    }

    @Override
    public void resumeInstance(ResumeRequest request, StreamObserver<ResumeResponse> response) {
        unary(response, () -> {
            requireId(request.getInstanceId());
            hub.client().resume(request.getInstanceId(), ProtoTime.string(request.hasReason(), request.getReason()));
            return ResumeResponse.getDefaultInstance();
        });
    }

    @Override
    public void rewindInstance(RewindInstanceRequest request, StreamObserver<RewindInstanceResponse> response) {
        response.onError(Status.UNIMPLEMENTED.withDescription("rewind is not supported by this task hub").asRuntimeException());
    }

    @Override
    public void queryInstances(QueryInstancesRequest request, StreamObserver<QueryInstancesResponse> response) {
        unary(response, () -> {
            InstanceQuery q = request.getQuery();
            InstanceFilter filter = ProtoInstances.toModel(q);
            int pageSize = q.getMaxInstanceCount() <= 0 ? 100 : q.getMaxInstanceCount();
            InstancePage page = hub.client().query(filter, pageSize, q.hasContinuationToken() ? q.getContinuationToken().getValue() : null,
                    q.getFetchInputsAndOutputs());
            return ProtoInstances.toProto(page, q.getFetchInputsAndOutputs());
        });
    }

    @Override
    public void purgeInstances(PurgeInstancesRequest request, StreamObserver<PurgeInstancesResponse> response) {
        unary(response, () -> {
            int deleted;
            if (request.hasPurgeInstanceFilter()) {
                InstanceFilter filter = ProtoInstances.toModel(request.getPurgeInstanceFilter());
                deleted = filter == null ? 0 : hub.client().purge(filter);
            } else {
                requireId(request.getInstanceId());
                try {
                    deleted = hub.client().purge(request.getInstanceId());
                } catch (IllegalStateException e) {
                    throw Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException();
                }
            }
            return PurgeInstancesResponse.newBuilder().setDeletedInstanceCount(deleted).build();
        });
    }

    @Override
    public void createTaskHub(CreateTaskHubRequest request, StreamObserver<CreateTaskHubResponse> response) {
        unary(response, () -> {
            if (request.getRecreateIfExists()) {
                hub.wipe();
            }
            return CreateTaskHubResponse.getDefaultInstance();
        });
    }

    @Override
    public void deleteTaskHub(DeleteTaskHubRequest request, StreamObserver<DeleteTaskHubResponse> response) {
        unary(response, () -> {
            hub.wipe();
            return DeleteTaskHubResponse.getDefaultInstance();
        });
    }

    @Override
    public void getWorkItems(GetWorkItemsRequest request, StreamObserver<WorkItem> response) {
        hub.connectWorker(new WorkerCall((ServerCallStreamObserver<WorkItem>) response));
    }

    @Override
    public void completeActivityTask(ActivityResponse request, StreamObserver<CompleteTaskResponse> response) {
        // Always OK: the 1.5.0 worker drops its stream and sleeps 5 s on any error, so stale answers (nothing in flight,
        // or in flight on another worker's connection: see WorkItemDispatcher.complete) are ignored quietly.
        unary(response, () -> {
            hub.completeActivity(ProtoActions.toModel(request), CallerConnection.current());
            return CompleteTaskResponse.getDefaultInstance();
        });
    }

    @Override
    public void completeOrchestratorTask(OrchestratorResponse request, StreamObserver<CompleteTaskResponse> response) {
        // An answer no SDK sends (an action without a type) is INVALID_ARGUMENT, and its work item
        // stays outstanding for a worker that answers properly: it is refused before it is matched.
        unary(response, () -> {
            hub.completeOrchestration(ProtoActions.toModel(request), CallerConnection.current());
            return CompleteTaskResponse.getDefaultInstance();
        });
    }

    // ---- helpers ----

    private void await(GetInstanceRequest request, Predicate<InstanceRecord> done, StreamObserver<GetInstanceResponse> response) {
        String id = request.getInstanceId();
        if (id.isEmpty()) {
            response.onError(Status.INVALID_ARGUMENT.withDescription("an instance id is required").asRuntimeException());
            return;
        }
        CompletableFuture<InstanceRecord> waiting;
        try {
            waiting = hub.await(id, done);
        } catch (RuntimeException e) {
            response.onError(toStatus(e));
            return;
        }
        // The caller's deadline or cancellation ends the wait (the SDK turns DEADLINE_EXCEEDED into a TimeoutException).
        Context.current().addListener(ctx -> waiting.cancel(false), Runnable::run);
        waiting.whenComplete((record, error) -> {
            if (error != null) {
                if (!(error instanceof java.util.concurrent.CancellationException)) {
                    response.onError(toStatus(error));
                }
                return;
            }
            try {
                response.onNext(ProtoInstances.toResponse(record, request.getGetInputsAndOutputs()));
                response.onCompleted();
            } catch (RuntimeException e) {
                log.debug("the waiter went away before its answer: {}", e.toString());
            }
        });
    }

    private static <T> void unary(StreamObserver<T> response, Supplier<T> call) {
        T result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            response.onError(toStatus(e));
            return;
        }
        response.onNext(result);
        response.onCompleted();
    }

    private static StatusRuntimeException toStatus(Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof StatusRuntimeException status) {
            return status;
        }
        if (cause instanceof InstanceExistsException) {
            return Status.ALREADY_EXISTS.withDescription(cause.getMessage()).asRuntimeException();
        }
        if (cause instanceof InstanceNotFoundException) {
            return Status.NOT_FOUND.withDescription(cause.getMessage()).asRuntimeException();
        }
        if (cause instanceof IllegalArgumentException) {
            return Status.INVALID_ARGUMENT.withDescription(cause.getMessage()).asRuntimeException();
        }
        log.warn("request failed: {}", cause.toString());
        return Status.UNAVAILABLE.withDescription("the task hub's storage did not answer: " + cause.getMessage())
                .withCause(cause).asRuntimeException();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void requireId(String instanceId) {
        require(instanceId != null && !instanceId.isEmpty(), "an instance id is required");
    }
}
