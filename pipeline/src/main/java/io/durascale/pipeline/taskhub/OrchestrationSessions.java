package io.durascale.pipeline.taskhub;

import com.azure.storage.queue.models.QueueMessageItem;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ExecutionCompleted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ExecutionStarted;
import io.durascale.pipeline.taskhub.model.WorkItem;
import io.durascale.pipeline.taskhub.partition.PartitionManager;
import io.durascale.pipeline.taskhub.partition.QueuePoller;
import io.durascale.pipeline.taskhub.storage.ControlQueues;
import io.durascale.pipeline.taskhub.storage.TaskHubMessages;
import io.durascale.pipeline.taskhub.storage.TaskHubMessages.ControlMessage;
import io.durascale.pipeline.taskhub.storage.TaskHubStorage;
import io.durascale.pipeline.taskhub.tracking.HistoryStore;
import io.durascale.pipeline.taskhub.tracking.InstanceStore;
import io.durascale.pipeline.taskhub.tracking.InstanceStore.InstanceUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestration sessions of the partitions this process owns, as DTFx's
 * OrchestrationSessionManager keeps them: it polls the owned control queues, hands each message
 * to its instance's session, runs one episode at a time per instance (load the history if
 * needed, plan, dispatch the work item) and follows partitions as they are acquired and lost.
 *
 * <p>A message sent to a partition this process owns goes into the queue invisible and is
 * delivered in process (at its time, for a timer): the queue copy is the durable backup,
 * visible again only if this process dies or gives the partition up.
 */
final class OrchestrationSessions implements PartitionManager.Listener {

    private static final Logger log = LoggerFactory.getLogger(OrchestrationSessions.class);
    private static final Duration RETRY_EPISODE = Duration.ofMillis(500);

    /** An episode handed to the workers; its completion is matched by instance id. */
    record OrchestrationTicket(Episode episode, WorkItem workItem, long generation) implements WorkItemDispatcher.Ticket {
        static String correlation(String instanceId) {
            return "o:" + instanceId;
        }

        @Override
        public String correlation() {
            return correlation(episode.session().instanceId());
        }
    }

    private final TaskHubSettings settings;
    private final TaskHubNames names;
    private final TaskHubStorage storage;
    private final TaskHubMessages messages;
    private final ControlQueues controlQueues;
    private final HistoryStore histories;
    private final InstanceStore instances;
    private final HeldMessages held;
    private final WorkItemDispatcher dispatcher;
    private final StatusWatchers watchers;
    private final TaskHubStats stats;
    private final ExecutorService io;
    private final ScheduledExecutorService scheduler;
    private final IntPredicate owns;
    private final LongSupplier generation;
    private final Map<String, OrchestrationSession> sessions = new ConcurrentHashMap<>();
    private final QueuePoller[] pollers;
    private volatile boolean started;
    /** Scaling in: no new episodes, nothing delivered in process; what waits here is handed back. */
    private volatile boolean draining;

    OrchestrationSessions(TaskHubSettings settings, TaskHubStorage storage, TaskHubMessages messages, ControlQueues controlQueues,
                          HistoryStore histories, InstanceStore instances, HeldMessages held, WorkItemDispatcher dispatcher,
                          StatusWatchers watchers, TaskHubStats stats, ExecutorService io, ScheduledExecutorService scheduler,
                          IntPredicate owns, LongSupplier generation) {
        this.settings = settings;
        this.names = storage.names();
        this.storage = storage;
        this.messages = messages;
        this.controlQueues = controlQueues;
        this.histories = histories;
        this.instances = instances;
        this.held = held;
        this.dispatcher = dispatcher;
        this.watchers = watchers;
        this.stats = stats;
        this.io = io;
        this.scheduler = scheduler;
        this.owns = owns;
        this.generation = generation;
        this.pollers = new QueuePoller[names.partitionCount()];
        for (int p = 0; p < pollers.length; p++) {
            int partition = p;
            pollers[p] = new QueuePoller(names.controlQueue(p), settings.minPollingInterval(), settings.maxPollingInterval(),
                    () -> capacity(partition), max -> poll(partition, max));
        }
    }

    void startPolling() {
        for (QueuePoller poller : pollers) {
            poller.start();
        }
        scheduler.scheduleWithFixedDelay(this::trim, 10, 10, TimeUnit.SECONDS);
    }

