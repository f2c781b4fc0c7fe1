package io.durascale.pipeline.events;

import com.microsoft.durabletask.DataConverter;
import com.microsoft.durabletask.JacksonDataConverter;
import io.durascale.pipeline.orchestration.BatchRequest;
import io.durascale.pipeline.taskhub.TaskHubClient;
import io.durascale.pipeline.taskhub.model.InstanceNotFoundException;
import io.durascale.pipeline.taskhub.model.InstanceRecord;
import java.util.Optional;

/** What the completion bridge and the poison watcher need of the task hub. */
public interface EventRaiser {

    /** @throws NoSuchInstance if the task hub has no instance with that id (never started, or purged) */
    void raise(String instanceId, String eventName, Object payload);

    /** The batch an instance computes, if it is a BatchCompute instance that exists. */
    Optional<BatchRequest> batchOf(String instanceId);

    /**
     * Straight into the task hub's storage (the event on the instance's control queue, the input read from the
     * Instances table), so events are raised while the orchestration tier is at zero; payloads serialized as the
     * durabletask client serializes them.
     */
    static EventRaiser of(TaskHubClient client) {
        DataConverter payloads = new JacksonDataConverter();
        return new EventRaiser() {
            @Override
            public void raise(String instanceId, String eventName, Object payload) {
                try {
                    client.raiseEvent(instanceId, eventName, payloads.serialize(payload));
                } catch (InstanceNotFoundException e) {
                    throw new NoSuchInstance(instanceId, e.getMessage());
                }
            }

            @Override
            public Optional<BatchRequest> batchOf(String instanceId) {
                InstanceRecord instance = client.get(instanceId);
                if (instance == null) {
                    return Optional.empty();
                }
                try {
                    return Optional.ofNullable(payloads.deserialize(instance.input(), BatchRequest.class));
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
