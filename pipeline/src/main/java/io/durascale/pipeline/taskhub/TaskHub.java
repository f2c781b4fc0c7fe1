package io.durascale.pipeline.taskhub;

import io.durascale.pipeline.taskhub.ActivityQueue.ActivityTicket;
import io.durascale.pipeline.taskhub.OrchestrationSessions.OrchestrationTicket;
import io.durascale.pipeline.taskhub.model.ActivityResult;
import io.durascale.pipeline.taskhub.model.InstanceRecord;
import io.durascale.pipeline.taskhub.model.OrchestratorResult;
import io.durascale.pipeline.taskhub.partition.PartitionManager;
import io.durascale.pipeline.taskhub.storage.ControlQueues;
import io.durascale.pipeline.taskhub.storage.TaskHubMessages;
import io.durascale.pipeline.taskhub.storage.TaskHubMessages.ControlMessage;
import io.durascale.pipeline.taskhub.storage.TaskHubStorage;
import io.durascale.pipeline.taskhub.tracking.HistoryStore;
import io.durascale.pipeline.taskhub.tracking.InstanceStore;
import io.durascale.pipeline.taskhub.tracking.TrackingStore;
import io.durascale.storage.StorageAccount;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    private final TaskHubClient client;
    private final ControlQueues controlQueues;
    /** Answers taken from the dispatcher and not yet committed or reported: work in flight a scale-in waits for. */
    private final AtomicInteger completing = new AtomicInteger();
    /** Counted down by a second signal: a scale-in stops waiting for the work in flight. */
    private final CountDownLatch hurry = new CountDownLatch(1);
    private volatile boolean started;

    public TaskHub(StorageAccount account, TaskHubSettings settings) {
        this.settings = settings;
        this.names = TaskHubNames.of(settings);
        this.storage = new TaskHubStorage(account, names, new StorageOps());
        TaskHubMessages messages = new TaskHubMessages(storage);
        this.controlQueues = new ControlQueues(storage, messages);
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
        this.held = new HeldMessages(storage, settings, controlQueues);
        this.sessions = new OrchestrationSessions(settings, storage, messages, controlQueues, histories, instances, held,
                dispatcher, watchers, stats, io, scheduler, partitions::owns, generation::get);
        this.activities = new ActivityQueue(settings, storage, messages, held, dispatcher, sessions, stats, generation::get);
        this.committer = new EpisodeCommitter(histories, instances, sessions, activities, held, stats, io, sends);
        this.client = new TaskHubClient(names, tracking, histories, new LocalChannel(), storage.ops());
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

    /**
     * The hub's client operations (start, events, status, query, purge, history): the same {@link TaskHubClient}
     * a process without a backend uses, delivering in process to the partitions this process owns.
     */
    public TaskHubClient client() {
        return client;
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
        completing.incrementAndGet(); // before the ticket leaves the dispatcher: a scale-in never sees it nowhere
        var ticket = dispatcher.complete(OrchestrationTicket.correlation(result.instanceId()), caller);
        if (!(ticket instanceof OrchestrationTicket orchestration) || orchestration.generation() != generation.get()) {
            completing.decrementAndGet();
            stats.staleCompletions.incrementAndGet();
            return;
        }
        runCounted(() -> committer.commit(orchestration.episode(), result));
    }

    /** The worker's result for an activity; a stale or duplicate result is ignored. */
    public void completeActivity(ActivityResult result, SocketAddress caller) {
        completing.incrementAndGet();
        var ticket = dispatcher.complete(ActivityTicket.correlation(result.instanceId(), result.taskId()), caller);
        if (!(ticket instanceof ActivityTicket activity) || activity.generation() != generation.get()) {
            completing.decrementAndGet();
            stats.staleCompletions.incrementAndGet();
            return;
        }
        runCounted(() -> activities.finish(activity, result));
    }

    /** Runs a completion on the I/O pool, counted in {@link #completing} until it is done. */
    private void runCounted(Runnable completion) {
        try {
            io.execute(() -> {
                try {
                    completion.run();
                } finally {
                    completing.decrementAndGet();
                }
            });
        } catch (RuntimeException e) {
            completing.decrementAndGet();
            throw e;
        }
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

    // ---- stopping ----

    /**
     * What a scale-in did: the work items in flight when it began, those still unfinished when the grace ran out
     * (handed back), the queue messages made visible again, and how long it took.
     */
    public record ScaleIn(int inFlight, int unfinished, int handedBack, Duration took) {
    }

    /**
     * Safe scale-in (SIGTERM to an orchestration host): stop taking work — no control-queue or work-item polling,
     * no new episode, nothing delivered in process, no more partitions taken; let the episodes and activities in
     * flight finish and commit for up to {@code grace}; then hand back what did not, and every message still held
     * (visible again at once; a timer waiting here for its time, when it is due), and give every partition lease
     * back, so another process's next balancing round takes them with no lease-expiry wait. Answers that come in
     * later are stale and ignored. Afterwards the hub only closes.
     */
    public ScaleIn scaleIn(Duration grace) {
        long began = System.nanoTime();
        if (!started) {
            return new ScaleIn(0, 0, 0, Duration.ZERO);
        }
        partitions.stopBalancing(); // leases are still renewed until they are given back
        sessions.stopTakingWork();
        activities.stop();
        int inFlight = dispatcher.inFlightCount() + dispatcher.readyCount();
        dispatcher.clearReady(); // not sent to a worker yet: handed back below, untouched
        long deadline = began + grace.toNanos();
        try {
            while (inFlightWork() > 0 && System.nanoTime() < deadline
                    && !hurry.await(Math.min(20, (deadline - System.nanoTime()) / 1_000_000 + 1), TimeUnit.MILLISECONDS)) {
                // waiting for the workers' answers and their commits
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int unfinished = inFlightWork();
        generation.incrementAndGet(); // what is handed back now may be answered later: ignore those answers
        dispatcher.clearReady();
        for (Inbound inbound : sessions.handBack()) {
            if (inbound.held() == null && inbound.activityAck() != null) {
                // An activity's result this process holds only in memory: to its control queue, then its work item
                // goes (as for a partition this process does not own), so the activity does not run again.
                try {
                    controlQueues.send(inbound.message(), Duration.ZERO);
                    held.release(inbound.activityAck());
                } catch (RuntimeException e) {
                    log.warn("could not hand back the result of {} (its activity will run again): {}", inbound.message().key(),
                            e.toString());
                }
            }
        }
        int handedBack = held.abandonAll();
        partitions.close();
        started = false;
        ScaleIn done = new ScaleIn(inFlight, unfinished, handedBack, Duration.ofNanos(System.nanoTime() - began));
        log.info("task hub {} scaled in: {} work item(s) in flight, {} unfinished after the grace, {} message(s) handed "
                + "back, partitions released, in {} ms", names.hub(), inFlight, unfinished, handedBack, done.took().toMillis());
        return done;
    }

    /** A second signal: a scale-in under way stops waiting for the work in flight and hands it back now. */
    public void hurry() {
        hurry.countDown();
    }

    /** Work items out with the workers, and answers being committed. */
    private int inFlightWork() {
        return dispatcher.inFlightCount() + completing.get();
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

    /** The client's path into this hub: in process to the partitions it owns, and what its sessions know. */
    private final class LocalChannel implements TaskHubClient.Channel {
        @Override
        public void send(ControlMessage message, Duration delay) {
            sessions.sendControl(message, delay);
        }

        @Override
        public boolean knownToExist(String instanceId) {
            return sessions.knownLocally(instanceId);
        }

        @Override
        public void started(String instanceId) {
            stats.started.incrementAndGet();
        }

        @Override
        public void purged(String instanceId) {
            sessions.forget(instanceId);
        }
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
