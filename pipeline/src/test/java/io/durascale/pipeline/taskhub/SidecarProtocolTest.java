package io.durascale.pipeline.taskhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.durabletask.CompositeTaskFailedException;
import com.microsoft.durabletask.DurableTaskClient;
import com.microsoft.durabletask.DurableTaskGrpcWorkerBuilder;
import com.microsoft.durabletask.NewOrchestrationInstanceOptions;
import com.microsoft.durabletask.OrchestrationMetadata;
import com.microsoft.durabletask.OrchestrationRuntimeStatus;
import com.microsoft.durabletask.OrchestrationStatusQuery;
import com.microsoft.durabletask.OrchestrationStatusQueryResult;
import com.microsoft.durabletask.PurgeInstanceCriteria;
import com.microsoft.durabletask.RetryPolicy;
import com.microsoft.durabletask.Task;
import com.microsoft.durabletask.TaskActivity;
import com.microsoft.durabletask.TaskActivityFactory;
import com.microsoft.durabletask.TaskFailedException;
import com.microsoft.durabletask.TaskOptions;
import com.microsoft.durabletask.TaskOrchestration;
import com.microsoft.durabletask.TaskOrchestrationFactory;
import io.durascale.pipeline.testing.TaskHubFixture;
import io.durascale.testkit.Await;
import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stock durabletask-java 1.5.0 client and worker against the task hub over real gRPC and
 * Azurite: the protocol features the SDK relies on, one scenario each.
 */
