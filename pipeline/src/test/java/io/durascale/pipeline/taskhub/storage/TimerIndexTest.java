package io.durascale.pipeline.taskhub.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.durabletask.OrchestrationRuntimeStatus;
import com.microsoft.durabletask.TaskOrchestration;
import com.microsoft.durabletask.TaskOrchestrationFactory;
import io.durascale.pipeline.taskhub.StorageOps;
import io.durascale.pipeline.taskhub.TaskHubNames;
import io.durascale.pipeline.taskhub.TaskHubSettings;
import io.durascale.pipeline.taskhub.model.HistoryEvent.EventRaised;
import io.durascale.pipeline.taskhub.model.HistoryEvent.ExecutionStarted;
import io.durascale.pipeline.taskhub.model.HistoryEvent.TimerFired;
import io.durascale.pipeline.taskhub.model.OrchestrationInstance;
import io.durascale.pipeline.taskhub.storage.TaskHubMessages.ControlMessage;
import io.durascale.pipeline.testing.TaskHubFixture;
import io.durascale.testkit.Await;
import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The timer index: which messages get a row, its keys, and that a hub writes and removes rows as it works. */
@ExtendWith(StorageExtension.class)
class TimerIndexTest {

    private static final Instant SENT = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void onlyTimersAndScheduledStartsDueAfterTheyWereSentGetARow() {
        Instant later = SENT.plusSeconds(30);
        TimerIndex.Entry timer = TimerIndex.entryOf(message("i/1", new TimerFired(-1, later, later, 3), "timer:e:3"), 2)
                .orElseThrow();
        assertThat(timer.partitionKey()).isEqualTo("02");
        assertThat(timer.rowKey()).isEqualTo(String.format("%020d", later.toEpochMilli()) + "|i^01|timer:e:3");
        assertThat(timer.due()).isEqualTo(later);

        assertThat(TimerIndex.entryOf(message("i", start(later), "start:e"), 0)).get()
                .extracting(TimerIndex.Entry::messageKey).isEqualTo("start:e");
        // A timer already due, a start not scheduled or carrying a past time (continue-as-new), an event: due at once.
        assertThat(TimerIndex.entryOf(message("i", new TimerFired(-1, SENT, SENT.minusMillis(1), 3), "k"), 0)).isEmpty();
        assertThat(TimerIndex.entryOf(message("i", start(null), "k"), 0)).isEmpty();
        assertThat(TimerIndex.entryOf(message("i", start(SENT.minusSeconds(60)), "k"), 0)).isEmpty();
        assertThat(TimerIndex.entryOf(message("i", new EventRaised(-1, SENT, "E", null), "k"), 0)).isEmpty();
    }

    @Test
    void rowKeysSortByDueTimeAndHoldNoForbiddenCharacter() {
        Instant t = Instant.parse("2026-03-01T12:00:00Z");
        assertThat(new TaskHubNames("DurascaleHub", 4).timersTable()).isEqualTo("DurascaleHubTimers");
        assertThat(TimerIndex.partitionKey(3)).isEqualTo("03");
        assertThat(TimerIndex.rowKey(t, "batch-1", "m1")).isEqualTo("00000001772366400000|batch-1|m1");
        assertThat(TimerIndex.rowKey(Instant.ofEpochMilli(5), "a", "b")).isEqualTo("00000000000000000005|a|b");
        // '/', '\', '#', '?' and control characters are not allowed in a RowKey: escaped as every task hub key is.
        String escaped = TimerIndex.rowKey(t, "a/b\\c#d?e|f%g\th", "x");
        assertThat(escaped).isEqualTo("00000001772366400000|a^0b^1c^2d^3e|f%g^\u00C9h|x")
                .doesNotContain("/", "\\", "#", "?", "\t");
        assertThat(TableKeys.unescape(escaped.substring(21, escaped.length() - 2))).isEqualTo("a/b\\c#d?e|f%g\th");
        assertThat(TimerIndex.rowKey(t.plusMillis(1), "a", "b")).isGreaterThan(TimerIndex.rowKey(t, "zzz", "zzz"));
        assertThat(TimerIndex.dueAfter(2, t)).isEqualTo("PartitionKey eq '02' and RowKey ge '00000001772366400001'");
    }

