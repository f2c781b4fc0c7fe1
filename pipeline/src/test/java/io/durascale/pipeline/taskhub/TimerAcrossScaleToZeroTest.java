package io.durascale.pipeline.taskhub;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.durabletask.DurableTaskGrpcWorkerBuilder;
import io.durascale.pipeline.taskhub.model.InstanceRecord;
import io.durascale.pipeline.taskhub.model.NewOrchestration;
import io.durascale.pipeline.taskhub.model.OrchestrationStatus;
import io.durascale.pipeline.taskhub.storage.TaskHubStorage;
import io.durascale.pipeline.taskhub.storage.TimerIndex;
import io.durascale.testkit.Await;
import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A durable timer longer than the orchestration tier's life: an orchestration waits on a 30 s timer, every host
 * scales in during the wait (nothing is visible in any queue then, so queue depth alone would leave the tier at
 * zero), and the test plays KEDA — it reads the timer index, and starts a host when a timer is due within its
 * polling interval. The orchestration completes after its timer's time.
 */
@ExtendWith(StorageExtension.class)
class TimerAcrossScaleToZeroTest {

    private static final Duration TIMER = Duration.ofSeconds(30);
    /** How far ahead the scaler looks: a timer due within one polling interval wakes the tier now. */
    private static final Duration POLLING_INTERVAL = Duration.ofSeconds(5);

    private final List<OrchestrationHost> hosts = new ArrayList<>();

    @AfterEach
    void stopHosts() {
        hosts.forEach(OrchestrationHost::close);
    }

    @Test
    void anOrchestrationWaitingOnATimerCompletesAfterTheTierWentToZero(TestStorage storage) throws Exception {
        String hub = storage.tableName("Zero");
        storage.deleteAfterwards(() -> TaskHubStorage.deleteHub(storage.account(), new TaskHubNames(hub, 4)));
        TaskHubSettings settings = TaskHubSettings.builder().hubName(hub).build();
        // The API's path: the start is written into storage while no host runs.
        TaskHubClient client = TaskHubClient.connect(storage.account(), hub, settings.partitionCount());
        TaskHubNames names = client.names();
        TimerIndex index = new TimerIndex(new TaskHubStorage(storage.account(), names, new StorageOps()));
        String id = client.start(new NewOrchestration("", "Nap", null, "\"zzz\"", null));
        assertThat(visibleControlMessages(storage, names)).as("the start waits in its control queue").isEqualTo(1);

        OrchestrationHost first = startHost(storage, settings);
        Await.until(Duration.ofSeconds(60), "the orchestration waits on its timer", () -> running(client, id)
                && !index.pending(10).isEmpty(), () -> String.valueOf(client.get(id)));
        TimerIndex.Entry timer = index.pending(10).get(0);
        assertThat(timer.instanceId()).isEqualTo(id);
        assertThat(timer.partition()).isEqualTo(names.partitionOf(id));

        first.close(); // SIGTERM's path: scale in, hand the timer back invisible until it is due, release the leases
        assertThat(first.scaleIn().unfinished()).isZero();
        Instant due = timer.due();
        assertThat(Instant.now()).as("the tier is at zero before the timer is due").isBefore(due.minus(POLLING_INTERVAL));
        assertThat(visibleControlMessages(storage, names) + visible(storage, names.workItemQueue()))
                .as("nothing is visible in the queues while the timer waits").isZero();
        assertThat(index.pending(10)).containsExactly(timer);

        // KEDA, played: poll the index until a timer is due within one polling interval, then start a host.
        Await.until(TIMER.plusSeconds(30), "the timer index says a timer is due",
                () -> !index.dueBefore(Instant.now().plus(POLLING_INTERVAL), 10).isEmpty());
        assertThat(Instant.now()).isAfter(due.minus(POLLING_INTERVAL).minusSeconds(1));
        startHost(storage, settings);

        InstanceRecord done = Await.value(Duration.ofSeconds(60), "the orchestration completes", () -> {
            InstanceRecord r = client.get(id);
            return r != null && r.isTerminal() ? r : null;
        });
        assertThat(done.status()).isEqualTo(OrchestrationStatus.COMPLETED);
        assertThat(done.output()).isEqualTo("\"rested after zzz\"");
        assertThat(done.completedTime()).as("not before its timer's time").isAfterOrEqualTo(due);
        Await.until(Duration.ofSeconds(30), "the timer's index row is deleted", () -> index.pending(10).isEmpty());
        System.out.printf("timer across zero: due %s, completed %s (%d ms after its time)%n", due, done.completedTime(),
                Duration.between(due, done.completedTime()).toMillis());
    }

    private OrchestrationHost startHost(TestStorage storage, TaskHubSettings settings) {
        TaskHubServer server = TaskHubServer.start(storage.account(), settings, "127.0.0.1", 0);
        WorkerRunner worker = WorkerRunner.start(new DurableTaskGrpcWorkerBuilder().port(server.port())
                .addOrchestration(ClientPathsTest.orchestration("Nap", ctx -> {
                    String input = ctx.getInput(String.class);
                    ctx.createTimer(TIMER).await();
                    ctx.complete("rested after " + input);
                })).build(), "nap-worker");
        OrchestrationHost host = new OrchestrationHost(server, Duration.ofSeconds(10), List.of(worker), line -> { });
        hosts.add(host);
        return host;
    }

    private static boolean running(TaskHubClient client, String id) {
        InstanceRecord r = client.get(id);
        return r != null && r.status() == OrchestrationStatus.RUNNING;
    }

    private static long visibleControlMessages(TestStorage storage, TaskHubNames names) {
        return names.controlQueues().stream().mapToLong(q -> visible(storage, q)).sum();
    }

    private static long visible(TestStorage storage, String queue) {
        return storage.queues().getQueueClient(queue).peekMessages(32, null, null).stream().count();
    }
}