@ExtendWith(StorageExtension.class)
class SidecarProtocolTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static TaskHubFixture hub;
    private static DurableTaskClient client;
    private static final AtomicInteger flakyCalls = new AtomicInteger();

    @BeforeAll
    static void start(TestStorage storage) {
        hub = TaskHubFixture.builder(storage).worker(SidecarProtocolTest::register).start();
        client = hub.client();
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    private static void register(DurableTaskGrpcWorkerBuilder builder) {
        orchestration(builder, "Chain", ctx -> {
            int value = ctx.getInput(Integer.class);
            for (int i = 0; i < 5; i++) {
                value = ctx.callActivity("PlusOne", value, Integer.class).await();
            }
            ctx.complete(value);
        });
        orchestration(builder, "FanOut", ctx -> {
            List<Task<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                tasks.add(ctx.callActivity("PlusOne", i, Integer.class));
            }
            ctx.complete(ctx.allOf(tasks).await().stream().mapToInt(Integer::intValue).sum());
        });
        orchestration(builder, "Timer", ctx -> {
            ctx.createTimer(Duration.ofSeconds(1)).await();
            ctx.complete("woke");
        });
        orchestration(builder, "AwaitEvents", ctx -> {
            StringBuilder got = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                got.append(ctx.waitForExternalEvent("Step", String.class).await());
            }
            ctx.complete(got.toString());
        });
        orchestration(builder, "EventOrTimeout", ctx -> {
            try {
                ctx.waitForExternalEvent("Never", Duration.ofSeconds(1), String.class).await();
                ctx.complete("event");
            } catch (com.microsoft.durabletask.TaskCanceledException e) {
                ctx.complete(e.getMessage());
            }
        });
        orchestration(builder, "Parent", ctx -> {
            int depth = ctx.getInput(Integer.class);
            int below = depth == 0 ? 0 : ctx.callSubOrchestrator("Parent", depth - 1, Integer.class).await();
            ctx.complete(below + 1);
        });
        orchestration(builder, "Counter", ctx -> {
            int n = ctx.getInput(Integer.class);
            ctx.setCustomStatus("at " + n);
            if (n < 5) {
                ctx.waitForExternalEvent("Next", Integer.class).await();
                ctx.continueAsNew(n + 1);
            } else {
                ctx.complete(n);
            }
        });
        orchestration(builder, "Sleeper", ctx -> {
            ctx.setCustomStatus("sleeping");
            ctx.waitForExternalEvent("Wake", String.class).await();
            ctx.complete("awake");
        });
        orchestration(builder, "Failing", ctx -> {
            ctx.callActivity("Boom", null, String.class).await();
            ctx.complete("unreachable");
        });
        orchestration(builder, "Retrying", ctx -> ctx.complete(
                ctx.callActivity("FailTwice", null, new TaskOptions(new RetryPolicy(3, Duration.ofMillis(1))), String.class)
                        .await()));
        orchestration(builder, "PartlyFailing", ctx -> {
            List<Task<Integer>> tasks = List.of(ctx.callActivity("Divide", 1, Integer.class),
                    ctx.callActivity("Divide", 0, Integer.class), ctx.callActivity("Divide", 2, Integer.class));
            try {
                ctx.allOf(tasks).await();
            } catch (CompositeTaskFailedException e) {
                ctx.complete(e.getExceptions().size() + " failed: " + e.getExceptions().get(0).getMessage());
            }
        });
        activity(builder, "PlusOne", ctx -> ctx.getInput(Integer.class) + 1);
        activity(builder, "Boom", ctx -> {
            throw new IllegalStateException("kaboom");
        });
        activity(builder, "FailTwice", ctx -> {
            if (flakyCalls.incrementAndGet() <= 2) {
                throw new IllegalStateException("not yet");
            }
            return "third time";
        });
        activity(builder, "Divide", ctx -> 10 / ctx.getInput(Integer.class));
    }

    @Test
    void activitiesInSequence() throws TimeoutException {
        OrchestrationMetadata done = run("Chain", 10);
        assertThat(done.readOutputAs(Integer.class)).isEqualTo(15);
        assertThat(done.readInputAs(Integer.class)).isEqualTo(10);
    }

    @Test
    void fanOutFanIn() throws TimeoutException {
        assertThat(run("FanOut", null).readOutputAs(Integer.class)).isEqualTo(210); // sum of 1..20
    }

    @Test
    void durableTimersFireNoEarlierThanAsked() throws TimeoutException {
        OrchestrationMetadata done = run("Timer", null);
        assertThat(done.readOutputAs(String.class)).isEqualTo("woke");
        assertThat(Duration.between(done.getCreatedAt(), done.getLastUpdatedAt())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void eventsRaisedBeforeTheWaitAreBufferedAndKeepTheirOrder() throws TimeoutException {
        String id = client.scheduleNewOrchestrationInstance("AwaitEvents");
        client.raiseEvent(id, "Step", "a"); // possibly before the orchestration even started
        client.raiseEvent(id, "Step", "b");
        client.raiseEvent(id, "Step", "c");
        OrchestrationMetadata done = client.waitForInstanceCompletion(id, WAIT, true);
        assertThat(done.readOutputAs(String.class)).isEqualTo("abc");
    }

    @Test
    void waitingForAnEventTimesOut() throws TimeoutException {
        assertThat(run("EventOrTimeout", null).readOutputAs(String.class))
                .isEqualTo("Timeout of PT1S expired while waiting for an event named 'Never' (ID = 0).");
    }

    @Test
    void subOrchestrationsReportToTheirParents() throws TimeoutException {
        assertThat(run("Parent", 3).readOutputAs(Integer.class)).isEqualTo(4);
    }

    @Test
    void continueAsNewStartsAFreshExecutionAndStatusShowsProgress() throws TimeoutException {
        String id = client.scheduleNewOrchestrationInstance("Counter", 0);
        for (int i = 0; i < 5; i++) {
            client.raiseEvent(id, "Next", i); // carried over from one generation to the next
        }
        OrchestrationMetadata done = client.waitForInstanceCompletion(id, WAIT, true);
        assertThat(done.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
        assertThat(done.readOutputAs(Integer.class)).isEqualTo(5);
        assertThat(done.readCustomStatusAs(String.class)).isEqualTo("at 5");
    }

    @Test
    void customStatusSuspendResumeAndTerminate() throws TimeoutException {
        String id = client.scheduleNewOrchestrationInstance("Sleeper");
        OrchestrationMetadata running = client.waitForInstanceStart(id, WAIT, true);
        assertThat(running.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.RUNNING);
        assertThat(running.readCustomStatusAs(String.class)).isEqualTo("sleeping");

        client.suspendInstance(id, "maintenance");
        awaitStatus(id, OrchestrationRuntimeStatus.SUSPENDED);
        client.raiseEvent(id, "Wake", "now"); // held while suspended
        assertThatThrownBy(() -> client.waitForInstanceCompletion(id, Duration.ofSeconds(2), false))
                .isInstanceOf(TimeoutException.class);
        client.resumeInstance(id, "done");
        assertThat(client.waitForInstanceCompletion(id, WAIT, true).readOutputAs(String.class)).isEqualTo("awake");

        String other = client.scheduleNewOrchestrationInstance("Sleeper");
        client.waitForInstanceStart(other, WAIT, false);
        client.suspendInstance(other);
        client.terminate(other, "stopped");
        OrchestrationMetadata terminated = client.waitForInstanceCompletion(other, WAIT, true);
        assertThat(terminated.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.TERMINATED);
        assertThat(terminated.readOutputAs(String.class)).isEqualTo("stopped");
    }

    @Test
    void activityFailuresReachTheOrchestrationWithTheirMessage() throws TimeoutException {
        OrchestrationMetadata failed = run("Failing", null);
        assertThat(failed.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
        assertThat(failed.getFailureDetails().getErrorType()).isEqualTo(TaskFailedException.class.getName());
        assertThat(failed.getFailureDetails().getErrorMessage())
                .isEqualTo("Task 'Boom' (#0) failed with an unhandled exception: kaboom");

        assertThat(run("PartlyFailing", null).readOutputAs(String.class))
                .isEqualTo("1 failed: Task 'Divide' (#1) failed with an unhandled exception: / by zero");
    }

    @Test
    void retriesRunUntilTheActivitySucceeds() throws TimeoutException {
        flakyCalls.set(0);
        assertThat(run("Retrying", null).readOutputAs(String.class)).isEqualTo("third time");
        assertThat(flakyCalls.get()).isEqualTo(3);
    }

    @Test
    void aFinishedInstanceCanBeStartedAgainButARunningOneCannot() throws TimeoutException {
        String id = "restart-" + UUID.randomUUID();
        client.scheduleNewOrchestrationInstance("Chain", new NewOrchestrationInstanceOptions().setInstanceId(id).setInput(1));
        assertThat(client.waitForInstanceCompletion(id, WAIT, true).readOutputAs(Integer.class)).isEqualTo(6);
        client.scheduleNewOrchestrationInstance("Chain", new NewOrchestrationInstanceOptions().setInstanceId(id).setInput(100));
        assertThat(client.waitForInstanceCompletion(id, WAIT, true).readOutputAs(Integer.class)).isEqualTo(105);

        String sleeper = "busy-" + UUID.randomUUID();
        client.scheduleNewOrchestrationInstance("Sleeper", new NewOrchestrationInstanceOptions().setInstanceId(sleeper));
        assertThatThrownBy(() -> client.scheduleNewOrchestrationInstance("Sleeper",
                new NewOrchestrationInstanceOptions().setInstanceId(sleeper)))
                .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("ALREADY_EXISTS");
        client.terminate(sleeper, null);
    }

    @Test
    void queriesFilterAndPageWithoutDuplicates() throws TimeoutException {
        String prefix = "query-" + UUID.randomUUID() + "-";
        Instant before = Instant.now().minusSeconds(1);
        for (int i = 0; i < 7; i++) {
            client.scheduleNewOrchestrationInstance("Chain", new NewOrchestrationInstanceOptions()
                    .setInstanceId(prefix + i).setInput(i));
        }
        for (int i = 0; i < 7; i++) {
            client.waitForInstanceCompletion(prefix + i, WAIT, false);
        }
        Set<String> seen = new HashSet<>();
        OrchestrationStatusQuery query = new OrchestrationStatusQuery().setInstanceIdPrefix(prefix).setMaxInstanceCount(3)
                .setRuntimeStatusList(List.of(OrchestrationRuntimeStatus.COMPLETED)).setCreatedTimeFrom(before);
        int pages = 0;
        do {
            OrchestrationStatusQueryResult page = client.queryInstances(query);
            assertThat(page.getOrchestrationState()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
            page.getOrchestrationState().forEach(m -> assertThat(seen.add(m.getInstanceId())).isTrue());
            query.setContinuationToken(page.getContinuationToken());
            pages++;
        } while (query.getContinuationToken() != null && !query.getContinuationToken().isEmpty());
        assertThat(seen).hasSize(7);
        assertThat(pages).isEqualTo(3);
        assertThat(client.queryInstances(new OrchestrationStatusQuery().setInstanceIdPrefix(prefix)
                .setRuntimeStatusList(List.of(OrchestrationRuntimeStatus.RUNNING))).getOrchestrationState()).isEmpty();
        assertThat(client.queryInstances(new OrchestrationStatusQuery().setInstanceIdPrefix(prefix)
                .setCreatedTimeTo(before)).getOrchestrationState()).isEmpty();
    }

    @Test
    void purgeRemovesFinishedInstancesOnly() throws TimeoutException {
        OrchestrationMetadata done = run("Chain", 0);
        assertThat(client.purgeInstance(done.getInstanceId()).getDeletedInstanceCount()).isEqualTo(1);
        assertThat(client.getInstanceMetadata(done.getInstanceId(), false).isInstanceFound()).isFalse();
        assertThat(client.purgeInstance("no-such-instance").getDeletedInstanceCount()).isZero();

        Instant from = Instant.now();
        run("Chain", 1);
        run("Chain", 2);
        String sleeper = client.scheduleNewOrchestrationInstance("Sleeper");
        client.waitForInstanceStart(sleeper, WAIT, false);
        PurgeInstanceCriteria criteria = new PurgeInstanceCriteria().setCreatedTimeFrom(from)
                .setRuntimeStatusList(List.of(OrchestrationRuntimeStatus.COMPLETED, OrchestrationRuntimeStatus.RUNNING));
        assertThat(client.purgeInstances(criteria).getDeletedInstanceCount()).isEqualTo(2); // never the running one
        assertThat(client.getInstanceMetadata(sleeper, false).isInstanceFound()).isTrue();
        client.terminate(sleeper, null);
    }

    @Test
    void unknownInstancesAreNotFoundRatherThanErrors() throws TimeoutException {
        assertThat(client.getInstanceMetadata("nobody-" + UUID.randomUUID(), true).isInstanceFound()).isFalse();
        assertThat(client.waitForInstanceCompletion("nobody-" + UUID.randomUUID(), Duration.ofSeconds(5), false)
                .isInstanceFound()).isFalse();
    }

    @Test
    void raiseTerminateSuspendAndResumeOnAnUnknownInstanceAreNotFound() throws TimeoutException {
        String nobody = "nobody-" + UUID.randomUUID();
        assertNotFound(() -> client.raiseEvent(nobody, "Wake", "now"), nobody);
        assertNotFound(() -> client.terminate(nobody, "stopped"), nobody);
        assertNotFound(() -> client.suspendInstance(nobody, "maintenance"), nobody);
        assertNotFound(() -> client.resumeInstance(nobody, "done"), nobody);
        assertThat(client.getInstanceMetadata(nobody, false).isInstanceFound()).isFalse(); // and nothing was created

        // A purged instance is as unknown as one never started.
        String purged = run("Chain", 0).getInstanceId();
        assertThat(client.purgeInstance(purged).getDeletedInstanceCount()).isEqualTo(1);
        assertNotFound(() -> client.raiseEvent(purged, "Late", null), purged);
        assertNotFound(() -> client.terminate(purged, null), purged);
    }

    @Test
    void instancesJustScheduledAcceptEventsAndTerminationAtOnce() throws TimeoutException {
        // The instance row is written when the instance is scheduled, before its start message is processed.
        String sleeper = client.scheduleNewOrchestrationInstance("Sleeper");
        client.raiseEvent(sleeper, "Wake", "now");
        assertThat(client.waitForInstanceCompletion(sleeper, WAIT, true).readOutputAs(String.class)).isEqualTo("awake");

        String later = client.scheduleNewOrchestrationInstance("Sleeper",
                new NewOrchestrationInstanceOptions().setStartTime(Instant.now().plusSeconds(2)));
        client.raiseEvent(later, "Wake", "early"); // held until the scheduled start
        OrchestrationMetadata woke = client.waitForInstanceCompletion(later, WAIT, true);
        assertThat(woke.readOutputAs(String.class)).isEqualTo("awake");

        String doomed = client.scheduleNewOrchestrationInstance("Sleeper");
        client.terminate(doomed, "never mind");
        OrchestrationMetadata terminated = client.waitForInstanceCompletion(doomed, WAIT, true);
        assertThat(terminated.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.TERMINATED);
        assertThat(terminated.readOutputAs(String.class)).isEqualTo("never mind");
    }

    // ---- helpers ----

    private static void assertNotFound(Runnable call, String instanceId) {
        // The 1.5.0 client does not map this status: it reaches the caller as the gRPC exception.
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.NOT_FOUND);
            assertThat(e.getStatus().getDescription()).isEqualTo("no orchestration instance with id '" + instanceId + "'");
        });
    }

    private static OrchestrationMetadata run(String name, Object input) throws TimeoutException {
        String id = client.scheduleNewOrchestrationInstance(name, input);
        OrchestrationMetadata done = client.waitForInstanceCompletion(id, WAIT, true);
        assertThat(done.isInstanceFound()).isTrue();
        return done;
    }

    private static void awaitStatus(String id, OrchestrationRuntimeStatus status) {
        Await.until(WAIT, id + " reaches " + status, () -> client.getInstanceMetadata(id, false).getRuntimeStatus() == status,
                () -> String.valueOf(client.getInstanceMetadata(id, false).getRuntimeStatus()));
    }

    private static void orchestration(DurableTaskGrpcWorkerBuilder builder, String name, TaskOrchestration body) {
        builder.addOrchestration(new TaskOrchestrationFactory() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public TaskOrchestration create() {
                return body;
            }
        });
    }

    private static void activity(DurableTaskGrpcWorkerBuilder builder, String name, TaskActivity body) {
        builder.addActivity(new TaskActivityFactory() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public TaskActivity create() {
                return body;
            }
        });
    }
}