    @Test
    void rowsSortByDueTimeAndAreFoundByIt(TestStorage storage) {
        TaskHubStorage hub = hub(storage, storage.tableName("TimerRows"));
        storage.deleteAfterwards(hub::deleteHub);
        TimerIndex index = new TimerIndex(hub);
        Instant now = Instant.now();
        TimerIndex.Entry soon = new TimerIndex.Entry(1, now.plusSeconds(5), "a", "timer:x:1");
        TimerIndex.Entry late = new TimerIndex.Entry(0, now.plusSeconds(500), "b", "timer:y:2");
        TimerIndex.Entry old = new TimerIndex.Entry(1, now.minus(Duration.ofHours(1)), "c", "start:z");
        List.of(soon, late, old).forEach(index::add);
        index.add(soon); // a long timer re-sent: the same row

        assertThat(index.pending(10)).hasSize(3);
        assertThat(index.dueBefore(now.plusSeconds(60), 10)).extracting(TimerIndex.Entry::instanceId)
                .containsExactlyInAnyOrder("a", "c");
        assertThat(hub.ops().get(StorageOps.Kind.TABLE_WRITE)).isEqualTo(4);

        assertThat(index.removeOverdue(1, now.minus(Duration.ofMinutes(5)))).isEqualTo(1);
        index.remove(soon);
        index.remove(soon); // gone already: not an error
        assertThat(index.pending(10)).extracting(TimerIndex.Entry::instanceId).containsExactly("b");
    }

    @Test
    void aHubIndexesADurableTimerWhileItWaitsAndCleansUpWhatNothingStandsFor(TestStorage storage) throws Exception {
        String name = storage.tableName("TimerHub");
        TaskHubStorage probe = hub(storage, name); // the fixture deletes it afterwards
        TimerIndex index = new TimerIndex(probe);
        // A row whose message never went out (its send failed), long overdue: the partition's next owner removes it.
        index.add(new TimerIndex.Entry(0, Instant.now().minus(Duration.ofHours(2)), "orphan", "timer:o:1"));
        try (TaskHubFixture fixture = TaskHubFixture.builder(storage).settings(TaskHubSettings.builder().hubName(name).build())
                .worker(w -> w.addOrchestration(orchestration("Nap", ctx -> {
                    ctx.createTimer(Duration.ofSeconds(3)).await();
                    ctx.complete("rested");
                }))).start()) {
            assertThat(index.pending(10)).as("the orphan is gone once the hub owns its partition").isEmpty();
            String id = fixture.client().scheduleNewOrchestrationInstance("Nap");
            fixture.client().waitForInstanceStart(id, Duration.ofSeconds(30));
            TimerIndex.Entry row = Await.value(Duration.ofSeconds(30), "the timer's row", () ->
                    index.pending(10).stream().filter(e -> e.instanceId().equals(id)).findFirst().orElse(null));
            assertThat(row.partition()).isEqualTo(TaskHubNames.partitionOf(id, 4));
            assertThat(row.messageKey()).startsWith("timer:").endsWith(":0");
            assertThat(row.due()).isAfter(Instant.now().minusSeconds(1));

            var done = fixture.client().waitForInstanceCompletion(id, Duration.ofSeconds(30), true);
            assertThat(done.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
            Await.until(Duration.ofSeconds(30), "the row goes once the timer is consumed", () -> index.pending(10).isEmpty(),
                    () -> index.pending(10).toString());
        }
    }

    private static TaskHubStorage hub(TestStorage storage, String name) {
        TaskHubNames names = new TaskHubNames(name, 4);
        TaskHubStorage hub = new TaskHubStorage(storage.account(), names, new StorageOps());
        hub.createIfMissing();
        return hub;
    }

    private static ControlMessage message(String instanceId, io.durascale.pipeline.taskhub.model.HistoryEvent event, String key) {
        return new ControlMessage(instanceId, "e", List.of(event), key, SENT.getEpochSecond() * 1_000_000L);
    }

    private static ExecutionStarted start(Instant scheduled) {
        return new ExecutionStarted(-1, SENT, "O", null, null, new OrchestrationInstance("i", "e"), null, scheduled, null);
    }

    private static TaskOrchestrationFactory orchestration(String name, TaskOrchestration body) {
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