    /** From now on, messages to owned partitions are delivered in process (the hub is serving). */
    void enableLocalDelivery() {
        started = true;
    }

    void stop() {
        started = false;
        for (QueuePoller poller : pollers) {
            poller.close();
        }
    }

    /**
     * Safe scale-in, first step: stop polling, start no episode, deliver nothing in process. Episodes in flight
     * still commit (their messages go to the queues, for the partitions' next owners); what waits in the inboxes
     * and the timers waiting for their time stay held, to be handed back.
     */
    void stopTakingWork() {
        draining = true;
        stop();
    }

    // ---- partitions ----

    @Override
    public void acquired(int partition) {
        stats.partitionOwned(partition, true);
        removeOverdueTimers(partition);
        pollers[partition].wake();
    }

    /** A new owner's clean-up: timer-index rows overdue by more than a visibility timeout stand for nothing invisible. */
    private void removeOverdueTimers(int partition) {
        try {
            int removed = controlQueues.timers().removeOverdue(partition, Instant.now().minus(settings.controlVisibilityTimeout()));
            if (removed > 0) {
                log.info("removed {} overdue timer-index row(s) of partition {}", removed, partition);
            }
        } catch (RuntimeException e) {
            log.debug("could not clean the timer index of partition {}: {}", partition, e.toString());
        }
    }

    /** Lost or gave up a partition: its sessions go, and their messages become visible for the new owner. */
    @Override
    public void lost(int partition) {
        stats.partitionOwned(partition, false);
        for (OrchestrationSession session : List.copyOf(sessions.values())) {
            if (session.partition() != partition) {
                continue;
            }
            List<Inbound> pending;
            synchronized (session) {
                pending = session.drain();
            }
            sessions.remove(session.instanceId(), session);
            io.execute(() -> pending.forEach(i -> held.abandon(i, Duration.ZERO)));
        }
    }

    private int capacity(int partition) {
        if (!owns.test(partition) || dispatcher.streamCount() == 0) {
            return 0;
        }
        return settings.controlQueueBatchSize();
    }

    private int poll(int partition, int max) {
        if (!owns.test(partition)) {
            return 0;
        }
        List<QueueMessageItem> items = storage.receive(names.controlQueue(partition), Math.min(max, 32),
                settings.controlVisibilityTimeout());
        for (QueueMessageItem item : items) {
            HeldMessage message = held.hold(new HeldMessage(names.controlQueue(partition), item.getMessageId(),
                    item.getPopReceipt(), item.getDequeueCount(), settings.controlVisibilityTimeout()));
            ControlMessage decoded;
            try {
                decoded = messages.decodeControl(item.getBody().toString());
            } catch (RuntimeException e) {
                held.poison(message, item.getBody().toString(), e.getMessage());
                continue;
            }
            if (names.partitionOf(decoded.instanceId()) != partition) {
                held.poison(message, item.getBody().toString(), "instance " + decoded.instanceId() + " belongs to partition "
                        + names.partitionOf(decoded.instanceId()) + ", not " + partition);
                continue;
            }
            stats.controlMessages.incrementAndGet(partition);
            deliver(new Inbound(decoded, message, null));
        }
        return items.size();
    }

    // ---- sending and delivering ----

    /** Sends to an instance's control queue; in process when this process owns its partition (see the class comment). */
    void sendControl(ControlMessage message, Duration delay) {
        int partition = names.partitionOf(message.instanceId());
        Duration hidden = delay.plus(settings.controlVisibilityTimeout());
        if (started && owns.test(partition) && hidden.compareTo(TaskHubStorage.MAX_VISIBILITY) < 0) {
            Instant due = Instant.now().plus(delay);
            var sent = controlQueues.send(message, hidden);
            HeldMessage copy = held.hold(new HeldMessage(names.controlQueue(partition), sent.getMessageId(),
                    sent.getPopReceipt(), 0, hidden).dueAt(due));
            Inbound inbound = new Inbound(message, copy, null);
            stats.localDeliveries.incrementAndGet();
            if (delay.isNegative() || delay.isZero()) {
                deliver(inbound);
            } else {
                scheduler.schedule(() -> deliver(inbound), delay.toMillis(), TimeUnit.MILLISECONDS);
            }
            return;
        }
        controlQueues.send(message, delay);
    }

