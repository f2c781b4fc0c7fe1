package io.durascale.pipeline.taskhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.durabletask.DurableTaskClient;
import com.microsoft.durabletask.NewOrchestrationInstanceOptions;
import com.microsoft.durabletask.OrchestrationMetadata;
import com.microsoft.durabletask.OrchestrationRuntimeStatus;
import com.microsoft.durabletask.OrchestrationStatusQuery;
import com.microsoft.durabletask.TaskOrchestration;
import com.microsoft.durabletask.TaskOrchestrationFactory;
import io.durascale.pipeline.taskhub.model.HistoryEvent;
import io.durascale.pipeline.taskhub.model.InstanceFilter;
import io.durascale.pipeline.taskhub.model.InstanceNotFoundException;
import io.durascale.pipeline.taskhub.model.InstanceRecord;
import io.durascale.pipeline.taskhub.model.NewOrchestration;
import io.durascale.pipeline.taskhub.model.OrchestrationStatus;
import io.durascale.pipeline.taskhub.storage.TaskHubStorage;
import io.durascale.pipeline.taskhub.storage.TimerIndex;
import io.durascale.pipeline.testing.TaskHubFixture;
import io.durascale.testkit.Await;
import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The two client paths against one hub agree: an instance started through storage (a {@link TaskHubClient} with no
 * backend of its own, as the API and the bridge have) is visible and controllable through the stock SDK client
 * over gRPC, and one started through the SDK is visible and controllable through storage.
 */
