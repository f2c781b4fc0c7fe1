package io.durascale.pipeline.taskhub;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.pipeline.taskhub.Episode.Checkpoint;
import io.durascale.pipeline.taskhub.Episode.Plan;
import io.durascale.pipeline.taskhub.Episode.ToControl;
import io.durascale.pipeline.taskhub.Episode.ToWorkItems;
import io.durascale.pipeline.taskhub.model.FailureDetails;
import io.durascale.pipeline.taskhub.model.HistoryEvent;
import io.durascale.pipeline.taskhub.model.HistoryEvent.EventRaised;
import io.durascale.pipeline.taskhub.model.HistoryEvent.EventSent;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ExecutionStarted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.OrchestratorStarted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.SubOrchestrationInstanceCompleted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.TaskCompleted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.TaskFailed;
import io.durascale.pipeline.taskhub.model.HistoryEvent.TaskScheduled;
import io.durascale.pipeline.taskhub.model.HistoryEvent.TimerCreated;
import io.durascale.pipeline.taskhub.model.HistoryEvent.TimerFired;
import io.durascale.pipeline.taskhub.model.OrchestrationInstance;
import io.durascale.pipeline.taskhub.model.OrchestrationStatus;
import io.durascale.pipeline.taskhub.model.OrchestratorAction;
import io.durascale.pipeline.taskhub.model.OrchestratorAction.CompleteOrchestration;
import io.durascale.pipeline.taskhub.model.OrchestratorAction.CreateTimer;
import io.durascale.pipeline.taskhub.model.OrchestratorAction.ScheduleTask;
import io.durascale.pipeline.taskhub.model.OrchestratorAction.SendEvent;
import io.durascale.pipeline.taskhub.model.OrchestratorResult;
import io.durascale.pipeline.taskhub.model.ParentInstance;
import io.durascale.pipeline.taskhub.storage.TaskHubMessages.ControlMessage;
import io.durascale.pipeline.taskhub.tracking.HistoryStore;
import io.durascale.pipeline.taskhub.tracking.HistoryStore.StoredEvent;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The episode logic on its own: what goes to the worker, what gets committed, what is a duplicate. */
class EpisodeTest {

    private static final String ID = "instance-1";
    private static final String EXEC = "exec-1";
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private final AtomicLong sent = new AtomicLong(1);

    @Test
    void firstEpisodeSendsStartedEventsAndSchedulesTheActivityWithTheActionId() {
        OrchestrationSession session = session();
        session.receive(inbound(EXEC, start(null), "start:" + EXEC));

        Plan plan = Episode.plan(session, T0);
        Episode episode = plan.episode();
        assertThat(episode.newExecution()).isTrue();
        assertThat(episode.workItem().pastEvents()).isEmpty();
        assertThat(episode.workItem().newEvents()).extracting(e -> (Class) e.getClass())
                .containsExactly(OrchestratorStarted.class, ExecutionStarted.class);
        assertThat(episode.workItem().newEvents().get(0).timestamp()).isEqualTo(T0);

        Checkpoint checkpoint = episode.checkpoint(result(new ScheduleTask(0, "SayHello", "v2", "\"Tokyo\"")), T0);
        assertThat(checkpoint.events()).extracting(e -> (Class) e.event().getClass())
                .containsExactly(OrchestratorStarted.class, ExecutionStarted.class, TaskScheduled.class);
        assertThat(checkpoint.events().get(2).event().eventId()).isZero();
        assertThat(checkpoint.outbound()).singleElement().isInstanceOfSatisfying(ToWorkItems.class, w -> {
            assertThat(w.activity().taskId()).isZero();
            assertThat(w.activity().name()).isEqualTo("SayHello");
            assertThat(w.activity().version()).isEqualTo("v2");
            assertThat(w.activity().input()).isEqualTo("\"Tokyo\"");
            assertThat(w.activity().executionId()).isEqualTo(EXEC);
        });
        assertThat(checkpoint.status()).isEqualTo(OrchestrationStatus.RUNNING);
        assertThat(checkpoint.instanceUpdate().status()).isEqualTo(OrchestrationStatus.RUNNING);
    }

