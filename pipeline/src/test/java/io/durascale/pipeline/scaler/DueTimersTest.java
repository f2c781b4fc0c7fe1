package io.durascale.pipeline.scaler;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.pipeline.taskhub.TaskHubNames;
import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The scaler's range count of the timers due later, against rows the task hub's writer puts in Azurite. */
@ExtendWith(StorageExtension.class)
class DueTimersTest {

    private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void countsAPartitionsTimersDueStrictlyAfterAnInstantUpToAMaximum(TestStorage storage) {
        TaskHubNames names = new TaskHubNames(storage.tableName("Hub"), 4);
        DueTimers timers = DueTimers.of(storage.account(), names);
        TimerRows rows = TimerRows.of(storage, names);
        assertThat(timers.tableName()).isEqualTo(names.timersTable());
        assertThat(timers.countDueAfter(0, T, 10)).as("no table yet").isZero();

        rows.add(0, T.minusSeconds(5), "overdue", "m0");
        rows.add(0, T, "exactly-now", "m1");
        rows.add(0, T.plusMillis(1), "just-after", "m2");
        rows.add(0, T.plusSeconds(3600), "in-an-hour", "m3");
        rows.add(1, T.plusSeconds(60), "other-partition", "m4");

        assertThat(timers.countDueAfter(0, T, 10)).isEqualTo(2);
        assertThat(timers.countDueAfter(0, T, 1)).as("capped").isEqualTo(1);
        assertThat(timers.countDueAfter(0, T, 0)).isZero();
        assertThat(timers.countDueAfter(0, T.minus(Duration.ofMinutes(1)), 10)).isEqualTo(4);
        assertThat(timers.countDueAfter(1, T, 10)).isEqualTo(1);
        assertThat(timers.countDueAfter(2, T, 10)).isZero();
        // Within the same millisecond is not after it: the count starts at the next one.
        assertThat(timers.countDueAfter(0, T.plusNanos(500_000), 10)).isEqualTo(2);

        rows.remove(0, T.plusSeconds(3600), "in-an-hour", "m3");
        rows.remove(0, T.plusSeconds(3600), "in-an-hour", "m3");
        assertThat(timers.countDueAfter(0, T, 10)).isEqualTo(1);
    }
}
