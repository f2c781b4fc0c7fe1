package io.durascale.pipeline.events;

import com.microsoft.durabletask.DurableTaskClient;
import com.microsoft.durabletask.OrchestrationMetadata;
import io.durascale.pipeline.orchestration.BatchRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;

/** What the completion bridge and the poison watcher need of the task hub. */
public interface EventRaiser {

    /** @throws NoSuchInstance if the task hub has no instance with that id (never started, or purged) */
    void raise(String instanceId, String eventName, Object payload);

    /** The batch an instance computes, if it is a BatchCompute instance that exists. */
    Optional<BatchRequest> batchOf(String instanceId);

    /** Over the durabletask client (gRPC), as every piece of the pipeline talks to the task hub. */
    static EventRaiser of(DurableTaskClient client) {
        return new EventRaiser() {
            @Override
            public void raise(String instanceId, String eventName, Object payload) {
                try {
                    client.raiseEvent(instanceId, eventName, payload);
                } catch (StatusRuntimeException e) {
                    if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                        throw new NoSuchInstance(instanceId, e.getStatus().getDescription());
                    }
                    throw e;
                }
            }

            @Override
            public Optional<BatchRequest> batchOf(String instanceId) {
                OrchestrationMetadata instance = client.getInstanceMetadata(instanceId, true);
                if (!instance.isInstanceFound()) {
                    return Optional.empty();
                }
                try {
                    return Optional.ofNullable(instance.readInputAs(BatchRequest.class));
                } catch (RuntimeException e) {
                    return Optional.empty(); // not a BatchCompute input
                }
            }
        };
    }

    /** The task hub has no instance with this id: there is no orchestration to tell, now or later. */
    final class NoSuchInstance extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NoSuchInstance(String instanceId, String detail) {
            super(detail != null ? detail : "no orchestration instance with id '" + instanceId + "'", null, false, false);
        }
    }
}
