package io.durascale.pipeline.taskhub;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.StringValue;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.CompleteOrchestrationAction;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.CreateTimerAction;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.EventRaisedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.EventSentEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.ExecutionStartedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.HistoryEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestrationInstance;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestrationStatus;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorAction;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorStartedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.ParentInstanceInfo;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.ScheduleTaskAction;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.SendEventAction;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskCompletedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskScheduledEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TimerCreatedEvent;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TimerFiredEvent;
import io.durascale.pipeline.taskhub.Episode.Checkpoint;
import io.durascale.pipeline.taskhub.Episode.Plan;
import io.durascale.pipeline.taskhub.Episode.ToControl;
import io.durascale.pipeline.taskhub.Episode.ToWorkItems;
import io.durascale.pipeline.taskhub.HistoryStore.StoredEvent;
import io.durascale.pipeline.taskhub.OrchestrationSession.Inbound;
import io.durascale.pipeline.taskhub.TaskHubMessages.ControlMessage;
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
        session.inbox.add(inbound(EXEC, start(null), "start:" + EXEC));

        Plan plan = Episode.plan(session, T0);
        Episode episode = plan.episode();
        assertThat(episode.newExecution).isTrue();
        assertThat(episode.request.getPastEventsList()).isEmpty();
        assertThat(episode.request.getNewEventsList()).extracting(HistoryEvent::getEventTypeCase)
                .containsExactly(HistoryEvent.EventTypeCase.ORCHESTRATORSTARTED, HistoryEvent.EventTypeCase.EXECUTIONSTARTED);
        assertThat(ProtoTime.toInstant(episode.request.getNewEvents(0).getTimestamp())).isEqualTo(T0);

        Checkpoint checkpoint = episode.checkpoint(response(scheduleTask(0, "SayHello", "\"Tokyo\"")), T0);
        assertThat(checkpoint.events()).extracting(e -> e.event().getEventTypeCase()).containsExactly(
                HistoryEvent.EventTypeCase.ORCHESTRATORSTARTED, HistoryEvent.EventTypeCase.EXECUTIONSTARTED,
                HistoryEvent.EventTypeCase.TASKSCHEDULED);
        assertThat(checkpoint.events().get(2).event().getEventId()).isZero();
        assertThat(checkpoint.outbound()).singleElement().isInstanceOfSatisfying(ToWorkItems.class, w -> {
            assertThat(w.activity().taskId()).isZero();
            assertThat(w.activity().name()).isEqualTo("SayHello");
            assertThat(w.activity().input()).isEqualTo("\"Tokyo\"");
            assertThat(w.activity().executionId()).isEqualTo(EXEC);
        });
        assertThat(checkpoint.status()).isEqualTo(OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING);
        assertThat(checkpoint.instanceUpdate().status()).isEqualTo(OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING);
    }

    @Test
    void aRedeliveredResultIsADuplicateAndNothingRuns() {
        OrchestrationSession session = runningWithTask(0, true);
        session.inbox.add(inbound(EXEC, taskCompleted(0, "\"x\""), "task:" + EXEC + ":0"));

        Plan plan = Episode.plan(session, T0.plusSeconds(5));
        assertThat(plan.episode()).isNull();
        assertThat(plan.dropNow()).hasSize(1);
        assertThat(session.inbox).isEmpty();
    }

    @Test
    void theSameResultTwiceInOneBatchIsProcessedOnce() {
        OrchestrationSession session = runningWithTask(0, false);
        session.inbox.add(inbound(EXEC, taskCompleted(0, "\"a\""), "task:" + EXEC + ":0"));
        session.inbox.add(inbound(EXEC, taskCompleted(0, "\"a\""), "task:" + EXEC + ":0"));

        Plan plan = Episode.plan(session, T0.plusSeconds(5));
        assertThat(plan.episode().consumed).hasSize(1);
        assertThat(plan.episode().dropped).hasSize(1);
        assertThat(plan.episode().request.getNewEventsList()).filteredOn(HistoryEvent::hasTaskCompleted).hasSize(1);
    }

    @Test
    void resultsOfAnotherExecutionAreStale() {
        OrchestrationSession session = runningWithTask(0, false);
        session.inbox.add(inbound("older-execution", taskCompleted(0, "\"a\""), "task:older-execution:0"));

        Plan plan = Episode.plan(session, T0.plusSeconds(5));
        assertThat(plan.episode()).isNull();
        assertThat(plan.dropNow()).hasSize(1);
    }

    @Test
    void eventsRaisedBeforeTheStartWaitForItAndFollowIt() {
        OrchestrationSession session = session();
        session.inbox.add(inbound(null, raised("MyEvent", "1"), "k1"));
        assertThat(Episode.plan(session, T0).episode()).isNull();
        assertThat(session.inbox).hasSize(1); // held, not dropped

        session.inbox.add(inbound(EXEC, start(null), "start:" + EXEC)); // sent later, processed first
        Episode episode = Episode.plan(session, T0).episode();
        assertThat(episode.request.getNewEventsList()).extracting(HistoryEvent::getEventTypeCase).containsExactly(
                HistoryEvent.EventTypeCase.ORCHESTRATORSTARTED, HistoryEvent.EventTypeCase.EXECUTIONSTARTED,
                HistoryEvent.EventTypeCase.EVENTRAISED);
    }

    @Test
    void raisedEventsKeepTheOrderTheyWereSentIn() {
        OrchestrationSession session = running();
        for (int i = 0; i < 10; i++) {
            // Sent 0..9, but received in the opposite order (queues are not strictly FIFO).
            session.inbox.add(0, inbound(null, raised("E", Integer.toString(i)), "k" + i));
        }
        Episode episode = Episode.plan(session, T0.plusSeconds(1)).episode();
        assertThat(episode.request.getNewEventsList()).filteredOn(HistoryEvent::hasEventRaised)
                .extracting(e -> e.getEventRaised().getInput().getValue())
                .containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    }

    @Test
    void aTimerThatSurfacesEarlyIsDeferredNotFired() {
        OrchestrationSession session = running();
        session.index(stored(HistoryEvent.newBuilder().setEventId(1).setTimestamp(ProtoTime.of(T0))
                .setTimerCreated(TimerCreatedEvent.newBuilder().setFireAt(ProtoTime.of(T0.plusMillis(1500)))).build()));
        session.inbox.add(inbound(EXEC, HistoryEvent.newBuilder().setEventId(-1).setTimestamp(ProtoTime.of(T0))
                .setTimerFired(TimerFiredEvent.newBuilder().setTimerId(1).setFireAt(ProtoTime.of(T0.plusMillis(1500)))).build(),
                "timer:" + EXEC + ":1"));

        Plan early = Episode.plan(session, T0.plusSeconds(1));
        assertThat(early.episode()).isNull();
        assertThat(early.deferred()).hasSize(1);

        session.inbox.addAll(early.deferred());
        assertThat(Episode.plan(session, T0.plusMillis(1500)).episode()).isNotNull();
    }

    @Test
    void workerHistoryLeavesOutEventsThe15SdkCannotReplay() {
        OrchestrationSession session = running();
        session.index(stored(HistoryEvent.newBuilder().setEventId(3).setTimestamp(ProtoTime.of(T0))
                .setEventSent(EventSentEvent.newBuilder().setInstanceId("other").setName("ping")).build()));
        session.inbox.add(inbound(null, raised("go", null), "k-go"));

        Episode episode = Episode.plan(session, T0.plusSeconds(1)).episode();
        assertThat(episode.request.getPastEventsList()).noneMatch(HistoryEvent::hasEventSent);
        assertThat(episode.request.getPastEventsCount()).isEqualTo(session.history.size() - 1);
    }

    @Test
    void sendEventReEmittedOnReplayIsSentOnlyOnce() {
        OrchestrationSession session = running();
        session.index(stored(HistoryEvent.newBuilder().setEventId(3).setTimestamp(ProtoTime.of(T0))
                .setEventSent(EventSentEvent.newBuilder().setInstanceId("other").setName("ping")).build()));
        session.inbox.add(inbound(null, raised("go", null), "k-go"));
        Episode episode = Episode.plan(session, T0.plusSeconds(1)).episode();

        OrchestratorAction again = OrchestratorAction.newBuilder().setId(3).setSendEvent(SendEventAction.newBuilder()
                .setInstance(OrchestrationInstance.newBuilder().setInstanceId("other")).setName("ping")).build();
        OrchestratorAction fresh = OrchestratorAction.newBuilder().setId(4).setSendEvent(SendEventAction.newBuilder()
                .setInstance(OrchestrationInstance.newBuilder().setInstanceId("other")).setName("pong")).build();
        Checkpoint checkpoint = episode.checkpoint(response(again, fresh), T0.plusSeconds(1));
        assertThat(checkpoint.outbound()).singleElement().isInstanceOfSatisfying(ToControl.class, c -> {
            assertThat(c.message().instanceId()).isEqualTo("other");
            assertThat(c.message().events().get(0).getEventRaised().getName()).isEqualTo("pong");
        });
    }

    @Test
    void continueAsNewStartsAFreshExecutionCarryingUnprocessedEvents() {
        OrchestrationSession session = running();
        session.inbox.add(inbound(null, raised("next", "1"), "k1"));
        Episode episode = Episode.plan(session, T0.plusSeconds(1)).episode();

        HistoryEvent carried = raised("next", "2");
        OrchestratorAction can = OrchestratorAction.newBuilder().setId(1).setCompleteOrchestration(
                CompleteOrchestrationAction.newBuilder()
                        .setOrchestrationStatus(OrchestrationStatus.ORCHESTRATION_STATUS_CONTINUED_AS_NEW)
                        .setResult(StringValue.of("2")).addCarryoverEvents(carried)).build();
        Checkpoint checkpoint = episode.checkpoint(response(can), T0.plusSeconds(1));

        assertThat(checkpoint.finished()).isFalse();
        assertThat(checkpoint.status()).isEqualTo(OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING);
        assertThat(checkpoint.instanceUpdate().inputChanged()).isTrue();
        assertThat(checkpoint.instanceUpdate().input()).isEqualTo("2");
        assertThat(checkpoint.outbound()).singleElement().isInstanceOfSatisfying(ToControl.class, c -> {
            List<HistoryEvent> events = c.message().events();
            assertThat(events.get(0).getExecutionStarted().getInput().getValue()).isEqualTo("2");
            assertThat(events.get(0).getExecutionStarted().getOrchestrationInstance().getExecutionId().getValue())
                    .isNotEqualTo(EXEC).isEqualTo(c.message().executionId());
            assertThat(events.get(1)).isEqualTo(carried);
        });
    }

    @Test
    void aChildReportsItsResultToItsParentTask() {
        OrchestrationSession session = session();
        ParentInstanceInfo parent = ParentInstanceInfo.newBuilder().setTaskScheduledId(7)
                .setOrchestrationInstance(OrchestrationInstance.newBuilder().setInstanceId("parent")
                        .setExecutionId(StringValue.of("parent-exec"))).build();
        session.inbox.add(inbound(EXEC, start(parent), "start:" + EXEC));
        Episode episode = Episode.plan(session, T0).episode();

        OrchestratorAction done = OrchestratorAction.newBuilder().setId(0).setCompleteOrchestration(
                CompleteOrchestrationAction.newBuilder().setOrchestrationStatus(OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED)
                        .setResult(StringValue.of("15"))).build();
        Checkpoint checkpoint = episode.checkpoint(response(done), T0);
        assertThat(checkpoint.finished()).isTrue();
        assertThat(checkpoint.instanceUpdate().output()).isEqualTo("15");
        // Sent only after the child's row shows the end, so a parent re-creating it at once finds it finished.
        assertThat(checkpoint.outbound()).isEmpty();
        assertThat(checkpoint.afterCommit()).singleElement().isInstanceOfSatisfying(ToControl.class, c -> {
            assertThat(c.message().instanceId()).isEqualTo("parent");
            assertThat(c.message().executionId()).isEqualTo("parent-exec");
            var completed = c.message().events().get(0).getSubOrchestrationInstanceCompleted();
            assertThat(completed.getTaskScheduledId()).isEqualTo(7);
            assertThat(completed.getResult().getValue()).isEqualTo("15");
        });
    }

    @Test
    void workScheduledByAFinishingOrchestrationIsNotSent() {
        OrchestrationSession session = running();
        session.inbox.add(inbound(null, raised("stop", null), "k-stop"));
        Episode episode = Episode.plan(session, T0.plusSeconds(1)).episode();
        OrchestratorAction timer = OrchestratorAction.newBuilder().setId(5)
                .setCreateTimer(CreateTimerAction.newBuilder().setFireAt(ProtoTime.of(T0.plusSeconds(60)))).build();
        OrchestratorAction done = OrchestratorAction.newBuilder().setId(6).setCompleteOrchestration(
                CompleteOrchestrationAction.newBuilder().setOrchestrationStatus(OrchestrationStatus.ORCHESTRATION_STATUS_TERMINATED)
                        .setResult(StringValue.of("\"bye\""))).build();
        Checkpoint checkpoint = episode.checkpoint(response(timer, done), T0.plusSeconds(1));
        assertThat(checkpoint.outbound()).isEmpty();
        assertThat(checkpoint.status()).isEqualTo(OrchestrationStatus.ORCHESTRATION_STATUS_TERMINATED);
    }

    @Test
    void failuresAndTimerFiringsComeOnePerEpisodeAfterOtherResults() {
        OrchestrationSession session = running();
        for (int task = 0; task < 4; task++) {
            session.index(stored(HistoryEvent.newBuilder().setEventId(task).setTimestamp(ProtoTime.of(T0))
                    .setTaskScheduled(TaskScheduledEvent.newBuilder().setName("Work")).build()));
        }
        session.inbox.add(inbound(EXEC, failed(0), "f0"));
        session.inbox.add(inbound(EXEC, taskCompleted(1, "1"), "c1"));
        session.inbox.add(inbound(EXEC, failed(2), "f2"));
        session.inbox.add(inbound(EXEC, taskCompleted(3, "3"), "c3"));

        Episode first = Episode.plan(session, T0.plusSeconds(1)).episode();
        assertThat(first.request.getNewEventsList()).filteredOn(e -> e.hasTaskCompleted() || e.hasTaskFailed())
                .extracting(HistoryEvent::getEventTypeCase)
                .containsExactly(HistoryEvent.EventTypeCase.TASKCOMPLETED, HistoryEvent.EventTypeCase.TASKCOMPLETED);
        first.consumed.forEach(i -> session.index(stored(i.message.events().get(0))));
        Episode second = Episode.plan(session, T0.plusSeconds(2)).episode();
        assertThat(second.request.getNewEventsList()).filteredOn(HistoryEvent::hasTaskFailed).hasSize(1);
        assertThat(session.inbox).hasSize(1); // the other failure waits for the next episode
    }

    @Test
    void anEpisodeWithAFiredTimerStartsStrictlyAfterItsFireTime() {
        OrchestrationSession session = running();
        Instant fireAt = T0.plusSeconds(3);
        session.index(stored(HistoryEvent.newBuilder().setEventId(1).setTimestamp(ProtoTime.of(T0))
                .setTimerCreated(TimerCreatedEvent.newBuilder().setFireAt(ProtoTime.of(fireAt))).build()));
        session.inbox.add(inbound(EXEC, HistoryEvent.newBuilder().setEventId(-1).setTimestamp(ProtoTime.of(fireAt))
                .setTimerFired(TimerFiredEvent.newBuilder().setTimerId(1).setFireAt(ProtoTime.of(fireAt))).build(), "t1"));
        Episode episode = Episode.plan(session, fireAt).episode(); // delivered exactly on time
        assertThat(ProtoTime.toInstant(episode.request.getNewEvents(0).getTimestamp())).isAfter(fireAt);
    }

    @Test
    void orchestratorStartedTimestampsStrictlyIncrease() {
        OrchestrationSession session = running(); // last OrchestratorStarted at T0
        session.inbox.add(inbound(null, raised("x", null), "kx"));
        Episode episode = Episode.plan(session, T0).episode(); // the clock did not move
        assertThat(ProtoTime.toInstant(episode.request.getNewEvents(0).getTimestamp())).isEqualTo(T0.plusMillis(1));
    }

    // ---- fixtures ----

    private OrchestrationSession session() {
        return new OrchestrationSession(ID, 0);
    }

    /** An instance that has run one episode (started at T0), with no pending work. */
    private OrchestrationSession running() {
        OrchestrationSession session = session();
        session.loaded = true;
        session.resetExecution(EXEC);
        session.index(stored(HistoryEvent.newBuilder().setEventId(-1).setTimestamp(ProtoTime.of(T0))
                .setOrchestratorStarted(OrchestratorStartedEvent.getDefaultInstance()).build()));
        session.index(stored(start(null)));
        session.writtenStatus = OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING;
        session.customStatusKnown = true;
        return session;
    }

    private OrchestrationSession runningWithTask(int taskId, boolean completed) {
        OrchestrationSession session = running();
        session.index(stored(HistoryEvent.newBuilder().setEventId(taskId).setTimestamp(ProtoTime.of(T0))
                .setTaskScheduled(TaskScheduledEvent.newBuilder().setName("Work")).build()));
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

    private static HistoryEvent start(ParentInstanceInfo parent) {
        ExecutionStartedEvent.Builder started = ExecutionStartedEvent.newBuilder().setName("Orch")
                .setInput(StringValue.of("1"))
                .setOrchestrationInstance(OrchestrationInstance.newBuilder().setInstanceId(ID).setExecutionId(StringValue.of(EXEC)));
        if (parent != null) {
            started.setParentInstance(parent);
        }
        return HistoryEvent.newBuilder().setEventId(-1).setTimestamp(ProtoTime.of(T0)).setExecutionStarted(started).build();
    }

    private static HistoryEvent taskCompleted(int taskId, String result) {
        return HistoryEvent.newBuilder().setEventId(-1).setTimestamp(ProtoTime.of(T0))
                .setTaskCompleted(TaskCompletedEvent.newBuilder().setTaskScheduledId(taskId).setResult(StringValue.of(result)))
                .build();
    }

    private static HistoryEvent failed(int taskId) {
        return HistoryEvent.newBuilder().setEventId(-1).setTimestamp(ProtoTime.of(T0))
                .setTaskFailed(com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskFailedEvent.newBuilder()
                        .setTaskScheduledId(taskId).setFailureDetails(
                                com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TaskFailureDetails
                                        .newBuilder().setErrorType("E").setErrorMessage("boom")))
                .build();
    }

    private static HistoryEvent raised(String name, String input) {
        EventRaisedEvent.Builder raised = EventRaisedEvent.newBuilder().setName(name);
        if (input != null) {
            raised.setInput(StringValue.of(input));
        }
        return HistoryEvent.newBuilder().setEventId(-1).setTimestamp(ProtoTime.of(T0)).setEventRaised(raised).build();
    }

    private static OrchestratorAction scheduleTask(int id, String name, String input) {
        return OrchestratorAction.newBuilder().setId(id)
                .setScheduleTask(ScheduleTaskAction.newBuilder().setName(name).setInput(StringValue.of(input))).build();
    }

    private static OrchestratorResponse response(OrchestratorAction... actions) {
        return OrchestratorResponse.newBuilder().setInstanceId(ID).addAllActions(List.of(actions))
                .setCustomStatus(StringValue.of("")).build();
    }
}
