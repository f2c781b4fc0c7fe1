package io.durascale.pipeline.events;

import com.microsoft.durabletask.DurableTaskClient;
import com.microsoft.durabletask.OrchestrationMetadata;
import io.durascale.pipeline.orchestration.BatchRequest;
import java.util.Optional;

/** What the completion bridge and the poison watcher need of the task hub. */
public interface EventRaiser {

    void raise(String instanceId, String eventName, Object payload);

    /** The batch an instance computes, if it is a BatchCompute instance that exists. */
    Optional<BatchRequest> batchOf(String instanceId);

    /** Over the durabletask client (gRPC), as every piece of the pipeline talks to the task hub. */
    static EventRaiser of(DurableTaskClient client) {
        return new EventRaiser() {
            @Override
            public void raise(String instanceId, String eventName, Object payload) {
                client.raiseEvent(instanceId, eventName, payload);
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
}
