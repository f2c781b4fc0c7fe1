package io.durascale.pipeline.taskhub;

import io.durascale.pipeline.taskhub.ActivityQueue.ActivityTicket;
import io.durascale.pipeline.taskhub.OrchestrationSessions.OrchestrationTicket;
import io.durascale.pipeline.taskhub.model.ActivityResult;
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
import io.durascale.pipeline.taskhub.model.OrchestratorResult;
import io.durascale.pipeline.taskhub.partition.PartitionManager;
import io.durascale.pipeline.taskhub.storage.TaskHubMessages;
import io.durascale.pipeline.taskhub.storage.TaskHubMessages.ControlMessage;
import io.durascale.pipeline.taskhub.storage.TaskHubStorage;
import io.durascale.pipeline.taskhub.tracking.HistoryStore;
import io.durascale.pipeline.taskhub.tracking.InstanceStore;
import io.durascale.pipeline.taskhub.tracking.TrackingStore;
import io.durascale.storage.StorageAccount;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task hub backend: a Durable Task backend over Azure Storage, laid out and partitioned like
 * the Durable Task Framework's Azure Storage provider, and wired like its
 * AzureStorageOrchestrationService — a façade over parts with narrow seams:
 *
 * <ul>
 *   <li>{@link OrchestrationSessions}: partitions acquired and lost, control-queue polling,
 *       in-process delivery, one episode at a time per instance;</li>
 *   <li>{@link EpisodeCommitter}: a worker's answer committed in crash-safe order, guarded by
 *       the history sentinel's ETag;</li>
 *   <li>{@link ActivityQueue}: the work-item queue, and results back to their orchestrations;</li>
 *   <li>{@link HeldMessages}: queue messages kept invisible while needed, then deleted;</li>
 *   <li>{@link TrackingStore}: get, query and purge over history, instances and payload blobs;</li>
 *   <li>{@link WorkItemDispatcher}: work items to the workers' streams, and their answers matched;</li>
 *   <li>{@link PartitionManager} (leases) and {@link TaskHubStorage} (every storage call, counted).</li>
 * </ul>
 *
 * <p>Processing is at-least-once, effects once: a crash anywhere before a commit deletes its
 * messages redelivers them, and duplicate detection against the history makes the retry
 * harmless. The façade speaks the task hub's model ({@code taskhub.model}); the sidecar
 * protocol lives at the gRPC edge ({@code taskhub.grpc}).
 */
