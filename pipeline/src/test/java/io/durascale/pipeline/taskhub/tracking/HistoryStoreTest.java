package io.durascale.pipeline.taskhub.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.data.tables.models.ListEntitiesOptions;
import io.durascale.pipeline.taskhub.StorageOps;
import io.durascale.pipeline.taskhub.StorageOps.Kind;
import io.durascale.pipeline.taskhub.TaskHubNames;
import io.durascale.pipeline.taskhub.model.HistoryEvent.EventRaised;
import io.durascale.pipeline.taskhub.storage.TableKeys;
import io.durascale.pipeline.taskhub.storage.TaskHubStorage;
import io.durascale.pipeline.taskhub.tracking.HistoryStore.CommitConflictException;
import io.durascale.pipeline.taskhub.tracking.HistoryStore.StoredEvent;
import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two owners of one instance's history (a partition changing hands, or both believing they own
 * it): whoever loaded a version someone else has committed over must not commit — whatever its
 * episode looks like — and the stored history is exactly the winner's.
 */
@ExtendWith(StorageExtension.class)
class HistoryStoreTest {

    private static final String ID = "instance/1";
    private static final String EXEC = "exec-1";
    /** More rows than one transaction takes: the append claims the range first. */
    private static final int MANY = TaskHubStorage.MAX_BATCH + 50;

    private TestStorage storage;
    private TaskHubNames names;
    private HistoryStore a;
    private HistoryStore b;

    @BeforeEach
    void hub(TestStorage storage) {
        this.storage = storage;
        names = new TaskHubNames("Hist" + storage.tableName("h").substring(1, 9), 1);
        storage.tables().createTableIfNotExists(names.historyTable());
        storage.deleteAfterwards(() -> storage.tables().deleteTable(names.historyTable()));
        a = writer(new StorageOps());
        b = writer(new StorageOps());
    }

    @Test
    void aStaleSingleTransactionAppendConflicts() {
        start(a, EXEC, events("start", 3));
        View seenByA = load(a);
        append(b, load(b), events("b", 2));
        // Both wrote row 3: this one collides on the row key as well as on the sentinel.
        assertThatThrownBy(() -> append(a, seenByA, events("a", 2))).isInstanceOf(CommitConflictException.class);
        assertThat(stored()).containsExactly("start-0", "start-1", "start-2", "b-0", "b-1");

        // Rows that would not collide: B's episode committed no events, only the sentinel tells.
        View seenAgainByA = load(a);
        append(b, load(b), List.of());
        assertThatThrownBy(() -> append(a, seenAgainByA, events("a", 2))).isInstanceOf(CommitConflictException.class);
        assertThat(stored()).containsExactly("start-0", "start-1", "start-2", "b-0", "b-1");

        // Purged and started again meanwhile: A's rows (5, 6) are free, its sentinel is gone.
        View seenLastByA = load(a);
        b.delete(ID);
        start(b, "exec-2", events("again", 1));
        assertThatThrownBy(() -> append(a, seenLastByA, events("a", 2))).isInstanceOf(CommitConflictException.class);
        assertThat(stored()).containsExactly("again-0");
    }

    @Test
    void aStaleZeroEventAppendConflicts() {
        start(a, EXEC, events("start", 3));
        View seenByA = load(a);
        append(b, load(b), events("b", 2));
        // Writes only the sentinel: unconditionally, it would move NextSeq back over B's events.
        assertThatThrownBy(() -> append(a, seenByA, List.of())).isInstanceOf(CommitConflictException.class);
        assertThat(stored()).containsExactly("start-0", "start-1", "start-2", "b-0", "b-1");
    }

    @Test
    void aStaleMultiTransactionAppendConflictsAtItsClaim() {
        start(a, EXEC, events("start", 3));
        View seenByA = load(a);
        append(b, load(b), List.of());
        assertThatThrownBy(() -> append(a, seenByA, events("a", MANY))).isInstanceOf(CommitConflictException.class);
        assertThat(stored()).containsExactly("start-0", "start-1", "start-2");
        assertThat(rowsInPartition()).as("the claim failed as a whole: no row of A's").isEqualTo(3 + 1);

        View seenAgainByA = load(a);
        append(b, load(b), events("b", MANY));
        assertThatThrownBy(() -> append(a, seenAgainByA, events("a", MANY))).isInstanceOf(CommitConflictException.class);
        assertThat(stored()).hasSize(3 + MANY).contains("b-0", "b-" + (MANY - 1)).noneMatch(e -> e.startsWith("a-"));
    }