    @Test
    void aRedeliveredResultIsADuplicateAndNothingRuns() {
        OrchestrationSession session = runningWithTask(0, true);
        session.receive(inbound(EXEC, taskCompleted(0, "\"x\""), "task:" + EXEC + ":0"));

        Plan plan = Episode.plan(session, T0.plusSeconds(5));
        assertThat(plan.episode()).isNull();
        assertThat(plan.dropNow()).hasSize(1);
        assertThat(session.inbox()).isEmpty();
    }

    @Test
    void theSameResultTwiceInOneBatchIsProcessedOnce() {
        OrchestrationSession session = runningWithTask(0, false);
        session.receive(inbound(EXEC, taskCompleted(0, "\"a\""), "task:" + EXEC + ":0"));
        session.receive(inbound(EXEC, taskCompleted(0, "\"a\""), "task:" + EXEC + ":0"));

        Plan plan = Episode.plan(session, T0.plusSeconds(5));
        assertThat(plan.episode().consumed()).hasSize(1);
        assertThat(plan.episode().dropped()).hasSize(1);
        assertThat(plan.episode().workItem().newEvents()).filteredOn(TaskCompleted.class::isInstance).hasSize(1);
    }

    @Test
    void resultsOfAnotherExecutionAreStale() {
        OrchestrationSession session = runningWithTask(0, false);
        session.receive(inbound("older-execution", taskCompleted(0, "\"a\""), "task:older-execution:0"));

        Plan plan = Episode.plan(session, T0.plusSeconds(5));
        assertThat(plan.episode()).isNull();
        assertThat(plan.dropNow()).hasSize(1);
    }

    @Test
    void eventsRaisedBeforeTheStartWaitForItAndFollowIt() {
        OrchestrationSession session = session();
        session.receive(inbound(null, raised("MyEvent", "1"), "k1"));
        assertThat(Episode.plan(session, T0).episode()).isNull();
        assertThat(session.inbox()).hasSize(1); // held, not dropped

        session.receive(inbound(EXEC, start(null), "start:" + EXEC)); // sent later, processed first
        Episode episode = Episode.plan(session, T0).episode();
        assertThat(episode.workItem().newEvents()).extracting(e -> (Class) e.getClass())
                .containsExactly(OrchestratorStarted.class, ExecutionStarted.class, EventRaised.class);
    }

