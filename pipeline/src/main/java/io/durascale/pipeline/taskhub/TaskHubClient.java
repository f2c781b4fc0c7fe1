package io.durascale.pipeline.taskhub;

import io.durascale.pipeline.taskhub.model.HistoryEvent;
import io.durascale.pipeline.taskhub.model.HistoryEvent.EventRaised;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ExecutionResumed;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ExecutionStarted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ExecutionSuspended;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ExecutionTerminated;
import io.durascale.pipeline.taskhub.model.InstanceFilter;
import io.durascale.pipeline.taskhub.model.InstanceNotFoundException;
import io.durascale.pipeline.taskhub.model.InstancePage;
import io.durascale.pipeline.taskhub.model.InstanceRecord;
import io.durascale.pipeline.taskhub.model.NewOrchestration;
import io.durascale.pipeline.taskhub.model.OrchestrationInstance;
import io.durascale.pipeline.taskhub.model.OrchestrationStatus;
import io.durascale.pipeline.taskhub.storage.ControlQueues;
import io.durascale.pipeline.taskhub.storage.TaskHubInfo;
import io.durascale.pipeline.taskhub.storage.TaskHubMessages;
import io.durascale.pipeline.taskhub.storage.TaskHubMessages.ControlMessage;
import io.durascale.pipeline.taskhub.storage.TaskHubStorage;
import io.durascale.pipeline.taskhub.tracking.HistoryStore;
import io.durascale.pipeline.taskhub.tracking.InstanceStore;
import io.durascale.pipeline.taskhub.tracking.TrackingStore;
import io.durascale.storage.StorageAccount;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A task hub's client operations, written straight into its storage as the Azure Storage provider's
 * client (AzureStorageOrchestrationServiceClient) writes them: a start is the instance row (Pending) and then the
 * ExecutionStarted message on the instance's control queue (delayed, with its timer-index row, for a scheduled
 * start); events, terminate, suspend and resume are messages on that queue; status, queries and history are read
 * from the Instances and History tables; purge deletes rows, history and payload blobs. It needs no running
 * backend and no partition ownership: whichever process owns the partition consumes the messages when it runs.
 *
 * <p>The one implementation of these operations: a backend's own client calls (the sidecar protocol's) go
 * through {@link TaskHub#client()}, which differs only in its {@link Channel} — a partition owner delivers a
 * message to itself in process and already knows the instances it holds.
 */
public final class TaskHubClient {

    /** Where the client's messages go, and what a partition owner in the same process knows without a read. */
    interface Channel {
        void send(ControlMessage message, Duration delay);

        /** Whether the instance is known to exist without reading its row. */
        boolean knownToExist(String instanceId);

        /** An instance was scheduled (for counters). */
        void started(String instanceId);

        /** An instance was purged: forget what is cached of it. */
        void purged(String instanceId);
    }

    private final TaskHubNames names;
    private final TrackingStore tracking;
    private final HistoryStore histories;
    private final Channel channel;
    private final StorageOps ops;

    TaskHubClient(TaskHubNames names, TrackingStore tracking, HistoryStore histories, Channel channel, StorageOps ops) {
        this.names = names;
        this.tracking = tracking;
        this.histories = histories;
        this.channel = channel;
        this.ops = ops;
    }

    /**
     * A client of the hub {@code hub} in {@code account}, with no backend in this process. The partition count is
     * the hub's own ({@code taskhub.json}); a hub that does not exist yet is created with {@code partitionsIfNew}
     * partitions, as the Azure Storage provider's client creates a hub it is the first to use.
     *
     * @throws IllegalArgumentException for a hub name or partition count the task hub does not accept
     */
    public static TaskHubClient connect(StorageAccount account, String hub, int partitionsIfNew) {
        TaskHubSettings.builder().hubName(hub).partitionCount(partitionsIfNew).build(); // the task hub's own checks, first
        TaskHubNames names = new TaskHubNames(hub, TaskHubInfo.partitionCountOf(account, hub).orElse(partitionsIfNew));
        TaskHubStorage storage = new TaskHubStorage(account, names, new StorageOps());
        storage.createIfMissing();
        ControlQueues queues = new ControlQueues(storage, new TaskHubMessages(storage));
        HistoryStore histories = new HistoryStore(storage);
        TrackingStore tracking = new TrackingStore(storage, histories, new InstanceStore(storage));
        return new TaskHubClient(names, tracking, histories, new Channel() {
            @Override
            public void send(ControlMessage message, Duration delay) {
                queues.send(message, delay);
            }

            @Override
            public boolean knownToExist(String instanceId) {
                return false;
            }

            @Override
            public void started(String instanceId) {
            }

            @Override
            public void purged(String instanceId) {
            }
        }, storage.ops());
    }

    public TaskHubNames names() {
        return names;
    }

    /** This client's storage operations, counted by kind. */
    public StorageOps ops() {
        return ops;
    }

    /**
     * Schedules an instance (or a new execution of a finished one); returns its id.
     *
     * @throws io.durascale.pipeline.taskhub.model.InstanceExistsException when an unfinished instance has the id
     */
    public String start(NewOrchestration request) {
        String instanceId = request.instanceId() == null || request.instanceId().isEmpty()
                ? UUID.randomUUID().toString() : request.instanceId();
        String executionId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        Instant scheduled = request.scheduledStartTime();
        // The row first: a client that raises an event at once finds the instance.
        tracking.create(new InstanceRecord(instanceId, request.name(), request.version(), request.input(), null, null,
                OrchestrationStatus.PENDING, now, now, null, executionId, scheduled, null, null));
        ExecutionStarted start = new ExecutionStarted(-1, now, request.name(), request.version(), request.input(),
                new OrchestrationInstance(instanceId, executionId), null, scheduled, null);
        Duration delay = scheduled == null ? Duration.ZERO : Duration.between(now, scheduled);
        channel.send(new ControlMessage(instanceId, executionId, List.of(start), "start:" + executionId,
                TaskHubMessages.nowMicros()), delay);
        channel.started(instanceId);
        return instanceId;
    }

    /**
     * Starts a finished instance again, as the durabletask client's restartInstance does: its name and input, under
     * a new id or its own.
     *
     * @throws InstanceNotFoundException if no instance has that id
     */
    public String restart(String instanceId, boolean newInstanceId) {
        InstanceRecord instance = get(instanceId);
        if (instance == null) {
            throw new InstanceNotFoundException(instanceId);
        }
        return start(new NewOrchestration(newInstanceId ? "" : instanceId, instance.name(), null, instance.input(), null));
    }

    /** The instance with its input, output and custom status, or null if it does not exist. */
    public InstanceRecord get(String instanceId) {
        return tracking.get(instanceId);
    }

    /**
     * @param input the event's data as JSON; null for an event without data
     * @throws InstanceNotFoundException if no instance has that id
     */
    public void raiseEvent(String instanceId, String name, String input) {
        sendEvent(instanceId, new EventRaised(-1, Instant.now(), name, input));
    }

    /** @param output the terminated instance's output as JSON; null for none */
    public void terminate(String instanceId, String output) {
        sendEvent(instanceId, new ExecutionTerminated(-1, Instant.now(), output));
    }

    public void suspend(String instanceId, String reason) {
        sendEvent(instanceId, new ExecutionSuspended(-1, Instant.now(), reason));
    }

    public void resume(String instanceId, String reason) {
        sendEvent(instanceId, new ExecutionResumed(-1, Instant.now(), reason));
    }

    /**
     * Sends a client's event, terminate, suspend or resume to an instance. The instance row is written when the
     * instance is scheduled (before its start message), so an instance just scheduled is found; one that was never
     * scheduled, or was purged, is refused rather than sent a message its partition would drop.
     */
    private void sendEvent(String instanceId, HistoryEvent event) {
        if (!channel.knownToExist(instanceId) && !tracking.exists(instanceId)) {
            throw new InstanceNotFoundException(instanceId);
        }
        channel.send(new ControlMessage(instanceId, null, List.of(event), TaskHubMessages.newKey(),
                TaskHubMessages.nowMicros()), Duration.ZERO);
    }

    public InstancePage query(InstanceFilter filter, int pageSize, String continuation, boolean withPayloads) {
        return tracking.query(filter, pageSize, continuation, withPayloads);
    }

    /**
     * Deletes a finished instance's row, history and large payloads.
     *
     * @return 1 if purged, 0 if there is no such instance
     * @throws io.durascale.pipeline.taskhub.model.InstanceNotFinishedException if the instance has not finished
     */
    public int purge(String instanceId) {
        if (!tracking.purge(instanceId)) {
            return 0;
        }
        channel.purged(instanceId);
        return 1;
    }

    /** Purges every finished instance the filter selects (an empty status set means every finished status). */
    public int purge(InstanceFilter filter) {
        return tracking.purge(filter, channel::purged);
    }

    /**
     * The current execution's committed history, oldest first; null if the instance has none. Read only: it never
     * disturbs a partition owner's append.
     */
    public List<HistoryEvent> history(String instanceId) {
        HistoryStore.Loaded loaded = histories.read(instanceId);
        return loaded.executionId() == null ? null : loaded.events().stream().map(HistoryStore.StoredEvent::event).toList();
    }
}
