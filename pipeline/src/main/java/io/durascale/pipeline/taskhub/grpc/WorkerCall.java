package io.durascale.pipeline.taskhub.grpc;

import com.microsoft.durabletask.implementation.protobuf.OrchestratorService;
import io.durascale.pipeline.taskhub.WorkItemStream;
import io.durascale.pipeline.taskhub.model.WorkItem;
import io.grpc.stub.ServerCallStreamObserver;
import java.net.SocketAddress;

/** A worker's GetWorkItems call as the task hub's work-item stream: work items go out as protobuf. */
final class WorkerCall implements WorkItemStream {

    private final ServerCallStreamObserver<OrchestratorService.WorkItem> observer;
    private final SocketAddress remote;

    /** The stream of the current gRPC call, with the connection it came in on. */
    WorkerCall(ServerCallStreamObserver<OrchestratorService.WorkItem> observer) {
        this.observer = observer;
        this.remote = CallerConnection.current();
    }

    @Override
    public void send(WorkItem item) {
        observer.onNext(ProtoActions.toProto(item));
    }

    @Override
    public boolean isReady() {
        return observer.isReady();
    }

    @Override
    public SocketAddress remote() {
        return remote;
    }

    @Override
    public void onCancel(Runnable handler) {
        observer.setOnCancelHandler(handler);
    }

    @Override
    public void onReady(Runnable handler) {
        observer.setOnReadyHandler(handler);
    }
}