    @Test
    void raisedEventsKeepTheOrderTheyWereSentIn() {
        OrchestrationSession session = running();
        List<Inbound> sentInOrder = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sentInOrder.add(inbound(null, raised("E", Integer.toString(i)), "k" + i));
        }
        // Received in the opposite order (queues are not strictly FIFO).
        for (int i = 9; i >= 0; i--) {
            session.receive(sentInOrder.get(i));
        }
        Episode episode = Episode.plan(session, T0.plusSeconds(1)).episode();
        assertThat(episode.workItem().newEvents()).filteredOn(EventRaised.class::isInstance)
                .extracting(e -> ((EventRaised) e).input())
                .containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    }

    @Test
    void aTimerThatSurfacesEarlyIsDeferredNotFired() {
        OrchestrationSession session = running();
        session.index(stored(new TimerCreated(1, T0, T0.plusMillis(1500))));
        session.receive(inbound(EXEC, new TimerFired(-1, T0, T0.plusMillis(1500), 1), "timer:" + EXEC + ":1"));

        Plan early = Episode.plan(session, T0.plusSeconds(1));
        assertThat(early.episode()).isNull();
        assertThat(early.deferred()).hasSize(1);

        early.deferred().forEach(session::receive);
        assertThat(Episode.plan(session, T0.plusMillis(1500)).episode()).isNotNull();
    }

    @Test
    void workerHistoryLeavesOutEventsThe15SdkCannotReplay() {
        OrchestrationSession session = running();
        session.index(stored(new EventSent(3, T0, "other", "ping", null)));
        session.receive(inbound(null, raised("go", null), "k-go"));

        Episode episode = Episode.plan(session, T0.plusSeconds(1)).episode();
        assertThat(episode.workItem().pastEvents()).noneMatch(EventSent.class::isInstance);
        assertThat(episode.workItem().pastEvents()).hasSize(session.history().size() - 1);
    }

    @Test
    void sendEventReEmittedOnReplayIsSentOnlyOnce() {
        OrchestrationSession session = running();
        session.index(stored(new EventSent(3, T0, "other", "ping", null)));
        session.receive(inbound(null, raised("go", null), "k-go"));
        Episode episode = Episode.plan(session, T0.plusSeconds(1)).episode();

        OrchestratorAction again = new SendEvent(3, new OrchestrationInstance("other", null), "ping", null);
        OrchestratorAction fresh = new SendEvent(4, new OrchestrationInstance("other", null), "pong", null);
        Checkpoint checkpoint = episode.checkpoint(result(again, fresh), T0.plusSeconds(1));
        assertThat(checkpoint.outbound()).singleElement().isInstanceOfSatisfying(ToControl.class, c -> {
            assertThat(c.message().instanceId()).isEqualTo("other");
            assertThat(((EventRaised) c.message().events().get(0)).name()).isEqualTo("pong");
        });
    }

    @Test
    void continueAsNewStartsAFreshExecutionCarryingUnprocessedEvents() {
        OrchestrationSession session = running();
        session.receive(inbound(null, raised("next", "1"), "k1"));
        Episode episode = Episode.plan(session, T0.plusSeconds(1)).episode();

        HistoryEvent carried = raised("next", "2");
        OrchestratorAction can = new CompleteOrchestration(1, OrchestrationStatus.CONTINUED_AS_NEW, "2", null, null,
                List.of(carried), null);
        Checkpoint checkpoint = episode.checkpoint(result(can), T0.plusSeconds(1));

        assertThat(checkpoint.finished()).isFalse();
        assertThat(checkpoint.status()).isEqualTo(OrchestrationStatus.RUNNING);
        assertThat(checkpoint.instanceUpdate().inputChanged()).isTrue();
        assertThat(checkpoint.instanceUpdate().input()).isEqualTo("2");
        assertThat(checkpoint.outbound()).singleElement().isInstanceOfSatisfying(ToControl.class, c -> {
            List<HistoryEvent> events = c.message().events();
            ExecutionStarted restart = (ExecutionStarted) events.get(0);
            assertThat(restart.input()).isEqualTo("2");
            assertThat(restart.orchestrationInstance().executionId()).isNotEqualTo(EXEC).isEqualTo(c.message().executionId());
            assertThat(events.get(1)).isEqualTo(carried);
        });
    }

    @Test
    void aChildReportsItsResultToItsParentTask() {
        OrchestrationSession session = session();
        ParentInstance parent = new ParentInstance(7, null, null, new OrchestrationInstance("parent", "parent-exec"));
        session.receive(inbound(EXEC, start(parent), "start:" + EXEC));
        Episode episode = Episode.plan(session, T0).episode();

        OrchestratorAction done = new CompleteOrchestration(0, OrchestrationStatus.COMPLETED, "15", null, null, List.of(), null);
        Checkpoint checkpoint = episode.checkpoint(result(done), T0);
        assertThat(checkpoint.finished()).isTrue();
        assertThat(checkpoint.instanceUpdate().output()).isEqualTo("15");
        // Sent only after the child's row shows the end, so a parent re-creating it at once finds it finished.
        assertThat(checkpoint.outbound()).isEmpty();
        assertThat(checkpoint.afterCommit()).singleElement().isInstanceOfSatisfying(ToControl.class, c -> {
            assertThat(c.message().instanceId()).isEqualTo("parent");
            assertThat(c.message().executionId()).isEqualTo("parent-exec");
            var completed = (SubOrchestrationInstanceCompleted) c.message().events().get(0);
            assertThat(completed.taskScheduledId()).isEqualTo(7);
            assertThat(completed.result()).isEqualTo("15");
        });
    }

    @Test
    void workScheduledByAFinishingOrchestrationIsNotSent() {
        OrchestrationSession session = running();
        session.receive(inbound(null, raised("stop", null), "k-stop"));
        Episode episode = Episode.plan(session, T0.plusSeconds(1)).episode();
        OrchestratorAction timer = new CreateTimer(5, T0.plusSeconds(60));
        OrchestratorAction done = new CompleteOrchestration(6, OrchestrationStatus.TERMINATED, "\"bye\"", null, null,
                List.of(), null);
        Checkpoint checkpoint = episode.checkpoint(result(timer, done), T0.plusSeconds(1));
        assertThat(checkpoint.outbound()).isEmpty();
        assertThat(checkpoint.status()).isEqualTo(OrchestrationStatus.TERMINATED);
    }

    @Test
    void failuresAndTimerFiringsComeOnePerEpisodeAfterOtherResults() {
        OrchestrationSession session = running();
        for (int task = 0; task < 4; task++) {
            session.index(stored(new TaskScheduled(task, T0, "Work", null, null)));
        }
        session.receive(inbound(EXEC, failed(0), "f0"));
        session.receive(inbound(EXEC, taskCompleted(1, "1"), "c1"));
        session.receive(inbound(EXEC, failed(2), "f2"));
        session.receive(inbound(EXEC, taskCompleted(3, "3"), "c3"));

        Episode first = Episode.plan(session, T0.plusSeconds(1)).episode();
        assertThat(first.workItem().newEvents()).filteredOn(e -> e instanceof TaskCompleted || e instanceof TaskFailed)
                .extracting(e -> (Class) e.getClass()).containsExactly(TaskCompleted.class, TaskCompleted.class);
        first.consumed().forEach(i -> session.index(stored(i.firstEvent())));
        Episode second = Episode.plan(session, T0.plusSeconds(2)).episode();
        assertThat(second.workItem().newEvents()).filteredOn(TaskFailed.class::isInstance).hasSize(1);
        assertThat(session.inbox()).hasSize(1); // the other failure waits for the next episode
    }

    @Test
    void anEpisodeWithAFiredTimerStartsStrictlyAfterItsFireTime() {
        OrchestrationSession session = running();
        Instant fireAt = T0.plusSeconds(3);
        session.index(stored(new TimerCreated(1, T0, fireAt)));
        session.receive(inbound(EXEC, new TimerFired(-1, fireAt, fireAt, 1), "t1"));
        Episode episode = Episode.plan(session, fireAt).episode(); // delivered exactly on time
        assertThat(episode.workItem().newEvents().get(0).timestamp()).isAfter(fireAt);
    }

    @Test
    void orchestratorStartedTimestampsStrictlyIncrease() {
        OrchestrationSession session = running(); // last OrchestratorStarted at T0
        session.receive(inbound(null, raised("x", null), "kx"));
        Episode episode = Episode.plan(session, T0).episode(); // the clock did not move
        assertThat(episode.workItem().newEvents().get(0).timestamp()).isEqualTo(T0.plusMillis(1));
    }

    // ---- fixtures ----

    private OrchestrationSession session() {
        return new OrchestrationSession(ID, 0);
    }

    /** An instance that has run one episode (started at T0), with no pending work. */
    private OrchestrationSession running() {
        OrchestrationSession session = session();
        session.load(new HistoryStore.Loaded(EXEC, List.of(stored(new OrchestratorStarted(-1, T0)), stored(start(null))), 2,
                "etag"));
        session.rowWritten(OrchestrationStatus.RUNNING, true, null);
        return session;
    }

    private OrchestrationSession runningWithTask(int taskId, boolean completed) {
        OrchestrationSession session = running();
        session.index(stored(new TaskScheduled(taskId, T0, "Work", null, null)));
        if (completed) {
            session.index(stored(taskCompleted(taskId, "\"done\"")));
        }
        return session;
    }

    private static StoredEvent stored(HistoryEvent event) {
        return new StoredEvent(event, null);
    }

    private Inbound inbound(String executionId, HistoryEvent event, String key) {
        return new Inbound(new ControlMessage(ID, executionId, List.of(event), key, sent.getAndIncrement()), null, null);
    }

    private static ExecutionStarted start(ParentInstance parent) {
        return new ExecutionStarted(-1, T0, "Orch", null, "1", new OrchestrationInstance(ID, EXEC), parent, null, null);
    }

    private static TaskCompleted taskCompleted(int taskId, String result) {
        return new TaskCompleted(-1, T0, taskId, result);
    }

    private static TaskFailed failed(int taskId) {
        return new TaskFailed(-1, T0, taskId, FailureDetails.of("E", "boom", false));
    }

    private static EventRaised raised(String name, String input) {
        return new EventRaised(-1, T0, name, input);
    }

    private static OrchestratorResult result(OrchestratorAction... actions) {
        return new OrchestratorResult(ID, List.of(actions), "");
    }
}
