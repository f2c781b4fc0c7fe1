package io.durascale.pipeline.scaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.queue.QueueClient;
import io.durascale.pipeline.local.FakeClock;
import io.durascale.pipeline.taskhub.TaskHubNames;
import io.durascale.storage.StorageAccount;
import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the monitor reads from real queues and a real timer index (Azurite): visible, held and delayed messages,
 * and the timers that are not work yet.
 */
@ExtendWith(StorageExtension.class)
class TaskHubMonitorTest {

    private static final Duration WINDOW = Duration.ofSeconds(30);

    private final FakeClock clock = new FakeClock();
    private final AtomicInteger reads = new AtomicInteger();
    private TestStorage storage;
    private TaskHubNames names;
    private TaskHubMonitor monitor;
    private TimerRows timers;

    @BeforeEach
    void hub(TestStorage storage) {
        this.storage = storage;
        this.names = new TaskHubNames(storage.tableName("Hub"), 4);
        this.monitor = new TaskHubMonitor(storage.account(), names, clock, (hub, took, ok) -> reads.incrementAndGet());
        this.timers = TimerRows.of(storage, names);
    }

    @Test
    void aHubWhoseQueuesDoNotExistYetReadsEmpty() {
        TaskHubReading reading = monitor.read(WINDOW);
        assertThat(reading.controlQueues()).hasSize(4).allSatisfy(q -> assertThat(q.messages()).isZero());
        assertThat(reading.workItems()).isZero();
        assertThat(reading.at()).isEqualTo(clock.instant());
    }

    @Test
    void visibleAndHeldMessagesCountBothOfThem() {
        QueueClient control = queue(names.controlQueue(2));
        QueueClient workItems = queue(names.workItemQueue());
        control.sendMessage("start");
        control.sendMessage("event");
        workItems.sendMessage("activity");
        // A host receives (holds) one control message: invisible, and still work.
        assertThat(control.receiveMessage()).isNotNull();

        TaskHubReading reading = monitor.read(WINDOW);
        assertThat(reading.controlQueues().get(2).messages()).isEqualTo(2);
        assertThat(reading.controlMessages()).isEqualTo(2);
        assertThat(reading.partitionsWithMessages()).isEqualTo(1);
        assertThat(reading.workItems()).isEqualTo(1);
    }

    @Test
    void aDelayedTimerCountsOnlyOnceItIsDueWithinTheWindow() {
        QueueClient control = queue(names.controlQueue(1));
        // A durable timer due in 2 minutes: the task hub sends it invisible for that long and indexes it.
        control.sendMessageWithResponse(com.azure.core.util.BinaryData.fromString("timer"), Duration.ofMinutes(2), null,
                null, null);
        timers.add(1, clock.instant().plus(Duration.ofMinutes(2)), "i1", "t1");
        assertThat(control.peekMessage()).as("peeking cannot see it").isNull();

        TaskHubReading early = monitor.read(WINDOW);
        assertThat(early.controlQueues().get(1).messages()).isEqualTo(1);
        assertThat(early.controlQueues().get(1).timersLater()).isEqualTo(1);
        assertThat(early.controlMessages()).as("not work before the window reaches it").isZero();

        clock.advance(Duration.ofSeconds(95));
        TaskHubReading soon = monitor.read(WINDOW);
        assertThat(soon.controlQueues().get(1).timersLater()).isZero();
        assertThat(soon.controlMessages()).as("due within the window: work now").isEqualTo(1);

        TaskHubReading wider = monitor.read(Duration.ofMinutes(5));
        assertThat(wider.controlMessages()).as("a longer polling interval looks further ahead").isEqualTo(1);
    }

    @Test
    void aDelayedMessageTheIndexDoesNotKnowCountsAsWork() {
        QueueClient control = queue(names.controlQueue(0));
        control.sendMessageWithResponse(com.azure.core.util.BinaryData.fromString("timer"), Duration.ofMinutes(10), null,
                null, null);
        assertThat(monitor.read(WINDOW).controlMessages()).as("the safe side: a host wakes rather than a timer is missed")
                .isEqualTo(1);
    }

    @Test
    void aFreshReadingAnswersTheNextQuestionAboutTheSameWindow() {
        TaskHubReading first = monitor.read(WINDOW);
        clock.advance(Duration.ofMillis(999));
        assertThat(monitor.read(WINDOW)).isSameAs(first);
        assertThat(reads).hasValue(1);
        assertThat(monitor.read(Duration.ofSeconds(60))).as("another window is another reading").isNotSameAs(first);
        clock.advance(Duration.ofMillis(1));
        assertThat(monitor.read(WINDOW)).isNotSameAs(first);
        assertThat(reads).hasValue(3);
    }

    @Test
    void unreachableStorageIsOneLineNamingTheHub() {
        StorageAccount nowhere = StorageAccount.of("DefaultEndpointsProtocol=http;AccountName=x;AccountKey=c2VjcmV0;"
                + "QueueEndpoint=http://127.0.0.1:9/x;TableEndpoint=http://127.0.0.1:9/x;BlobEndpoint=http://127.0.0.1:9/x");
        TaskHubMonitor unreachable = new TaskHubMonitor(nowhere, names, clock, TaskHubMonitor.ReadListener.NONE);
        assertThatThrownBy(() -> unreachable.read(WINDOW)).isInstanceOf(TaskHubUnavailableException.class)
                .hasMessageStartingWith("cannot read task hub " + names.hub() + ": ")
                .hasMessageNotContaining("c2VjcmV0")
                .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
    }

    private QueueClient queue(String name) {
        QueueClient queue = storage.queues().getQueueClient(name);
        queue.createIfNotExists();
        storage.deleteAfterwards(queue::deleteIfExists);
        return queue;
    }
}
