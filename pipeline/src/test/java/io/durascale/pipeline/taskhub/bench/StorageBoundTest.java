package io.durascale.pipeline.taskhub.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.durascale.pipeline.taskhub.StorageOps.Kind;
import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The storage bound replays a workload's counted operations: the replay must make the same kinds
 * in the same proportions (or the bound describes some other workload), keep the queues as deep
 * as the workload did, and leave nothing behind.
 */
@ExtendWith(StorageExtension.class)
class StorageBoundTest {

    /** HelloCities5 as the hub counts it for 1,000 orchestrations, with some time-driven operations. */
    private static Map<Kind, Long> helloCities() {
        Map<Kind, Long> ops = new EnumMap<>(Kind.class);
        ops.put(Kind.QUEUE_SEND, 6000L);
        ops.put(Kind.QUEUE_DELETE, 6000L);
        ops.put(Kind.QUEUE_RECEIVE, 81L);
        ops.put(Kind.TABLE_BATCH, 6000L);
        ops.put(Kind.TABLE_WRITE, 3000L);
        ops.put(Kind.BLOB_LEASE, 5L);
        ops.put(Kind.BLOB_LIST, 1L);
        ops.put(Kind.QUEUE_METADATA, 12L);
        return ops;
    }

    @Test
    void theScheduleMakesExactlyTheCountedOperationsOverAllUnits() {
        Map<Kind, Long> ops = helloCities();
        Map<Kind, Long> made = new EnumMap<>(Kind.class);
        for (long unit = 0; unit < 1000; unit++) {
            StorageBound.schedule(ops, 1000, unit).forEach(k -> made.merge(k, 1L, Long::sum));
        }
        // Leases, listings and metadata follow time, not work: not replayed.
        assertThat(made).containsExactlyInAnyOrderEntriesOf(Map.of(Kind.QUEUE_SEND, 6000L, Kind.QUEUE_DELETE, 6000L,
                Kind.QUEUE_RECEIVE, 81L, Kind.TABLE_BATCH, 6000L, Kind.TABLE_WRITE, 3000L));
    }

    @Test
    void aUnitInterleavesItsKindsAndSendsBeforeItDeletes() {
        List<Kind> unit = StorageBound.schedule(helloCities(), 1000, 0);
        assertThat(unit).hasSize(21);
        assertThat(unit.subList(0, 4)).containsExactlyInAnyOrder(Kind.QUEUE_SEND, Kind.QUEUE_DELETE, Kind.TABLE_BATCH,
                Kind.TABLE_WRITE);
        for (int i = 0; i < unit.size(); i++) {
            if (unit.get(i) == Kind.QUEUE_DELETE) {
                long sends = unit.subList(0, i).stream().filter(k -> k == Kind.QUEUE_SEND).count();
                long deletes = unit.subList(0, i).stream().filter(k -> k == Kind.QUEUE_DELETE).count();
                assertThat(sends).as("sends before delete %d", i).isGreaterThan(deletes);
            }
        }
    }

    @Test
    void aSingleLongOrchestrationIsReplayedAsOneUnit() {
        Map<Kind, Long> fanOut = Map.of(Kind.QUEUE_SEND, 1001L, Kind.QUEUE_DELETE, 1001L, Kind.TABLE_BATCH, 24L);
        assertThat(StorageBound.schedule(fanOut, 1, 0)).hasSize(2026);
        assertThat(StorageBound.schedule(fanOut, 1, 7)).hasSize(2026);
    }

    @Test
    void theBoundIsTheRawRateOverOperationsPerOrchestration() {
        StorageBound.Mix mix = new StorageBound.Mix(2100, Map.of());
        // 21,081 replayed operations for 1,000 orchestrations: the leases and listings do not count.
        assertThat(mix.bound(helloCities(), 1000)).isCloseTo(2100 * 1000 / 21081.0, within(1e-9));
    }

    @Test
    void theReplayMakesTheWorkloadsProportionsAndCleansUp(TestStorage storage) throws Exception {
        StorageBound bound = new StorageBound(storage.account(), Duration.ofMillis(200));
        StorageBound.Mix mix = bound.measureMix(helloCities(), 1000, 40, 4, Duration.ofSeconds(2));

        Map<Kind, Long> made = mix.executed();
        long batches = made.getOrDefault(Kind.TABLE_BATCH, 0L);
        assertThat(batches).as("table transactions made in 2 s").isGreaterThan(20);
        // Each thread stops mid-orchestration at the deadline: at most one unit's worth off per thread.
        assertThat(made.get(Kind.QUEUE_SEND)).isCloseTo(batches, within(4L * 6));
        assertThat(made.get(Kind.QUEUE_DELETE)).isCloseTo(batches, within(4L * 6));
        assertThat(made.get(Kind.TABLE_WRITE) * 2).isCloseTo(batches, within(4L * 6));
        assertThat(made).containsEntry(Kind.BLOB_LEASE, 0L).containsEntry(Kind.BLOB_LIST, 0L)
                .containsEntry(Kind.QUEUE_METADATA, 0L).containsEntry(Kind.BLOB_WRITE, 0L);
        assertThat(mix.operationsPerSecond()).isPositive();
        assertThat(mix.bound(helloCities(), 1000)).isPositive().isFinite();

        assertThat(storage.tables().listTables().stream().map(t -> t.getName()).filter(n -> n.startsWith("Mix")))
                .as("the replay's tables are deleted").isEmpty();
    }
}
