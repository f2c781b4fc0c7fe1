package io.durascale.pipeline.taskhub;

import io.durascale.pipeline.taskhub.Episode.Checkpoint;
import io.durascale.pipeline.taskhub.Episode.Outbound;
import io.durascale.pipeline.taskhub.Episode.StartChild;
import io.durascale.pipeline.taskhub.Episode.ToControl;
import io.durascale.pipeline.taskhub.Episode.ToWorkItems;
import io.durascale.pipeline.taskhub.OrchestrationSession.AppendPosition;
import io.durascale.pipeline.taskhub.model.FailureDetails;
import io.durascale.pipeline.taskhub.model.HistoryEvent.SubOrchestrationInstanceFailed;
import io.durascale.pipeline.taskhub.model.InstanceExistsException;
import io.durascale.pipeline.taskhub.model.OrchestratorResult;
import io.durascale.pipeline.taskhub.storage.TaskHubMessages;
import io.durascale.pipeline.taskhub.storage.TaskHubMessages.ControlMessage;
import io.durascale.pipeline.taskhub.tracking.HistoryStore;
import io.durascale.pipeline.taskhub.tracking.HistoryStore.CommitConflictException;
import io.durascale.pipeline.taskhub.tracking.InstanceStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits an episode once its worker answers, in the order that makes a crash anywhere harmless
 * (as the Azure Storage provider's CompleteTaskOrchestrationWorkItemAsync orders it): send the
 * messages the actions imply, append the history — only if the history sentinel's ETag is still
 * the one the episode was planned on; an episode of more than 100 rows claims its range first
 * (see {@link HistoryStore}) — update the instance row, announce an end to the parent, then
 * delete the consumed messages. A crash before the delete redelivers them, and duplicate
 * detection against the history makes the retry harmless.
 */
final class EpisodeCommitter {

    private static final Logger log = LoggerFactory.getLogger(EpisodeCommitter.class);

    private final HistoryStore histories;
    private final InstanceStore instances;
    private final OrchestrationSessions sessions;
    private final ActivityQueue activities;
    private final HeldMessages held;
    private final TaskHubStats stats;
    private final ExecutorService io;
    /** For a checkpoint's outbound messages: never waits on itself, so commits on {@code io} cannot starve it. */
    private final ExecutorService sends;

    EpisodeCommitter(HistoryStore histories, InstanceStore instances, OrchestrationSessions sessions, ActivityQueue activities,
                     HeldMessages held, TaskHubStats stats, ExecutorService io, ExecutorService sends) {
        this.histories = histories;
        this.instances = instances;
        this.sessions = sessions;
        this.activities = activities;
        this.held = held;
        this.stats = stats;
        this.io = io;
        this.sends = sends;
    }

    void commit(Episode episode, OrchestratorResult result) {
        OrchestrationSession session = episode.session();
        try {
            Instant now = Instant.now();
            Checkpoint checkpoint;
            AppendPosition at;
            boolean writeInstance;
            synchronized (session) {
                checkpoint = episode.checkpoint(result, now);
                at = session.appendPosition(episode);
                // A suspend or terminate arrived while this episode ran: show the status it brings
                // (written by the next episode) rather than a brief Running.
                writeInstance = checkpoint.instanceUpdate() != null
                        && (checkpoint.finished() || !session.statusChangeWaiting());
            }
            send(checkpoint.outbound(), episode);
            // Commits only if the history sentinel is still at the version this episode was planned on.
            HistoryStore.Committed committed = histories.append(session.instanceId(), episode.executionId(), at.firstSeq(),
                    at.nextSeq(), at.etag(), checkpoint.events());
            stats.historyWrites.incrementAndGet();
            if (writeInstance) {
                instances.update(session.instanceId(), checkpoint.instanceUpdate());
            }
            send(checkpoint.afterCommit(), episode);
            synchronized (session) {
                session.committed(episode, checkpoint.events(), at.firstSeq(), committed);
                if (writeInstance) {
                    session.rowWritten(checkpoint.status(), checkpoint.instanceUpdate().customStatusChanged(),
                            checkpoint.instanceUpdate().customStatus());
                }
            }
            episode.consumed().forEach(held::acknowledge);
            episode.dropped().forEach(held::acknowledge);
            if (episode.newExecution() && at.previousFirstSeq() < at.firstSeq()) {
                io.execute(() -> histories.deleteRange(session.instanceId(), at.previousFirstSeq(), at.firstSeq()));
            }
            stats.episodes.incrementAndGet(session.partition());
            if (checkpoint.finished()) {
                stats.completed.incrementAndGet();
            }
        } catch (CommitConflictException e) {
            log.info("{}: reloading and retrying the episode", e.getMessage());
            requeue(episode);
        } catch (RuntimeException e) {
            log.warn("committing an episode of {} failed (retrying): {}", session.instanceId(), e.toString());
            requeue(episode);
            sessions.retryLater(session);
            return;
        }
        sessions.finishEpisode(session);
    }

    /** Puts an episode's messages back in the inbox, to be planned again from reloaded history. */
    private static void requeue(Episode episode) {
        synchronized (episode.session()) {
            episode.session().requeue(episode.consumed());
        }
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
            activities.send(w.activity());
        } else if (outbound instanceof ToControl c) {
            sessions.sendControl(c.message(), c.delay());
        } else if (outbound instanceof StartChild s) {
            try {
                instances.create(s.child());
                sessions.sendControl(s.start(), Duration.ZERO);
            } catch (InstanceExistsException e) {
                // The child's id is taken by an unfinished instance: the parent's task fails instead.
                var failed = new SubOrchestrationInstanceFailed(-1, Instant.now(), s.parentTaskId(),
                        FailureDetails.of("InstanceExists", e.getMessage(), true));
                String instanceId = episode.session().instanceId();
                sessions.sendControl(new ControlMessage(instanceId, episode.executionId(), List.of(failed),
                        "child:" + episode.executionId() + ":" + s.parentTaskId(), TaskHubMessages.nowMicros()), Duration.ZERO);
            }
        }
    }
}
