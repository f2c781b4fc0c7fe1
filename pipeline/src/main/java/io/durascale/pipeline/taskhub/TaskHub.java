package io.durascale.pipeline.taskhub;

import com.azure.storage.queue.models.QueueMessageItem;
import com.google.protobuf.StringValue;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.ActivityRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.ActivityResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.CreateInstanceRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.EventRaisedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.ExecutionResumedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.ExecutionStartedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.ExecutionSuspendedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.ExecutionTerminatedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.HistoryEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestrationInstance;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestrationStatus;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorAction;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskCompletedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskFailedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.WorkItem;
import io.durascale.pipeline.taskhub.Episode.Checkpoint;
import io.durascale.pipeline.taskhub.Episode.Outbound;
import io.durascale.pipeline.taskhub.Episode.StartChild;
import io.durascale.pipeline.taskhub.Episode.ToControl;
import io.durascale.pipeline.taskhub.Episode.ToWorkItems;
import io.durascale.pipeline.taskhub.HistoryStore.CommitConflictException;
import io.durascale.pipeline.taskhub.InstanceStore.Filter;
import io.durascale.pipeline.taskhub.InstanceStore.InstanceExistsException;
import io.durascale.pipeline.taskhub.InstanceStore.InstanceRecord;
import io.durascale.pipeline.taskhub.InstanceStore.Page;
import io.durascale.pipeline.taskhub.OrchestrationSession.Inbound;
import io.durascale.pipeline.taskhub.TaskHubMessages.ActivityMessage;
import io.durascale.pipeline.taskhub.TaskHubMessages.ControlMessage;
import io.durascale.storage.StorageAccount;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task hub backend: a Durable Task backend over Azure Storage, laid out and partitioned like
 * the Durable Task Framework's Azure Storage provider.
 *
 * <p>Each partition's owner polls its control queue, groups messages by instance and runs an
 * episode per instance: the work item goes to a worker over gRPC; the worker's actions become a
 * checkpoint that is committed in this order — send the messages the actions imply, append the
 * history (guarded by the sentinel ETag), update the instance row, then delete the consumed
 * messages. A crash anywhere before the delete redelivers the messages, and duplicate detection
 * against the history makes the retry harmless: processing is at-least-once, effects once.
 *
 * <p>Activities travel through the shared work-item queue. When the process that ran an
 * activity also owns the orchestration's partition, the result is handed to the orchestration in
 * memory and the work-item message is kept (invisible) until the episode that consumes the result
 * is committed — so a crash re-runs the activity instead of losing its result, and the common
 * case costs two queue operations fewer per activity.
 */