public final class TaskHub implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TaskHub.class);

    private final TaskHubSettings settings;
    private final TaskHubNames names;
    private final TaskHubStorage storage;
    private final TrackingStore tracking;
    private final WorkItemDispatcher dispatcher;
    private final ExecutorService io;
    /** For a checkpoint's outbound messages (see {@link EpisodeCommitter}). */
    private final ExecutorService sends;
    private final ScheduledExecutorService scheduler;
    private final StatusWatchers watchers;
    private final PartitionManager partitions;
    private final HeldMessages held;
    private final OrchestrationSessions sessions;
    private final ActivityQueue activities;
    private final EpisodeCommitter committer;
    /** Bumped by {@link #wipe()}: work dispatched before a wipe completes as a no-op. */
    private final AtomicLong generation = new AtomicLong();
    private final TaskHubStats stats;
    private volatile boolean started;

    public TaskHub(StorageAccount account, TaskHubSettings settings) {
        this.settings = settings;
        this.names = TaskHubNames.of(settings);
        this.storage = new TaskHubStorage(account, names, new StorageOps());
        TaskHubMessages messages = new TaskHubMessages(storage);
        HistoryStore histories = new HistoryStore(storage);
        InstanceStore instances = new InstanceStore(storage);
        this.tracking = new TrackingStore(storage, histories, instances);
        this.dispatcher = new WorkItemDispatcher(settings.maxInFlightPerStream());
        this.io = Executors.newFixedThreadPool(32, daemon("taskhub-io"));
        this.sends = Executors.newFixedThreadPool(16, daemon("taskhub-send"));
        this.scheduler = Executors.newScheduledThreadPool(2, daemon("taskhub-timer"));
        this.stats = new TaskHubStats(names.partitionCount());
        this.partitions = new PartitionManager(storage, settings, scheduler);
        this.watchers = new StatusWatchers(tracking::get, id -> partitions.owns(names.partitionOf(id)), scheduler, io);
        this.held = new HeldMessages(storage, settings);
        this.sessions = new OrchestrationSessions(settings, storage, messages, histories, instances, held, dispatcher, watchers,
                stats, io, scheduler, partitions::owns, generation::get);
        this.activities = new ActivityQueue(settings, storage, messages, held, dispatcher, sessions, stats, generation::get);
        this.committer = new EpisodeCommitter(histories, instances, sessions, activities, held, stats, io, sends);
    }

    public TaskHubSettings settings() {
        return settings;
    }

    public TaskHubNames names() {
        return names;
    }

    public StorageOps ops() {
        return storage.ops();
    }

    public TaskHubStats stats() {
        return stats;
    }

    /** Deletes the hub's queues, tables and containers: for throwaway hubs (benchmarks, tests) only. */
    public void deleteHub() {
        storage.deleteHub();
    }

    TaskHubStorage storage() {
        return storage;
    }

    /** Creates the hub's resources if missing and starts taking partitions and work. */
    public TaskHub start() {
        storage.createIfMissing();
        partitions.start(sessions);
        sessions.startPolling();
        activities.startPolling();
        held.start(scheduler);
        sessions.enableLocalDelivery();
        activities.enableLocalDispatch();
        started = true;
        log.info("task hub {} started: {} partitions, worker id {}", names.hub(), names.partitionCount(), settings.workerId());
        return this;
    }

    public Set<Integer> ownedPartitions() {
        return partitions.owned();
    }

    // ---- client operations ----

    /** Starts (or restarts a finished) instance; returns its id. */
    public String startInstance(NewOrchestration request) {
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
        sessions.sendControl(new ControlMessage(instanceId, executionId, List.of(start), "start:" + executionId,
                TaskHubMessages.nowMicros()), delay);
        stats.started.incrementAndGet();
        return instanceId;
    }

    /** The instance, or null if it does not exist. */
    public InstanceRecord getInstance(String instanceId) {
        return tracking.get(instanceId);
    }

    /** @param input null for an event without data */
    public void raiseEvent(String instanceId, String name, String input) {
        sendEvent(instanceId, new EventRaised(-1, Instant.now(), name, input));
    }

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
     * Sends a client's event, terminate, suspend or resume to an instance. The instance row is
     * written when the instance is scheduled (before its start message), so an instance just
     * scheduled is found; one that was never scheduled, or was purged, is refused rather than sent
     * a message its partition would drop.
     *
     * @throws InstanceNotFoundException if no instance has that id
     */
    private void sendEvent(String instanceId, HistoryEvent event) {
        if (!sessions.knownLocally(instanceId) && !tracking.exists(instanceId)) {
            throw new InstanceNotFoundException(instanceId);
        }
        sessions.sendControl(new ControlMessage(instanceId, null, List.of(event), TaskHubMessages.newKey(),
                TaskHubMessages.nowMicros()), Duration.ZERO);
    }

    /**
     * Completes when the instance satisfies {@code done} (null if it does not exist); cancel to
     * stop waiting. For an instance this process owns, the answer also reflects every message
     * sent to it before the wait began (a client that suspends and then waits sees the suspend).
     */
    public CompletableFuture<InstanceRecord> await(String instanceId, Predicate<InstanceRecord> done) {
        long since = TaskHubMessages.nowMicros();
        return watchers.await(instanceId, r -> done.test(r) && !sessions.unprocessedSentBy(instanceId, since));
    }

    public InstancePage query(InstanceFilter filter, int pageSize, String continuation, boolean withPayloads) {
        return tracking.query(filter, pageSize, continuation, withPayloads);
    }

    /**
     * Deletes a finished instance's row, history and large payloads.
     *
     * @return 1 if purged, 0 if there is no such instance
     * @throws IllegalStateException if the instance has not finished
     */
    public int purge(String instanceId) {
        if (!tracking.purge(instanceId)) {
            return 0;
        }
        sessions.forget(instanceId);
        return 1;
    }

    /** Purges every finished instance the filter selects (an empty status set means every finished status). */
    public int purge(InstanceFilter filter) {
        return tracking.purge(filter, sessions::forget);
    }

    /** Empties the hub (every instance, message and history), keeping it running. */
    public void wipe() {
        generation.incrementAndGet();
        dispatcher.clearReady();
        sessions.clear();
        held.clear();
        storage.wipe();
        log.info("task hub {} wiped", names.hub());
    }

    // ---- worker side ----

    /** A worker's GetWorkItems stream: work items flow until the worker goes away. */
    public void connectWorker(WorkItemStream stream) {
        dispatcher.connect(stream);
    }

    public int connectedWorkers() {
        return dispatcher.streamCount();
    }

    /**
     * The worker's answer to an orchestration work item; a stale or duplicate answer is ignored.
     *
     * @param caller the connection the answer came in on; null when unknown
     */
    public void completeOrchestration(OrchestratorResult result, SocketAddress caller) {
        var ticket = dispatcher.complete(OrchestrationTicket.correlation(result.instanceId()), caller);
        if (!(ticket instanceof OrchestrationTicket orchestration) || orchestration.generation() != generation.get()) {
            stats.staleCompletions.incrementAndGet();
            return;
        }
        io.execute(() -> committer.commit(orchestration.episode(), result));
    }

    /** The worker's result for an activity; a stale or duplicate result is ignored. */
    public void completeActivity(ActivityResult result, SocketAddress caller) {
        var ticket = dispatcher.complete(ActivityTicket.correlation(result.instanceId(), result.taskId()), caller);
        if (!(ticket instanceof ActivityTicket activity) || activity.generation() != generation.get()) {
            stats.staleCompletions.incrementAndGet();
            return;
        }
        io.execute(() -> activities.finish(activity, result));
    }

    // ---- gauges for metrics ----

    public int sessionCount() {
        return sessions.count();
    }

    public int heldMessageCount() {
        return held.count();
    }

    public int readyWorkItems() {
        return dispatcher.readyCount();
    }

    public int inFlightWorkItems() {
        return dispatcher.inFlightCount();
    }

    /** Stops polling, gives the partitions back and lets held messages reappear for other processes. */
    @Override
    public void close() {
        if (!started) {
            io.shutdownNow();
            sends.shutdownNow();
            scheduler.shutdownNow();
            return;
        }
        started = false;
        sessions.stop();
        activities.stop();
        partitions.close();
        scheduler.shutdownNow();
        sends.shutdown();
        io.shutdown();
        try {
            io.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        io.shutdownNow();
        sends.shutdownNow();
        log.info("task hub {} stopped", names.hub());
    }

    private static ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