@ExtendWith(StorageExtension.class)
class ClientPathsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static TaskHubFixture hub;
    private static DurableTaskClient sdk;
    private static TaskHubClient storage;
    private static TimerIndex timers;

    @BeforeAll
    static void start(TestStorage test) {
        hub = TaskHubFixture.builder(test).worker(w -> w.addOrchestration(orchestration("Echo", ctx -> {
            String input = ctx.getInput(String.class);
            ctx.complete(input + ":" + ctx.waitForExternalEvent("Go", String.class).await());
        }))).start();
        sdk = hub.client();
        // Asked for 1 partition: the hub exists with 4, and its own count (taskhub.json) is what the client uses.
        storage = TaskHubClient.connect(test.account(), hub.settings().hubName(), 1);
        timers = new TimerIndex(new TaskHubStorage(test.account(), storage.names(), new StorageOps()));
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void aClientOfAnExistingHubUsesItsPartitionCount() {
        assertThat(storage.names().partitionCount()).isEqualTo(hub.settings().partitionCount()).isEqualTo(4);
    }

    @Test
    void startedThroughStorageIsSeenAndDrivenThroughTheSdk() throws Exception {
        String id = storage.start(new NewOrchestration("", "Echo", null, "\"in\"", null));
        OrchestrationMetadata started = sdk.waitForInstanceStart(id, WAIT, true);
        assertThat(started.getName()).isEqualTo("Echo");
        assertThat(started.readInputAs(String.class)).isEqualTo("in");
        assertThat(started.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.RUNNING);

        sdk.suspendInstance(id, "pause");
        awaitStored(id, OrchestrationStatus.SUSPENDED);
        sdk.resumeInstance(id, "go on");
        awaitStored(id, OrchestrationStatus.RUNNING);
        sdk.raiseEvent(id, "Go", "now");
        OrchestrationMetadata done = sdk.waitForInstanceCompletion(id, WAIT, true);
        assertThat(done.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
        assertThat(done.readOutputAs(String.class)).isEqualTo("in:now");

        InstanceRecord stored = storage.get(id);
        assertThat(stored.status()).isEqualTo(OrchestrationStatus.COMPLETED);
        assertThat(stored.output()).isEqualTo("\"in:now\"");
        assertThat(storage.history(id)).filteredOn(HistoryEvent.EventRaised.class::isInstance)
                .extracting(e -> ((HistoryEvent.EventRaised) e).name()).containsExactly("Go");
        assertThat(sdk.purgeInstance(id).getDeletedInstanceCount()).isEqualTo(1);
        assertThat(storage.get(id)).isNull();
    }

    @Test
    void startedThroughTheSdkIsSeenAndDrivenThroughStorage() throws Exception {
        String id = sdk.scheduleNewOrchestrationInstance("Echo", "in");
        sdk.waitForInstanceStart(id, WAIT);
        InstanceRecord running = storage.get(id);
        assertThat(running.name()).isEqualTo("Echo");
        assertThat(running.input()).isEqualTo("\"in\"");
        assertThat(running.status()).isEqualTo(OrchestrationStatus.RUNNING);

        storage.suspend(id, "pause");
        awaitSdk(id, OrchestrationRuntimeStatus.SUSPENDED);
        storage.resume(id, null);
        awaitSdk(id, OrchestrationRuntimeStatus.RUNNING);
        storage.raiseEvent(id, "Go", "\"now\"");
        OrchestrationMetadata done = sdk.waitForInstanceCompletion(id, WAIT, true);
        assertThat(done.readOutputAs(String.class)).isEqualTo("in:now");

        assertThat(storage.purge(id)).isEqualTo(1);
        assertThat(sdk.getInstanceMetadata(id, false).isInstanceFound()).isFalse();
        assertThatThrownBy(() -> storage.raiseEvent(id, "Go", null)).isInstanceOf(InstanceNotFoundException.class);
    }

    @Test
    void terminationQueriesRestartAndPurgeAgreeBothWays() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        String prefix = "agree-" + System.nanoTime() + "-";
        String a = storage.start(new NewOrchestration(prefix + "a", "Echo", null, "\"a\"", null));
        String b = sdk.scheduleNewOrchestrationInstance("Echo", new NewOrchestrationInstanceOptions().setInstanceId(prefix + "b")
                .setInput("b"));
        sdk.waitForInstanceStart(a, WAIT);
        sdk.waitForInstanceStart(b, WAIT);

        InstanceFilter mine = new InstanceFilter(Set.of(), null, null, prefix);
        assertThat(storage.query(mine, 10, null, false).instances()).extracting(InstanceRecord::instanceId)
                .containsExactlyInAnyOrder(a, b);
        assertThat(sdk.queryInstances(new OrchestrationStatusQuery().setInstanceIdPrefix(prefix)).getOrchestrationState())
                .extracting(OrchestrationMetadata::getInstanceId).containsExactlyInAnyOrder(a, b);

        sdk.terminate(a, "enough");
        storage.terminate(b, "\"enough\"");
        assertThat(sdk.waitForInstanceCompletion(b, WAIT, true).readOutputAs(String.class)).isEqualTo("enough");
        InstanceRecord terminated = awaitStored(a, OrchestrationStatus.TERMINATED);
        assertThat(terminated.output()).isEqualTo("\"enough\"");

        // Restarted through storage under its own id: the SDK sees a new execution with the same input.
        String again = storage.restart(b, false);
        assertThat(again).isEqualTo(b);
        assertThat(sdk.waitForInstanceStart(b, WAIT, true).readInputAs(String.class)).isEqualTo("b");
        sdk.terminate(b, null);
        sdk.waitForInstanceCompletion(b, WAIT, false);

        int purged = storage.purge(new InstanceFilter(Set.of(), before, null, prefix));
        assertThat(purged).isEqualTo(2);
        assertThat(List.of(a, b)).allSatisfy(id -> assertThat(sdk.getInstanceMetadata(id, false).isInstanceFound()).isFalse());
    }

    @Test
    void aScheduledStartThroughStorageWaitsForItsTimeWithATimerIndexRow() throws Exception {
        Instant at = Instant.now().plusSeconds(4);
        String id = storage.start(new NewOrchestration("", "Echo", null, "\"later\"", at));
        int partition = storage.names().partitionOf(id);
        List<TimerIndex.Entry> rows = rowsOf(id);
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.partition()).isEqualTo(partition);
            assertThat(row.due().toEpochMilli()).isEqualTo(at.toEpochMilli());
            assertThat(row.messageKey()).startsWith("start:");
            assertThat(row.rowKey()).startsWith(String.format("%020d|%s|start:", at.toEpochMilli(), id));
        });
        assertThat(sdk.getInstanceMetadata(id, false).getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.PENDING);

        sdk.waitForInstanceStart(id, WAIT);
        OrchestrationMetadata running = sdk.getInstanceMetadata(id, false);
        assertThat(running.getLastUpdatedAt()).as("not started before its time").isAfterOrEqualTo(at);
        Await.until(WAIT, "the start's timer-index row is deleted once it is consumed", () -> rowsOf(id).isEmpty(),
                () -> rowsOf(id).toString());
        sdk.terminate(id, null);
    }

    private static List<TimerIndex.Entry> rowsOf(String instanceId) {
        return timers.pending(1000).stream().filter(e -> e.instanceId().equals(instanceId)).collect(Collectors.toList());
    }

    private static InstanceRecord awaitStored(String id, OrchestrationStatus status) {
        return Await.value(WAIT, id + " is " + status + " in the instances table", () -> {
            InstanceRecord r = storage.get(id);
            return r != null && r.status() == status ? r : null;
        });
    }

    private static void awaitSdk(String id, OrchestrationRuntimeStatus status) {
        Await.until(WAIT, id + " is " + status + " to the SDK client",
                () -> sdk.getInstanceMetadata(id, false).getRuntimeStatus() == status);
    }

    static TaskOrchestrationFactory orchestration(String name, TaskOrchestration body) {
        return new TaskOrchestrationFactory() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public TaskOrchestration create() {
                return body;
            }
        };
    }
}