    boolean ownsPartitionOf(String instanceId) {
        return owns.test(names.partitionOf(instanceId));
    }

    /** Whether an activity's result may go to its orchestration in memory: this process owns it and is not scaling in. */
    boolean deliversLocally(String instanceId) {
        return !draining && ownsPartitionOf(instanceId);
    }

    /** Hands a message to its instance's session and starts an episode if none is running. */
    void deliver(Inbound inbound) {
        String instanceId = inbound.message().instanceId();
        if (draining) {
            return; // scaling in: it stays held, and is handed back with the rest
        }
        if (!ownsPartitionOf(instanceId)) {
            // The partition moved while this message waited (a timer, say): let its new owner have it.
            io.execute(() -> held.abandon(inbound, Duration.ZERO));
            return;
        }
        while (true) {
            OrchestrationSession session = sessions.computeIfAbsent(instanceId,
                    id -> new OrchestrationSession(id, names.partitionOf(id)));
            synchronized (session) {
                if (sessions.get(instanceId) != session) {
                    continue; // evicted meanwhile: use the new one
                }
                if (session.receive(inbound)) {
                    io.execute(() -> runEpisode(session));
                }
                return;
            }
        }
    }

    // ---- episodes ----

    private void runEpisode(OrchestrationSession session) {
        if (draining) {
            return; // scaling in: its inbox is handed back
        }
        Episode.Plan plan;
        try {
            boolean load;
            boolean firstStart;
            synchronized (session) {
                load = session.needsLoad();
                firstStart = load && session.isFirstStart();
            }
            if (load) {
                HistoryStore.Loaded loaded;
                if (firstStart) {
                    // A new instance has no history: skip the read. Should it have some (a restart
                    // whose session is not cached), the append's sentinel CREATE collides with the
                    // stored sentinel (409) and the episode reruns on the loaded history.
                    loaded = HistoryStore.Loaded.EMPTY;
                } else {
                    loaded = histories.load(session.instanceId());
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
            log.warn("could not prepare an episode of {} (retrying): {}", session.instanceId(), e.toString());
            retryLater(session);
            return;
        }
        plan.dropNow().forEach(held::acknowledge);
        plan.deferred().forEach(this::deferToDue);
        reannounceEnd(session, plan);
        if (plan.episode() != null) {
            synchronized (session) {
                session.dispatched(plan.episode());
            }
            dispatcher.offer(new OrchestrationTicket(plan.episode(), plan.episode().workItem(), generation.getAsLong()));
            return;
        }
        dropOrphansIfNoInstance(session);
        finishEpisode(session);
    }

    /** Tries the session's inbox again shortly, from reloaded history (storage failed). */
    void retryLater(OrchestrationSession session) {
        synchronized (session) {
            session.unload();
        }
        scheduler.schedule(() -> io.execute(() -> runEpisode(session)), RETRY_EPISODE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The episode in flight is over: run the next one if the inbox has work, and tell the waiters. */
    void finishEpisode(OrchestrationSession session) {
        boolean again;
        synchronized (session) {
            again = session.episodeFinished(settings.extendedSessions());
        }
        if (again) {
            io.execute(() -> runEpisode(session));
        }
        // After the episode is cleared: waiters check that nothing they sent is still in flight.
        watchers.changed(session.instanceId());
    }

    /**
     * A timer or a scheduled start that surfaced before its time (queue visibility is whole seconds): deliver it at
     * its time.
     */
    private void deferToDue(Inbound inbound) {
        Instant due = inbound.dueAt();
        long delay = Duration.between(Instant.now(), due).toMillis();
        Duration longest = settings.controlVisibilityTimeout().dividedBy(2);
        if (delay > longest.toMillis()) {
            // A long timer re-sent with the rest of its delay (queue visibility is at most 7 days); same index row.
            sendControl(inbound.message(), Duration.ofMillis(delay));
            held.replaced(inbound);
            return;
        }
        if (inbound.held() != null) {
            inbound.held().dueAt(due);
        }
        scheduler.schedule(() -> deliver(inbound), Math.max(0, delay), TimeUnit.MILLISECONDS);
    }

    /**
     * A finished instance that still gets messages may have died between committing its end and
     * finishing the job: its row may still say Running, its parent may not have heard. Both are
     * repaired from the history (idempotent: the row is merged, and a parent ignores a second
     * report of the same child).
     */
    private void reannounceEnd(OrchestrationSession session, Episode.Plan plan) {
        InstanceUpdate end = null;
        ControlMessage notice = null;
        synchronized (session) {
            ExecutionCompleted completed = session.completedEvent();
            if (plan.dropNow().isEmpty() || !session.isFinished() || completed == null) {
                return;
            }
            if (session.endNotWritten()) {
                end = new InstanceUpdate(completed.orchestrationStatus(), null, false, completed.result(), true,
                        completed.failureDetails(), Instant.now(), null, null, false);
            }
            ExecutionStarted started = session.started();
            if (started != null && started.parentInstance() != null) {
                notice = Episode.parentNotification(session.instanceId(), started.parentInstance(), completed, Instant.now());
            }
        }
        if (end != null) {
            instances.update(session.instanceId(), end);
            synchronized (session) {
                session.endWritten();
            }
            watchers.changed(session.instanceId());
        }
        if (notice != null) {
            sendControl(notice, Duration.ZERO);
        }
    }

    /** Messages for an instance with no execution wait for its start — unless the instance does not exist. */
    private void dropOrphansIfNoInstance(OrchestrationSession session) {
        synchronized (session) {
            if (!session.needsExistenceCheck()) {
                return;
            }
        }
        boolean exists = instances.exists(session.instanceId());
        List<Inbound> orphans;
        synchronized (session) {
            orphans = session.existenceChecked(exists);
        }
        if (!orphans.isEmpty()) {
            log.info("dropping {} message(s) for instance {}, which does not exist", orphans.size(), session.instanceId());
            orphans.forEach(held::acknowledge);
        }
    }

    // ---- what the façade asks ----

    /**
     * Whether this process already knows the instance exists — it holds its session with an
     * execution or a row it has seen — so no read is needed (a pipeline raises one event per
     * block). Purging removes the session, so a purged instance is not known.
     */
    boolean knownLocally(String instanceId) {
        OrchestrationSession session = sessions.get(instanceId);
        if (session == null) {
            return false;
        }
        synchronized (session) {
            return session.knownToExist();
        }
    }

    /** Whether a message sent to the instance at or before {@code sentAtMicros} is still waiting or in flight here. */
    boolean unprocessedSentBy(String instanceId, long sentAtMicros) {
        OrchestrationSession session = sessions.get(instanceId);
        if (session == null) {
            return false;
        }
        synchronized (session) {
            return session.hasUnprocessedSentBy(sentAtMicros);
        }
    }

    /** The instance was purged: forget its session. */
    void forget(String instanceId) {
        sessions.remove(instanceId);
    }

    /** The hub was wiped: forget every session. */
    void clear() {
        sessions.clear();
    }

    /**
     * Scaling in, after the grace: forgets every session and returns what they held — their inboxes and the messages
     * of episodes still in flight — to be handed back.
     */
    List<Inbound> handBack() {
        List<Inbound> pending = new ArrayList<>();
        for (OrchestrationSession session : List.copyOf(sessions.values())) {
            synchronized (session) {
                pending.addAll(session.inFlight());
                pending.addAll(session.drain());
            }
        }
        sessions.clear();
        return pending;
    }

    int count() {
        return sessions.size();
    }

    /** Evicts idle sessions beyond the cache size, least recently used first. */
    private void trim() {
        int limit = settings.extendedSessions() ? settings.sessionCacheSize() : 0;
        if (sessions.size() <= limit) {
            return;
        }
        List<OrchestrationSession> idle = sessions.values().stream()
                .filter(s -> { synchronized (s) { return s.isIdle(); } })
                .sorted(Comparator.comparingLong(s -> { synchronized (s) { return s.lastUsedNanos(); } })).toList();
        for (int i = 0; i < idle.size() && sessions.size() > limit; i++) {
            OrchestrationSession s = idle.get(i);
            synchronized (s) {
                if (s.isIdle()) {
                    sessions.remove(s.instanceId(), s);
                }
            }
        }
    }
}