    @Test
    void aClaimEndedByANewOwnersLoadCannotCommit() {
        start(a, EXEC, events("start", 3));
        View seenByA = load(a);
        a.afterClaim = () -> {
            // A new owner loads while the claim is pending: it ends the claim and removes A's rows.
            assertThat(load(b).nextSeq()).isEqualTo(3);
            assertThat(rowsInPartition()).isEqualTo(3 + 1);
        };
        assertThatThrownBy(() -> append(a, seenByA, events("a", MANY))).isInstanceOf(CommitConflictException.class);
        assertThat(stored()).containsExactly("start-0", "start-1", "start-2");
    }

    @Test
    void aClaimEndedByANewOwnerWhoCommitsCannotCommitToo() {
        start(a, EXEC, events("start", 3));
        View seenByA = load(a);
        a.afterClaim = () -> append(b, load(b), events("b", 2));
        assertThatThrownBy(() -> append(a, seenByA, events("a", MANY))).isInstanceOf(CommitConflictException.class);
        assertThat(stored()).containsExactly("start-0", "start-1", "start-2", "b-0", "b-1");

        // A's rows written after its claim was ended are in B's way; B's next load removes them.
        View seenByB = load(b);
        append(b, seenByB, events("c", MANY));
        assertThat(stored()).hasSize(5 + MANY).noneMatch(e -> e.startsWith("a-"));
        assertThat(rowsInPartition()).isEqualTo(5 + MANY + 1);
    }

    @Test
    void readingForAToolLeavesAPendingClaimAlone() {
        start(a, EXEC, events("start", 3));
        View seenByA = load(a);
        a.afterClaim = () -> assertThat(b.read(ID).nextSeq()).isEqualTo(3);
        append(a, seenByA, events("a", MANY));
        assertThat(stored()).hasSize(3 + MANY);
    }

    @Test
    void anOwnerAppendsOnTheETagItsLastCommitReturnedWithoutReadingAnything() {
        StorageOps ops = new StorageOps();
        HistoryStore owner = writer(ops);
        View view = start(owner, EXEC, events("start", 3));
        Map<Kind, Long> before = ops.snapshot();
        view = append(owner, view, events("e", 2));
        view = append(owner, view, List.of());
        view = append(owner, view, events("m", MANY));
        Map<Kind, Long> used = StorageOps.difference(ops.snapshot(), before);
        assertThat(used.get(Kind.TABLE_READ) + used.get(Kind.TABLE_QUERY)).isZero();
        // The last: claim, the other 50 rows, commit.
        assertThat(used.get(Kind.TABLE_BATCH)).isEqualTo(1 + 1 + 3);
        assertThat(view.etag()).isNotNull().isEqualTo(owner.load(ID).etag());
        assertThat(stored()).hasSize(5 + MANY);
    }

    // ---- the writers' side: what a writer knows, how it loads and appends ----

    /** What a writer knows of the stored history: its range, and the sentinel's ETag. */
    private record View(String executionId, long firstSeq, long nextSeq, String etag) {
    }

    private HistoryStore writer(StorageOps ops) {
        return new HistoryStore(new TaskHubStorage(storage.account(), names, ops));
    }

    private static View load(HistoryStore store) {
        HistoryStore.Loaded loaded = store.load(ID);
        return new View(loaded.executionId(), loaded.nextSeq() - loaded.events().size(), loaded.nextSeq(), loaded.etag());
    }

    private static View append(HistoryStore store, View view, List<StoredEvent> events) {
        HistoryStore.Committed committed = store.append(ID, view.executionId(), view.firstSeq(), view.nextSeq(),
                view.etag(), events);
        return new View(view.executionId(), view.firstSeq(), committed.nextSeq(), committed.etag());
    }

    /** A new instance (or a new start after a purge): no history loaded. */
    private static View start(HistoryStore store, String executionId, List<StoredEvent> events) {
        return append(store, new View(executionId, 0, 0, null), events);
    }

    /** The committed events, as a third process reads them. */
    private List<String> stored() {
        return writer(new StorageOps()).read(ID).events().stream()
                .map(e -> ((EventRaised) e.event()).name()).toList();
    }

    private long rowsInPartition() {
        ListEntitiesOptions options = new ListEntitiesOptions()
                .setFilter("PartitionKey eq '" + HistoryStore.odata(TableKeys.escape(ID)) + "'");
        return storage.tables().getTableClient(names.historyTable()).listEntities(options, null, null).stream().count();
    }

    private static List<StoredEvent> events(String tag, int count) {
        List<StoredEvent> events = new ArrayList<>(count);
        IntStream.range(0, count).forEach(i -> events.add(new StoredEvent(new EventRaised(i, null, tag + "-" + i, null), null)));
        return events;
    }
}