public final class TaskHub implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TaskHub.class);
    private static final Duration RETRY_EPISODE = Duration.ofMillis(500);

    private final TaskHubSettings settings;
    private final TaskHubNames names;
    private final TaskHubStorage storage;
    private final TaskHubMessages messages;
    private final HistoryStore histories;
    private final InstanceStore instances;
    private final WorkItemDispatcher dispatcher;
    private final Map<String, OrchestrationSession> sessions = new ConcurrentHashMap<>();
    private final Map<HeldMessage, Boolean> held = new ConcurrentHashMap<>();
    private final ExecutorService io;
    /** For a checkpoint's outbound messages: never waits on itself, so commits on {@link #io} cannot starve it. */
    private final ExecutorService sends;
    private final ScheduledExecutorService scheduler;
    private final StatusWatchers watchers;
    private final PartitionManager partitions;
    private final QueuePoller[] controlPollers;
    private final QueuePoller workItemPoller;
    private final AtomicInteger activitiesHeld = new AtomicInteger();
    /** Bumped by {@link #wipe()}: work dispatched before a wipe completes as a no-op. */
    private final AtomicLong generation = new AtomicLong();
    private final TaskHubStats stats;
    private volatile boolean started;

    public TaskHub(StorageAccount account, TaskHubSettings settings) {
        this.settings = settings;
        this.names = TaskHubNames.of(settings);
        this.storage = new TaskHubStorage(account, names, new StorageOps());
        this.messages = new TaskHubMessages(storage);
        this.histories = new HistoryStore(storage);
        this.instances = new InstanceStore(storage);
        this.dispatcher = new WorkItemDispatcher(settings.maxInFlightPerStream());
        this.io = Executors.newFixedThreadPool(32, daemon("taskhub-io"));
        this.sends = Executors.newFixedThreadPool(16, daemon("taskhub-send"));
        this.scheduler = Executors.newScheduledThreadPool(2, daemon("taskhub-timer"));
        this.stats = new TaskHubStats(names.partitionCount());
        this.partitions = new PartitionManager(storage, settings, scheduler, this::partitionAcquired, this::partitionLost);
        this.watchers = new StatusWatchers(id -> instances.get(id), id -> partitions.owns(names.partitionOf(id)), scheduler, io);
        this.controlPollers = new QueuePoller[names.partitionCount()];
        for (int p = 0; p < controlPollers.length; p++) {
            int partition = p;
            controlPollers[p] = new QueuePoller(names.controlQueue(p), settings.minPollingInterval(),
                    settings.maxPollingInterval(), () -> controlCapacity(partition), max -> pollControl(partition, max));
        }
        this.workItemPoller = new QueuePoller(names.workItemQueue(), settings.minPollingInterval(),
                settings.maxPollingInterval(), this::activityCapacity, this::pollWorkItems);
        dispatcher.onCapacity(this::capacityFreed);
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

    TaskHubStorage storage() {
        return storage;
    }

    /** Creates the hub's resources if missing and starts taking partitions and work. */
    public TaskHub start() {
        storage.createIfMissing();
        partitions.start();
        for (QueuePoller poller : controlPollers) {
            poller.start();
        }
        workItemPoller.start();
        long renewEvery = Math.max(1000, Math.min(settings.controlVisibilityTimeout().toMillis(),
                settings.workItemVisibilityTimeout().toMillis()) / 4);
        scheduler.scheduleWithFixedDelay(this::renewHeldMessages, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::trimSessions, 10, 10, TimeUnit.SECONDS);
        started = true;
        log.info("task hub {} started: {} partitions, worker id {}", names.hub(), names.partitionCount(), settings.workerId());
        return this;
    }

    public Set<Integer> ownedPartitions() {
        return partitions.owned();
    }

    // =====================================================================================
    // Client operations
    // =====================================================================================

    /** Starts (or restarts a finished) instance; returns its id. */
    public String startInstance(CreateInstanceRequest request) {
        String instanceId = request.getInstanceId().isEmpty() ? UUID.randomUUID().toString() : request.getInstanceId();
        String executionId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        Instant scheduled = request.hasScheduledStartTimestamp() ? ProtoTime.toInstant(request.getScheduledStartTimestamp()) : null;
        instances.create(new InstanceRecord(instanceId, request.getName(),
                request.hasVersion() ? request.getVersion().getValue() : null,
                request.hasInput() ? request.getInput().getValue() : null, null, null,
                OrchestrationStatus.ORCHESTRATION_STATUS_PENDING, now, now, null, executionId, scheduled, null, null));
        ExecutionStartedEvent.Builder start = ExecutionStartedEvent.newBuilder()
                .setName(request.getName())
                .setOrchestrationInstance(OrchestrationInstance.newBuilder().setInstanceId(instanceId)
                        .setExecutionId(StringValue.of(executionId)));
        if (request.hasVersion()) {
            start.setVersion(request.getVersion());
        }
        if (request.hasInput()) {
            start.setInput(request.getInput());
        }
        if (request.hasScheduledStartTimestamp()) {
            start.setScheduledStartTimestamp(request.getScheduledStartTimestamp());
        }
        HistoryEvent event = HistoryEvent.newBuilder().setEventId(-1).setTimestamp(ProtoTime.of(now))
                .setExecutionStarted(start).build();
        Duration delay = scheduled == null ? Duration.ZERO : Duration.between(now, scheduled);
        sendControl(new ControlMessage(instanceId, executionId, List.of(event), "start:" + executionId,
                TaskHubMessages.nowMicros()), delay);
        stats.started.incrementAndGet();
        return instanceId;
    }

    /** The instance, or null if it does not exist. */
    public InstanceRecord getInstance(String instanceId) {
        return instances.get(instanceId);
    }

    public void raiseEvent(String instanceId, String name, StringValue input) {
        EventRaisedEvent.Builder raised = EventRaisedEvent.newBuilder().setName(name);
        if (input != null) {
            raised.setInput(input);
        }
        sendEvent(instanceId, HistoryEvent.newBuilder().setEventRaised(raised));
    }

    public void terminate(String instanceId, StringValue output) {
        ExecutionTerminatedEvent.Builder terminated = ExecutionTerminatedEvent.newBuilder();
        if (output != null) {
            terminated.setInput(output);
        }
        sendEvent(instanceId, HistoryEvent.newBuilder().setExecutionTerminated(terminated));
    }

    public void suspend(String instanceId, StringValue reason) {
        ExecutionSuspendedEvent.Builder suspended = ExecutionSuspendedEvent.newBuilder();
        if (reason != null) {
            suspended.setInput(reason);
        }
        sendEvent(instanceId, HistoryEvent.newBuilder().setExecutionSuspended(suspended));
    }

    public void resume(String instanceId, StringValue reason) {
        ExecutionResumedEvent.Builder resumed = ExecutionResumedEvent.newBuilder();
        if (reason != null) {
            resumed.setInput(reason);
        }
        sendEvent(instanceId, HistoryEvent.newBuilder().setExecutionResumed(resumed));
    }

    /**
     * Sends a client's event, terminate, suspend or resume to an instance. The instance row is
     * written when the instance is scheduled (before its start message), so an instance just
     * scheduled is found; one that was never scheduled, or was purged, is refused rather than sent
     * a message its partition would drop.
     *
     * @throws InstanceStore.InstanceNotFoundException if no instance has that id
     */
    private void sendEvent(String instanceId, HistoryEvent.Builder event) {
        if (!knownLocally(instanceId) && !instances.exists(instanceId)) {
            throw new InstanceStore.InstanceNotFoundException(instanceId);
        }
        event.setEventId(-1).setTimestamp(ProtoTime.now());
        sendControl(new ControlMessage(instanceId, null, List.of(event.build()), TaskHubMessages.newKey(),
                TaskHubMessages.nowMicros()), Duration.ZERO);
    }

    /**
     * Whether this process already knows the instance exists — it holds its session with an
     * execution or a row it has seen — so no read is needed (a pipeline raises one event per
     * block). Purging removes the session, so a purged instance is not known.
     */
    private boolean knownLocally(String instanceId) {
        OrchestrationSession session = sessions.get(instanceId);
        if (session == null) {
            return false;
        }
        synchronized (session) {
            return session.hasExecution() || Boolean.TRUE.equals(session.rowExists);
        }
    }

    /**
     * Completes when the instance satisfies {@code done} (null if it does not exist); cancel to
     * stop waiting. For an instance this process owns, the answer also reflects every message
     * sent to it before the wait began (a client that suspends and then waits sees the suspend).
     */
    public CompletableFuture<InstanceRecord> await(String instanceId, Predicate<InstanceRecord> done) {
        long since = TaskHubMessages.nowMicros();
        return watchers.await(instanceId, r -> done.test(r) && !unprocessedSentBy(instanceId, since));
    }

    private boolean unprocessedSentBy(String instanceId, long sentAtMicros) {
        OrchestrationSession session = sessions.get(instanceId);
        if (session == null) {
            return false;
        }
        synchronized (session) {
            return session.hasUnprocessedSentBy(sentAtMicros);
        }
    }

    public Page query(Filter filter, int pageSize, String continuation, boolean withPayloads) {
        return instances.query(filter, Math.max(1, pageSize), continuation, withPayloads);
    }

    /**
     * Deletes a finished instance's row, history and large payloads.
     *
     * @return 1 if purged, 0 if there is no such instance
     * @throws IllegalStateException if the instance has not finished
     */
    public int purge(String instanceId) {
        InstanceRecord record = instances.get(instanceId);
        if (record == null) {
            return 0;
        }
        if (!record.isTerminal()) {
            throw new IllegalStateException("instance " + instanceId + " is " + InstanceStore.statusName(record.status())
                    + "; only completed, failed or terminated instances can be purged");
        }
        histories.delete(instanceId);
        String prefix = TableKeys.escape(instanceId) + "/";
        storage.countBlobList();
        storage.largeMessagesContainer().listBlobs(new com.azure.storage.blob.models.ListBlobsOptions().setPrefix(prefix), null)
                .forEach(b -> storage.deleteBlob(storage.largeMessagesContainer(), b.getName()));
        instances.delete(instanceId);
        sessions.remove(instanceId);
        return 1;
    }

    /** Purges every finished instance the filter selects (an empty status set means every finished status). */
    public int purge(Filter filter) {
        Set<OrchestrationStatus> statuses = filter.statuses() == null || filter.statuses().isEmpty()
                ? InstanceStore.TERMINAL
                : filter.statuses().stream().filter(InstanceStore.TERMINAL::contains).collect(java.util.stream.Collectors.toSet());
        if (statuses.isEmpty()) {
            return 0;
        }
        Filter finished = new Filter(statuses, filter.createdFrom(), filter.createdTo(), filter.instanceIdPrefix());
        int purged = 0;
        String token = null;
        do {
            Page page = instances.query(finished, 100, token, false);
            for (InstanceRecord record : page.instances()) {
                try {
                    purged += purge(record.instanceId());
                } catch (IllegalStateException e) {
                    // it was restarted since the query: not finished any more
                }
            }
            token = page.continuationToken();
        } while (token != null);
        return purged;
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

    // =====================================================================================
    // Worker side
    // =====================================================================================

    /** A worker's GetWorkItems stream: work items flow until the worker goes away. */
    public void connectWorker(ServerCallStreamObserver<WorkItem> observer) {
        dispatcher.connect(observer);
    }

    public int connectedWorkers() {
        return dispatcher.streamCount();
    }

    /**
     * The worker's answer to an orchestration work item; a stale or duplicate answer is ignored.
     *
     * @throws IllegalArgumentException for an answer no SDK sends (an action without a known type);
     *         the work item stays outstanding for a worker that answers properly
     */
    public void completeOrchestration(OrchestratorResponse response) {
        for (var action : response.getActionsList()) {
            if (action.getOrchestratorActionTypeCase() == OrchestratorAction.OrchestratorActionTypeCase.ORCHESTRATORACTIONTYPE_NOT_SET) {
                throw new IllegalArgumentException("action " + action.getId() + " has no type");
            }
        }
        WorkItemDispatcher.Ticket ticket = dispatcher.complete(orchestrationCorrelation(response.getInstanceId()));
        if (!(ticket instanceof OrchestrationTicket orchestration) || orchestration.generation() != generation.get()) {
            stats.staleCompletions.incrementAndGet();
            return;
        }
        io.execute(() -> commit(orchestration.episode, response));
    }

    /** The worker's result for an activity; a stale or duplicate result is ignored. */
    public void completeActivity(ActivityResponse response) {
        WorkItemDispatcher.Ticket ticket = dispatcher.complete(activityCorrelation(response.getInstanceId(), response.getTaskId()));
        if (!(ticket instanceof ActivityTicket activity) || activity.generation() != generation.get()) {
            stats.staleCompletions.incrementAndGet();
            return;
        }
        io.execute(() -> finishActivity(activity, response));
    }

    private static String orchestrationCorrelation(String instanceId) {
        return "o:" + instanceId;
    }

    private static String activityCorrelation(String instanceId, int taskId) {
        return "a:" + instanceId + "/" + taskId;
    }

    private record OrchestrationTicket(Episode episode, WorkItem workItem, long generation) implements WorkItemDispatcher.Ticket {
        @Override
        public String correlation() {
            return orchestrationCorrelation(episode.session.instanceId);
        }
    }

    private record ActivityTicket(ActivityMessage activity, HeldMessage message, WorkItem workItem, long generation)
            implements WorkItemDispatcher.Ticket {
        @Override
        public String correlation() {
            return activityCorrelation(activity.instanceId(), activity.taskId());
        }
    }

    // =====================================================================================
    // Control queues: receive, route, run episodes, commit
    // =====================================================================================

    private void partitionAcquired(int partition) {
        stats.partitionOwned(partition, true);
        controlPollers[partition].wake();
    }

    /** Lost or gave up a partition: its sessions go, and their messages become visible for the new owner. */
    private void partitionLost(int partition) {
        stats.partitionOwned(partition, false);
        for (OrchestrationSession session : List.copyOf(sessions.values())) {
            if (session.partition != partition) {
                continue;
            }
            List<Inbound> pending;
            synchronized (session) {
                pending = new ArrayList<>(session.inbox);
                session.inbox.clear();
                session.loaded = false;
            }
            sessions.remove(session.instanceId, session);
            io.execute(() -> pending.forEach(i -> abandon(i, Duration.ZERO)));
        }
    }

    private int controlCapacity(int partition) {
        if (!partitions.owns(partition) || dispatcher.streamCount() == 0) {
            return 0;
        }
        return settings.controlQueueBatchSize();
    }

    private int pollControl(int partition, int max) {
        if (!partitions.owns(partition)) {
            return 0;
        }
        List<QueueMessageItem> items = storage.receive(names.controlQueue(partition), Math.min(max, 32),
                settings.controlVisibilityTimeout());
        for (QueueMessageItem item : items) {
            HeldMessage message = hold(new HeldMessage(names.controlQueue(partition), item.getMessageId(),
                    item.getPopReceipt(), item.getDequeueCount(), settings.controlVisibilityTimeout()));
            ControlMessage decoded;
            try {
                decoded = messages.decodeControl(item.getBody().toString());
            } catch (RuntimeException e) {
                poison(message, item.getBody().toString(), e.getMessage());
                continue;
            }
            if (names.partitionOf(decoded.instanceId()) != partition) {
                poison(message, item.getBody().toString(), "instance " + decoded.instanceId() + " belongs to partition "
                        + names.partitionOf(decoded.instanceId()) + ", not " + partition);
                continue;
            }
            stats.controlMessages.incrementAndGet(partition);
            deliver(new Inbound(decoded, message, null));
        }
        return items.size();
    }

    /** Hands a message to its instance's session and starts an episode if none is running. */
    private void deliver(Inbound inbound) {
        String instanceId = inbound.message.instanceId();
        if (!partitions.owns(names.partitionOf(instanceId))) {
            // The partition moved while this message waited (a timer, say): let its new owner have it.
            io.execute(() -> abandon(inbound, Duration.ZERO));
            return;
        }
        while (true) {
            OrchestrationSession session = sessions.computeIfAbsent(instanceId,
                    id -> new OrchestrationSession(id, names.partitionOf(id)));
            synchronized (session) {
                if (sessions.get(instanceId) != session) {
                    continue; // evicted meanwhile: use the new one
                }
                session.inbox.add(inbound);
                session.lastUsedNanos = System.nanoTime();
                if (!session.busy) {
                    session.busy = true;
                    io.execute(() -> runEpisode(session));
                }
                return;
            }
        }
    }

    private void runEpisode(OrchestrationSession session) {
        Episode.Plan plan;
        try {
            if (!session.loaded) {
                HistoryStore.Loaded loaded;
                if (isFirstStart(session)) {
                    // A new instance has no history: skip the read. Should it have some (a restart
                    // whose session is not cached), the append's sentinel CREATE collides with the
                    // stored sentinel (409) and the episode reruns on the loaded history.
                    loaded = HistoryStore.Loaded.EMPTY;
                } else {
                    loaded = histories.load(session.instanceId);
                    stats.historyReads.incrementAndGet();
                }
                synchronized (session) {
                    session.load(loaded);
                }
            }
            synchronized (session) {
                plan = Episode.plan(session, Instant.now());
            }
        } catch (RuntimeException e) {
            log.warn("could not prepare an episode of {} (retrying): {}", session.instanceId, e.toString());
            retryLater(session);
            return;
        }
        plan.dropNow().forEach(this::acknowledge);
        plan.deferred().forEach(this::deferTimer);
        reannounceEnd(session, plan);
        if (plan.episode() != null) {
            synchronized (session) {
                session.current = plan.episode();
            }
            WorkItem item = WorkItem.newBuilder().setOrchestratorRequest(plan.episode().request).build();
            dispatcher.offer(new OrchestrationTicket(plan.episode(), item, generation.get()));
            return;
        }
        dropOrphansIfNoInstance(session);
        finishEpisode(session);
    }

    /**
     * A finished instance that still gets messages may have died between committing its end and
     * finishing the job: its row may still say Running, its parent may not have heard. Both are
     * repaired from the history (idempotent: the row is merged, and a parent ignores a second
     * report of the same child).
     */
    private void reannounceEnd(OrchestrationSession session, Episode.Plan plan) {
        InstanceStore.InstanceUpdate end = null;
        ControlMessage notice = null;
        synchronized (session) {
            if (plan.dropNow().isEmpty() || !session.isFinished() || session.completedEvent == null) {
                return;
            }
            var completed = session.completedEvent;
            if (session.writtenStatus != session.completion) {
                end = new InstanceStore.InstanceUpdate(session.completion, null, false,
                        completed.hasResult() ? completed.getResult().getValue() : null, true,
                        completed.hasFailureDetails() ? completed.getFailureDetails() : null, Instant.now(), null, null, false);
            }
            if (session.started != null && session.started.hasParentInstance()) {
                notice = Episode.parentNotification(session.instanceId, session.started.getParentInstance(), completed,
                        Instant.now());
            }
        }
        if (end != null) {
            instances.update(session.instanceId, end);
            synchronized (session) {
                session.writtenStatus = session.completion;
            }
            watchers.changed(session.instanceId);
        }
        if (notice != null) {
            sendControl(notice, Duration.ZERO);
        }
    }

    /** A session never loaded whose first message is a start delivered for the first time. */
    private static boolean isFirstStart(OrchestrationSession session) {
        synchronized (session) {
            return !session.everLoaded && !session.inbox.isEmpty() && session.inbox.stream().allMatch(i ->
                    i.isStart() ? i.held == null || i.held.dequeueCount <= 1 : true)
                    && session.inbox.stream().anyMatch(Inbound::isStart);
        }
    }

    /** Messages for an instance with no execution wait for its start — unless the instance does not exist. */
    private void dropOrphansIfNoInstance(OrchestrationSession session) {
        List<Inbound> orphans = List.of();
        synchronized (session) {
            if (session.inbox.isEmpty() || session.hasExecution() || Boolean.TRUE.equals(session.rowExists)) {
                return;
            }
        }
        boolean exists = instances.exists(session.instanceId);
        synchronized (session) {
            session.rowExists = exists;
            if (!exists) {
                orphans = new ArrayList<>(session.inbox);
                session.inbox.clear();
            }
        }
        if (!orphans.isEmpty()) {
            log.info("dropping {} message(s) for instance {}, which does not exist", orphans.size(), session.instanceId);
            orphans.forEach(this::acknowledge);
        }
    }

    private void commit(Episode episode, OrchestratorResponse response) {
        OrchestrationSession session = episode.session;
        try {
            Instant now = Instant.now();
            Checkpoint checkpoint;
            long previousFirst;
            long nextSeq;
            String etag;
            boolean writeInstance;
            synchronized (session) {
                checkpoint = episode.checkpoint(response, now);
                previousFirst = session.firstSeq;
                nextSeq = session.nextSeq;
                etag = session.sentinelETag;
                // A suspend or terminate arrived while this episode ran: show the status it brings
                // (written by the next episode) rather than a brief Running.
                writeInstance = checkpoint.instanceUpdate() != null
                        && (checkpoint.finished() || !session.statusChangeWaiting());
            }
            long firstSeq = episode.newExecution ? nextSeq : previousFirst;
            send(checkpoint.outbound(), episode);
            // Commits only if the history sentinel is still at the version this episode was planned on.
            HistoryStore.Committed committed = histories.append(session.instanceId, episode.executionId, firstSeq, nextSeq,
                    etag, checkpoint.events());
            stats.historyWrites.incrementAndGet();
            if (writeInstance) {
                instances.update(session.instanceId, checkpoint.instanceUpdate());
            }
            send(checkpoint.afterCommit(), episode);
            synchronized (session) {
                if (episode.newExecution) {
                    session.resetExecution(episode.executionId);
                    session.firstSeq = firstSeq;
                }
                checkpoint.events().forEach(session::index);
                session.nextSeq = committed.nextSeq();
                session.sentinelETag = committed.etag();
                if (committed.etag() == null) {
                    session.loaded = false; // the sentinel moved on since our commit: reload before the next append
                }
                if (writeInstance) {
                    session.writtenStatus = checkpoint.status();
                    session.writtenCustomStatus = checkpoint.instanceUpdate().customStatusChanged()
                            ? checkpoint.instanceUpdate().customStatus() : session.writtenCustomStatus;
                    session.customStatusKnown = true;
                }
                session.rowExists = true;
            }
            episode.consumed.forEach(this::acknowledge);
            episode.dropped.forEach(this::acknowledge);
            if (episode.newExecution && previousFirst < firstSeq) {
                io.execute(() -> histories.deleteRange(session.instanceId, previousFirst, firstSeq));
            }
            stats.episodes.incrementAndGet(session.partition);
            if (checkpoint.finished()) {
                stats.completed.incrementAndGet();
            }
        } catch (CommitConflictException e) {
            log.info("{}: reloading and retrying the episode", e.getMessage());
            requeue(episode);
        } catch (RuntimeException e) {
            log.warn("committing an episode of {} failed (retrying): {}", session.instanceId, e.toString());
            requeue(episode);
            retryLater(session);
            return;
        }
        finishEpisode(session);
    }

    /** Puts an episode's messages back in the inbox, to be planned again from reloaded history. */
    private void requeue(Episode episode) {
        OrchestrationSession session = episode.session;
        synchronized (session) {
            session.inbox.addAll(0, episode.consumed);
            session.loaded = false;
        }
    }

    private void finishEpisode(OrchestrationSession session) {
        synchronized (session) {
            session.current = null;
            if (!settings.extendedSessions()) {
                session.loaded = false;
            }
            if (!session.inbox.isEmpty() && hasUsable(session)) {
                io.execute(() -> runEpisode(session));
            } else {
                session.busy = false;
            }
        }
        // After `current` is cleared: waiters check that nothing they sent is still in flight.
        watchers.changed(session.instanceId);
    }

    /** Whether the inbox holds anything an episode could use now (held messages wait for their start). */
    private static boolean hasUsable(OrchestrationSession session) {
        return session.inbox.stream().anyMatch(i -> i.isStart())
                || (session.hasExecution() && !session.awaitingNewExecution() && !session.inbox.isEmpty())
                || !session.loaded;
    }

    private void retryLater(OrchestrationSession session) {
        synchronized (session) {
            session.loaded = false;
        }
        scheduler.schedule(() -> io.execute(() -> runEpisode(session)), RETRY_EPISODE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A timer that surfaced before its time (queue visibility is whole seconds): deliver it at its time. */
    private void deferTimer(Inbound inbound) {
        HistoryEvent event = inbound.message.events().get(0);
        long delay = Duration.between(Instant.now(), ProtoTime.toInstant(event.getTimerFired().getFireAt())).toMillis();
        Duration longest = settings.controlVisibilityTimeout().dividedBy(2);
        if (delay > longest.toMillis()) {
            // A long timer re-sent with the rest of its delay (queue visibility is at most 7 days).
            sendControl(inbound.message, Duration.ofMillis(delay));
            acknowledge(inbound);
            return;
        }
        scheduler.schedule(() -> deliver(inbound), Math.max(0, delay), TimeUnit.MILLISECONDS);
    }

    /** Sends a checkpoint's messages (in parallel when there are several); throws if any could not be sent. */
    private void send(List<Outbound> outbound, Episode episode) {
        if (outbound.size() == 1) {
            sendOne(outbound.get(0), episode);
            return;
        }
        List<CompletableFuture<Void>> sent = new ArrayList<>(outbound.size());
        for (Outbound o : outbound) {
            sent.add(CompletableFuture.runAsync(() -> sendOne(o, episode), sends));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    }

    private void sendOne(Outbound outbound, Episode episode) {
        if (outbound instanceof ToWorkItems w) {
            sendActivity(w.activity());
        } else if (outbound instanceof ToControl c) {
            sendControl(c.message(), c.delay());
        } else if (outbound instanceof StartChild s) {
                try {
                    instances.create(s.child());
                    sendControl(s.start(), Duration.ZERO);
                } catch (InstanceExistsException e) {
                    HistoryEvent failed = HistoryEvent.newBuilder().setEventId(-1).setTimestamp(ProtoTime.now())
                            .setSubOrchestrationInstanceFailed(com.microsoft.durabletask.implementation.protobuf.OrchestratorService
                                    .SubOrchestrationInstanceFailedEvent.newBuilder().setTaskScheduledId(s.parentTaskId())
                                    .setFailureDetails(com.microsoft.durabletask.implementation.protobuf.OrchestratorService
                                            .TaskFailureDetails.newBuilder().setErrorType("InstanceExists")
                                            .setErrorMessage(e.getMessage()).setIsNonRetriable(true)))
                            .build();
                    sendControl(new ControlMessage(episode.session.instanceId, episode.executionId, List.of(failed),
                            "child:" + episode.executionId + ":" + s.parentTaskId(), TaskHubMessages.nowMicros()), Duration.ZERO);
                }
        }
    }

    /**
     * Sends to an instance's control queue. When this process owns the partition, the message goes
     * in invisible and is delivered in process (at its time, for a timer): the queue copy is the
     * durable backup, visible again only if this process dies or gives the partition up.
     */
    private void sendControl(ControlMessage message, Duration delay) {
        int partition = names.partitionOf(message.instanceId());
        Duration hidden = delay.plus(settings.controlVisibilityTimeout());
        if (started && partitions.owns(partition) && hidden.compareTo(TaskHubStorage.MAX_VISIBILITY) < 0) {
            var sent = storage.send(names.controlQueue(partition), messages.encode(message), hidden);
            HeldMessage held = hold(new HeldMessage(names.controlQueue(partition), sent.getMessageId(),
                    sent.getPopReceipt(), 0, hidden));
            Inbound inbound = new Inbound(message, held, null);
            stats.localDeliveries.incrementAndGet();
            if (delay.isNegative() || delay.isZero()) {
                deliver(inbound);
            } else {
                scheduler.schedule(() -> deliver(inbound), delay.toMillis(), TimeUnit.MILLISECONDS);
            }
            return;
        }
        storage.send(names.controlQueue(partition), messages.encode(message), delay);
    }

    // =====================================================================================
    // Activities: the work-item queue
    // =====================================================================================

    private int activityCapacity() {
        return Math.min(settings.workItemBatchSize(), dispatcher.freeCapacity());
    }

    private int pollWorkItems(int max) {
        List<QueueMessageItem> items = storage.receive(names.workItemQueue(), Math.min(max, 32),
                settings.workItemVisibilityTimeout());
        for (QueueMessageItem item : items) {
            HeldMessage message = hold(new HeldMessage(names.workItemQueue(), item.getMessageId(), item.getPopReceipt(),
                    item.getDequeueCount(), settings.workItemVisibilityTimeout()));
            ActivityMessage activity;
            try {
                activity = messages.decodeActivity(item.getBody().toString());
            } catch (RuntimeException e) {
                poison(message, item.getBody().toString(), e.getMessage());
                continue;
            }
            dispatchActivity(activity, message);
        }
        return items.size();
    }

    private void dispatchActivity(ActivityMessage activity, HeldMessage message) {
        ActivityRequest.Builder request = ActivityRequest.newBuilder()
                .setName(activity.name())
                .setTaskId(activity.taskId())
                .setOrchestrationInstance(OrchestrationInstance.newBuilder().setInstanceId(activity.instanceId())
                        .setExecutionId(StringValue.of(activity.executionId())));
        if (activity.hasInput()) {
            request.setInput(StringValue.of(activity.input()));
        }
        activitiesHeld.incrementAndGet();
        dispatcher.offer(new ActivityTicket(activity, message, WorkItem.newBuilder().setActivityRequest(request).build(),
                generation.get()));
    }

    /**
     * Puts an activity on the work-item queue. When our workers have room, it goes in invisible
     * and straight to them (the queue copy is the durable backup, visible again only if this
     * process dies); otherwise it goes in visible, for whichever process has room.
     */
    private void sendActivity(ActivityMessage activity) {
        if (started && dispatcher.freeCapacity() > 0) {
            var sent = storage.send(names.workItemQueue(), messages.encode(activity), settings.workItemVisibilityTimeout());
            stats.localDispatches.incrementAndGet();
            dispatchActivity(activity, hold(new HeldMessage(names.workItemQueue(), sent.getMessageId(), sent.getPopReceipt(),
                    0, settings.workItemVisibilityTimeout())));
        } else {
            storage.send(names.workItemQueue(), messages.encode(activity), Duration.ZERO);
            workItemPoller.wake();
        }
    }

    private void finishActivity(ActivityTicket ticket, ActivityResponse response) {
        activitiesHeld.decrementAndGet();
        stats.activities.incrementAndGet();
        ActivityMessage activity = ticket.activity();
        HistoryEvent.Builder event = HistoryEvent.newBuilder().setEventId(-1).setTimestamp(ProtoTime.now());
        if (response.hasFailureDetails()) {
            event.setTaskFailed(TaskFailedEvent.newBuilder().setTaskScheduledId(activity.taskId())
                    .setFailureDetails(response.getFailureDetails()));
        } else {
            TaskCompletedEvent.Builder completed = TaskCompletedEvent.newBuilder().setTaskScheduledId(activity.taskId());
            if (response.hasResult()) {
                completed.setResult(response.getResult());
            }
            event.setTaskCompleted(completed);
        }
        ControlMessage result = new ControlMessage(activity.instanceId(), activity.executionId(), List.of(event.build()),
                "task:" + activity.executionId() + ":" + activity.taskId(), TaskHubMessages.nowMicros());
        try {
            if (partitions.owns(names.partitionOf(activity.instanceId()))) {
                stats.localResults.incrementAndGet();
                deliver(new Inbound(result, null, ticket.message()));
            } else {
                sendControl(result, Duration.ZERO);
                release(ticket.message());
            }
        } catch (RuntimeException e) {
            log.warn("could not report the result of activity {} of {} (it will run again): {}", activity.name(),
                    activity.instanceId(), e.toString());
            abandonMessage(ticket.message(), Duration.ZERO);
        }
    }

    private void capacityFreed() {
        workItemPoller.capacityFreed();
    }

    // =====================================================================================
    // Held messages: renewal, deletion, abandonment, poison
    // =====================================================================================

    private HeldMessage hold(HeldMessage message) {
        held.put(message, Boolean.TRUE);
        return message;
    }

    /** The inbound's messages are done with: delete the control message and the activity's work item. */
    private void acknowledge(Inbound inbound) {
        if (inbound.held != null) {
            release(inbound.held);
        }
        if (inbound.activityAck != null) {
            release(inbound.activityAck);
        }
    }

    private void release(HeldMessage message) {
        held.remove(message);
        try {
            message.delete(storage);
        } catch (RuntimeException e) {
            // It will reappear after its visibility timeout and be recognised as a duplicate.
            log.debug("could not delete {}: {}", message, e.toString());
        }
    }

    private void abandon(Inbound inbound, Duration after) {
        if (inbound.held != null) {
            abandonMessage(inbound.held, after);
        }
        if (inbound.activityAck != null) {
            abandonMessage(inbound.activityAck, after);
        }
    }

    private void abandonMessage(HeldMessage message, Duration after) {
        held.remove(message);
        try {
            message.abandon(storage, after);
        } catch (RuntimeException e) {
            log.debug("could not abandon {}: {}", message, e.toString());
        }
    }

    /** A message we cannot read goes to {@code <hub>-poison} with the reason, never silently away. */
    private void poison(HeldMessage message, String body, String reason) {
        String poisonQueue = names.hub().toLowerCase(java.util.Locale.ROOT) + "-poison";
        log.warn("moving unreadable message {} to {}: {}", message, poisonQueue, reason);
        try {
            storage.queue(poisonQueue).createIfNotExists();
            var envelope = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                    .put("reason", reason).put("queue", message.queue).put("messageId", message.messageId)
                    .put("originalMessage", body).put("poisonedAt", Instant.now().toString());
            storage.send(poisonQueue, envelope.toString(), Duration.ZERO);
            release(message);
        } catch (RuntimeException e) {
            log.warn("could not move {} to the poison queue: {}", message, e.toString());
        }
    }

    private void renewHeldMessages() {
        for (HeldMessage message : held.keySet()) {
            Duration visibility = message.queue.equals(names.workItemQueue())
                    ? settings.workItemVisibilityTimeout() : settings.controlVisibilityTimeout();
            try {
                if (!message.renewIfDue(storage, visibility)) {
                    held.remove(message);
                }
            } catch (RuntimeException e) {
                log.debug("renewing {} failed: {}", message, e.toString());
            }
        }
    }

    /** Evicts idle sessions beyond the cache size, least recently used first. */
    private void trimSessions() {
        int limit = settings.extendedSessions() ? settings.sessionCacheSize() : 0;
        if (sessions.size() <= limit) {
            return;
        }
        List<OrchestrationSession> idle = sessions.values().stream()
                .filter(s -> { synchronized (s) { return !s.busy && s.inbox.isEmpty(); } })
                .sorted(Comparator.comparingLong(s -> s.lastUsedNanos)).toList();
        for (int i = 0; i < idle.size() && sessions.size() > limit; i++) {
            OrchestrationSession s = idle.get(i);
            synchronized (s) {
                if (!s.busy && s.inbox.isEmpty()) {
                    sessions.remove(s.instanceId, s);
                }
            }
        }
    }

    /** Gauges for metrics. */
    public int sessionCount() {
        return sessions.size();
    }

    public int heldMessageCount() {
        return held.size();
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
        for (QueuePoller poller : controlPollers) {
            poller.close();
        }
        workItemPoller.close();
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

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
