package io.durascale.pipeline.events;

import io.durascale.pipeline.orchestration.BatchRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for the task hub at the bridge's edge: records what is raised, knows some batches
 * and which instances do not exist. */
final class RecordingRaiser implements EventRaiser {

    record Raised(String instanceId, String name, Object payload) {
    }

    final List<Raised> raised = new CopyOnWriteArrayList<>();
    final Map<String, BatchRequest> batches = new ConcurrentHashMap<>();
    /** Ids the task hub answers NOT_FOUND for. */
    final Set<String> missing = ConcurrentHashMap.newKeySet();

    @Override
    public void raise(String instanceId, String eventName, Object payload) {
        if (missing.contains(instanceId)) {
            throw new NoSuchInstance(instanceId, "no orchestration instance with id '" + instanceId + "'");
        }
        raised.add(new Raised(instanceId, eventName, payload));
    }

    @Override
    public Optional<BatchRequest> batchOf(String instanceId) {
        return Optional.ofNullable(batches.get(instanceId));
    }
}
