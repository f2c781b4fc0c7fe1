package io.durascale.pipeline.taskhub;

import io.durascale.pipeline.taskhub.model.HistoryEvent.ExecutionCompleted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ExecutionStarted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ExecutionSuspended;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ExecutionTerminated;
import io.durascale.pipeline.taskhub.model.OrchestrationStatus;
import io.durascale.pipeline.taskhub.tracking.HistoryStore;
import io.durascale.pipeline.taskhub.tracking.HistoryStore.StoredEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * One orchestration instance as its partition owner sees it (DTFx's OrchestrationSession): the
 * committed history of its current execution ({@link ExecutionHistory}, kept in memory between
 * episodes when extended sessions are on) and where its next append goes, what the instances
 * table shows, and the inbox of messages not processed yet. Its state is its own: callers hold its monitor and use
 * these methods; at most one episode is in flight per instance ({@link #receive}).
 */
final class OrchestrationSession {

    /** What an episode will do with an inbound message. */
    enum Disposition { PROCESS, DUPLICATE, STALE, HOLD, DEFER }

    private final String instanceId;
    private final int partition;

    // ---- committed state of the current execution (valid when loaded) ----
    private boolean loaded;
    /** False until the first load: a fresh session of a new instance may skip reading its (empty) history. */
    private boolean everLoaded;
    private ExecutionHistory execution = new ExecutionHistory(null);
    /** History row numbers: this execution's first, and the next free one (never reused). */
    private long firstSeq;
    private long nextSeq;
    /**
     * The history sentinel's ETag at the state held here (loaded, or left by our last commit): the
     * next append commits only if the sentinel is still at it. Null for an instance not stored yet.
     */
    private String sentinelETag;

    // ---- what the instances table shows, as far as this process knows ----
    private OrchestrationStatus writtenStatus;
    private String writtenCustomStatus;
    private boolean customStatusKnown;
    /** Whether the instance has a row in the instances table (checked once for orphan messages). */
    private Boolean rowExists;

    // ---- pending work ----
    private final List<Inbound> inbox = new ArrayList<>();
    private boolean busy;
    /** The episode dispatched and not yet committed, if any. */
    private Episode current;
    private long lastUsedNanos = System.nanoTime();

    OrchestrationSession(String instanceId, int partition) {
        this.instanceId = instanceId;
        this.partition = partition;
    }

    String instanceId() {
        return instanceId;
    }

    int partition() {
        return partition;
    }

    // ---- loading and committing ----

    /** Whether the in-memory history must be (re)read before the next episode. */
    boolean needsLoad() {
        return !loaded;
    }

    /** Forget the in-memory history: the next episode reads it again. */
    void unload() {
        loaded = false;
    }

    /** Replaces the in-memory state with a history just read from the table. */
    void load(HistoryStore.Loaded stored) {
        resetExecution(stored.executionId());
        nextSeq = stored.nextSeq();
        firstSeq = nextSeq - stored.events().size();
        sentinelETag = stored.etag();
        stored.events().forEach(this::index);
        loaded = true;
        everLoaded = true;
        writtenStatus = null;
        customStatusKnown = false;
    }

    /**
     * A session never loaded whose inbox holds a start delivered for the first time (and nothing
     * redelivered): its instance is new, so it has no history to read.
     */
    boolean isFirstStart() {
        return !everLoaded && !inbox.isEmpty() && inbox.stream().allMatch(i -> !i.isStart() || i.isFirstDelivery())
                && inbox.stream().anyMatch(Inbound::isStart);
    }

    /**
     * Where an append of an episode goes: the current execution's first row, the first row of the
     * execution the episode commits (a new execution's rows start after the old ones), the next
     * free row, and the sentinel ETag the append must find.
     */
    record AppendPosition(long previousFirstSeq, long firstSeq, long nextSeq, String etag) {
    }

    AppendPosition appendPosition(Episode episode) {
        return new AppendPosition(firstSeq, episode.newExecution() ? nextSeq : firstSeq, nextSeq, sentinelETag);
    }

    /**
     * Takes in a committed episode: its events join the history, and the sentinel's new ETag
     * (null: it moved on since, so reload before the next append) is the one the next append
     * must match.
     */
    void committed(Episode episode, List<StoredEvent> events, long firstSeqOfExecution, HistoryStore.Committed commit) {
        if (episode.newExecution()) {
            resetExecution(episode.executionId());
            firstSeq = firstSeqOfExecution;
        }
        events.forEach(this::index);
        nextSeq = commit.nextSeq();
        sentinelETag = commit.etag();
        if (commit.etag() == null) {
            loaded = false;
        }
        rowExists = true;
    }

    /** Starts a new (empty) execution; its history rows continue after the previous execution's. */
    void resetExecution(String newExecutionId) {
        execution = new ExecutionHistory(newExecutionId);
    }

    /** Appends an event to the in-memory history and its indexes. */
    void index(StoredEvent stored) {
        execution.index(stored);
    }

    // ---- what the committed history says ----

    String executionId() {
        return execution.executionId();
    }

    /** The current execution's committed history, oldest first (read-only, while the monitor is held). */
    List<StoredEvent> history() {
        return execution.events();
    }

    ExecutionStarted started() {
        return execution.started();
    }

    boolean isSuspended() {
        return execution.isSuspended();
    }

    Instant lastOrchestratorStart() {
        return execution.lastOrchestratorStart();
    }

    /** Whether this execution has already sent the event of action {@code id}. */
    boolean hasSentEvent(int id) {
        return execution.hasSentEvent(id);
    }

    /** The end of the current execution; null while it runs. */
    ExecutionCompleted completedEvent() {
        return execution.completedEvent();
    }

    boolean hasExecution() {
        return execution.hasExecution();
    }

    /** Completed for good: later messages are dropped (a new start is the only way back). */
    boolean isFinished() {
        return execution.isFinished();
    }

    // ---- what the instances table shows ----

    OrchestrationStatus writtenStatus() {
        return writtenStatus;
    }

    /** Whether the finished execution's end still has to reach the instances table. */
    boolean endNotWritten() {
        return writtenStatus != execution.completion();
    }

    /** Whether {@code customStatus} differs from what the row shows (or what it shows is not known). */
    boolean customStatusDiffers(String customStatus) {
        return !customStatusKnown || !Objects.equals(customStatus, writtenCustomStatus);
    }

    /** The row now shows {@code status}; with {@code customStatusChanged}, the custom status too. */
    void rowWritten(OrchestrationStatus status, boolean customStatusChanged, String customStatus) {
        writtenStatus = status;
        if (customStatusChanged) {
            writtenCustomStatus = customStatus;
        }
        customStatusKnown = true;
    }

    /** The finished execution's end reached the row (a repair of an end whose row update was lost). */
    void endWritten() {
        writtenStatus = execution.completion();
    }

    /**
     * Whether this process already knows the instance exists — it holds an execution or has seen
     * its row — so no read is needed.
     */
    boolean knownToExist() {
        return hasExecution() || Boolean.TRUE.equals(rowExists);
    }

    /** Messages for an instance with no execution wait for its start — unless the instance does not exist. */
    boolean needsExistenceCheck() {
        return !inbox.isEmpty() && !knownToExist();
    }

    /** The row check's answer: an instance that does not exist loses its waiting messages (returned, to delete). */
    List<Inbound> existenceChecked(boolean exists) {
        rowExists = exists;
        if (exists) {
            return List.of();
        }
        List<Inbound> orphans = new ArrayList<>(inbox);
        inbox.clear();
        return orphans;
    }

    // ---- the inbox and the episode in flight ----

    /**
     * Adds a message to the inbox; true if the session was idle, so the caller starts an episode
     * (the session is busy from now on).
     */
    boolean receive(Inbound inbound) {
        inbox.add(inbound);
        lastUsedNanos = System.nanoTime();
        if (busy) {
            return false;
        }
        busy = true;
        return true;
    }

    /** A copy of the inbox, in arrival order. */
    List<Inbound> inbox() {
        return List.copyOf(inbox);
    }

    void removeFromInbox(Collection<Inbound> taken) {
        inbox.removeAll(taken);
    }

    /** Puts an episode's messages back at the front of the inbox, to be planned again from reloaded history. */
    void requeue(List<Inbound> consumed) {
        inbox.addAll(0, consumed);
        loaded = false;
    }

    /** The partition moved away: empties the inbox (returned, to abandon) and forgets the history. */
    List<Inbound> drain() {
        List<Inbound> pending = new ArrayList<>(inbox);
        inbox.clear();
        loaded = false;
        return pending;
    }

    void dispatched(Episode episode) {
        current = episode;
    }

    /** The messages of the episode in flight, if any (not committed: handed back when the process scales in). */
    List<Inbound> inFlight() {
        return current == null ? List.of() : current.consumed();
    }

    /**
     * The episode in flight is over (committed, retried or planned to nothing). True if the inbox
     * holds work for another episode now — the session stays busy — else the session goes idle.
     */
    boolean episodeFinished(boolean keepHistory) {
        current = null;
        if (!keepHistory) {
            loaded = false;
        }
        if (!inbox.isEmpty() && hasUsableWork()) {
            return true;
        }
        busy = false;
        return false;
    }

    /** Whether the inbox holds anything an episode could use now (held messages wait for their start). */
    private boolean hasUsableWork() {
        return inbox.stream().anyMatch(Inbound::isStart)
                || (hasExecution() && !execution.awaitingNewExecution() && !inbox.isEmpty())
                || !loaded;
    }

    /** Not running an episode and nothing waiting: may be evicted. */
    boolean isIdle() {
        return !busy && inbox.isEmpty();
    }

    long lastUsedNanos() {
        return lastUsedNanos;
    }

    /** Whether a message sent at or before {@code sentAtMicros} is still unprocessed (queued or in flight). */
    boolean hasUnprocessedSentBy(long sentAtMicros) {
        return inbox.stream().anyMatch(i -> i.sentAt() <= sentAtMicros)
                || (current != null && current.consumed().stream().anyMatch(i -> i.sentAt() <= sentAtMicros));
    }

    /** Whether a suspend or terminate is waiting: the status it brings should be the next one shown. */
    boolean statusChangeWaiting() {
        return inbox.stream().anyMatch(i -> i.firstEvent() instanceof ExecutionSuspended
                || i.firstEvent() instanceof ExecutionTerminated);
    }

    /**
     * Classifies a message against the committed state (or against an execution about to start
     * in the same episode, {@code startingExecution}).
     */
    Disposition classify(Inbound inbound, String startingExecution, Instant now) {
        return execution.classify(inbound, startingExecution, now);
    }
}
