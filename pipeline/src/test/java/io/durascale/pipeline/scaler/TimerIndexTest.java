package io.durascale.pipeline.scaler;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The timer index's keys, and its range count against Azurite. */
@ExtendWith(StorageExtension.class)
class TimerIndexTest {

    private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void rowKeysSortByDueTimeAndHoldNoForbiddenCharacter() {
        assertThat(TimerIndex.tableName("DurascaleHub")).isEqualTo("DurascaleHubTimers");
        assertThat(TimerIndex.partitionKey(3)).isEqualTo("03");
        assertThat(TimerIndex.rowKey(T, "batch-1", "m1")).isEqualTo("00000001772366400000|batch-1|m1");
        assertThat(TimerIndex.rowKey(Instant.ofEpochMilli(5), "a", "b")).isEqualTo("00000000000000000005|a|b");
        // '/', '\', '#', '?' and control characters are not allowed in a RowKey; '|' separates, '%' escapes.
        assertThat(TimerIndex.rowKey(T, "a/b\\c#d?e|f%g\th", "x"))
                .isEqualTo("00000001772366400000|a%2Fb%5Cc%23d%3Fe%7Cf%25g%09h|x");
        assertThat(TimerIndex.rowKey(T.plusMillis(1), "a", "b")).isGreaterThan(TimerIndex.rowKey(T, "zzz", "zzz"));
    }

    @Test
    void countsAPartitionsTimersDueStrictlyAfterAnInstantUpToAMaximum(TestStorage storage) {
        String hub = storage.tableName("Hub");
        TimerIndex index = TimerIndex.of(storage.account(), hub);
        storage.deleteAfterwards(() -> storage.tables().deleteTable(TimerIndex.tableName(hub)));
        assertThat(index.countDueAfter(0, T, 10)).as("no table yet").isZero();

        index.add(0, T.minusSeconds(5), "overdue", "m0");
        index.add(0, T, "exactly-now", "m1");
        index.add(0, T.plusMillis(1), "just-after", "m2");
        index.add(0, T.plusSeconds(3600), "in-an-hour", "m3");
        index.add(1, T.plusSeconds(60), "other-partition", "m4");

        assertThat(index.countDueAfter(0, T, 10)).isEqualTo(2);
        assertThat(index.countDueAfter(0, T, 1)).as("capped").isEqualTo(1);
        assertThat(index.countDueAfter(0, T, 0)).isZero();
        assertThat(index.countDueAfter(0, T.minus(Duration.ofMinutes(1)), 10)).isEqualTo(4);
        assertThat(index.countDueAfter(1, T, 10)).isEqualTo(1);
        assertThat(index.countDueAfter(2, T, 10)).isZero();

        index.remove(0, T.plusSeconds(3600), "in-an-hour", "m3");
        index.remove(0, T.plusSeconds(3600), "in-an-hour", "m3");
        assertThat(index.countDueAfter(0, T, 10)).isEqualTo(1);
    }
}
