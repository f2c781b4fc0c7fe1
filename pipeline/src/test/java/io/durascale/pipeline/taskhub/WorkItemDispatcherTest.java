package io.durascale.pipeline.taskhub;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.pipeline.taskhub.model.WorkItem;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The dispatcher on its own: fair sharing between streams, hand-back on disconnect, stale completions. */
class WorkItemDispatcherTest {

    private static final SocketAddress A = new InetSocketAddress("127.0.0.1", 50001);
    private static final SocketAddress B = new InetSocketAddress("127.0.0.1", 50002);

    private final WorkItemDispatcher dispatcher = new WorkItemDispatcher(4);

    @Test
    void aLateCompletionFromTheStreamThatWentAwayDoesNotTakeTheItemFromItsNewWorker() {
        FakeStream a = new FakeStream(A);
        dispatcher.connect(a);
        TestTicket ticket = ticket("o:instance-1");
        dispatcher.offer(ticket);
        assertThat(a.received).containsExactly("o:instance-1");

        FakeStream b = new FakeStream(B);
        dispatcher.connect(b);
        a.cancel(); // A's stream goes away while its worker still runs the item: handed back, re-dispatched to B
        assertThat(b.received).containsExactly("o:instance-1");
        assertThat(dispatcher.inFlightCount()).isEqualTo(1);

        // A's worker finishes and answers on its own connection: stale, and B's dispatch stays in flight.
        assertThat(dispatcher.complete("o:instance-1", A)).isNull();
        assertThat(dispatcher.inFlightCount()).isEqualTo(1);
        assertThat(dispatcher.freeCapacity()).isEqualTo(3);

        // B's answer is the one that counts.
        assertThat(dispatcher.complete("o:instance-1", B)).isSameAs(ticket);
        assertThat(dispatcher.inFlightCount()).isZero();
        assertThat(dispatcher.complete("o:instance-1", B)).isNull();
    }

    @Test
    void aStreamReopenedOnTheSameConnectionCompletesItsItems() {
        FakeStream first = new FakeStream(A);
        dispatcher.connect(first);
        TestTicket ticket = ticket("a:instance-1/3");
        dispatcher.offer(ticket);
        first.cancel();
        FakeStream again = new FakeStream(A);
        dispatcher.connect(again);
        assertThat(again.received).containsExactly("a:instance-1/3");
        assertThat(dispatcher.complete("a:instance-1/3", A)).isSameAs(ticket);
        assertThat(dispatcher.inFlightCount()).isZero();
    }

    @Test
    void withoutAKnownAddressCorrelationAloneDecides() {
        FakeStream a = new FakeStream(A);
        dispatcher.connect(a);
        TestTicket first = ticket("o:one");
        dispatcher.offer(first);
        assertThat(dispatcher.complete("o:one", null)).isSameAs(first);

        FakeStream unknown = new FakeStream(null);
        dispatcher.connect(unknown);
        a.cancel();
        TestTicket second = ticket("o:two");
        dispatcher.offer(second);
        assertThat(unknown.received).containsExactly("o:two");
        assertThat(dispatcher.complete("o:two", B)).isSameAs(second);
        // A completion whose connection is unknown is matched by correlation alone too.
        TestTicket third = ticket("o:three");
        dispatcher.offer(third);
        assertThat(dispatcher.complete("o:three", null)).isSameAs(third);
    }

    @Test
    void severalStreamsShareTheItemsEvenly() {
        WorkItemDispatcher roomy = new WorkItemDispatcher(100);
        List<FakeStream> streams = IntStream.range(0, 3)
                .mapToObj(i -> new FakeStream(new InetSocketAddress("127.0.0.1", 50010 + i))).toList();
        streams.forEach(roomy::connect);
        for (int i = 0; i < 30; i++) {
            roomy.offer(ticket("a:x/" + i));
        }
        // Equal load: round-robin, one each in turn.
        assertThat(streams).allSatisfy(s -> assertThat(s.received).hasSize(10));
        assertThat(streams.get(0).received).startsWith("a:x/0", "a:x/3", "a:x/6");
        assertThat(streams.get(1).received).startsWith("a:x/1", "a:x/4", "a:x/7");
        assertThat(streams.get(2).received).startsWith("a:x/2", "a:x/5", "a:x/8");

        // The stream that finished work gets the next items: least-loaded first.
        for (int i = 0; i < 3; i++) {
            assertThat(roomy.complete("a:x/" + (3 * i + 1), new InetSocketAddress("127.0.0.1", 50011))).isNotNull();
        }
        for (int i = 30; i < 33; i++) {
            roomy.offer(ticket("a:x/" + i));
        }
        assertThat(streams.get(1).received).endsWith("a:x/30", "a:x/31", "a:x/32");
        assertThat(streams).allSatisfy(s -> assertThat(s.received.size()).isIn(10, 13));
    }

    @Test
    void aBoundedStreamLeavesTheRestToOthersAndAStreamThatIsNotReadyIsSkipped() {
        FakeStream a = new FakeStream(A);
        FakeStream b = new FakeStream(B);
        dispatcher.connect(a);
        dispatcher.connect(b);
        b.ready = false;
        for (int i = 0; i < 6; i++) {
            dispatcher.offer(ticket("a:y/" + i));
        }
        assertThat(a.received).hasSize(4); // its bound
        assertThat(b.received).isEmpty();
        assertThat(dispatcher.readyCount()).isEqualTo(2);
        b.becomeReady();
        assertThat(b.received).containsExactly("a:y/4", "a:y/5");
    }

    @Test
    void aStreamThatBreaksWhileSendingHandsBackWhatItHeld() {
        FakeStream a = new FakeStream(A);
        dispatcher.connect(a);
        dispatcher.offer(ticket("o:first"));
        a.failNext = true;
        dispatcher.offer(ticket("o:second"));
        assertThat(dispatcher.inFlightCount()).isZero();
        assertThat(dispatcher.readyCount()).isEqualTo(2);
        a.cancel(); // the cancel handler that may follow changes nothing
        FakeStream b = new FakeStream(B);
        dispatcher.connect(b);
        assertThat(b.received).containsExactly("o:first", "o:second");
    }

    private static TestTicket ticket(String correlation) {
        return new TestTicket(correlation, new WorkItem.Activity(correlation, null, null, null, 0));
    }

    private record TestTicket(String correlation, WorkItem workItem) implements WorkItemDispatcher.Ticket {
    }

    /** A worker's stream as the dispatcher sees it; records the correlations it was sent. */
    private static final class FakeStream implements WorkItemStream {
        final List<String> received = new ArrayList<>();
        final SocketAddress remote;
        boolean ready = true;
        boolean failNext;
        private boolean cancelled;
        private Runnable onCancel = () -> { };
        private Runnable onReady = () -> { };

        FakeStream(SocketAddress remote) {
            this.remote = remote;
        }

        void cancel() {
            cancelled = true;
            onCancel.run();
        }

        void becomeReady() {
            ready = true;
            onReady.run();
        }

        @Override
        public void send(WorkItem item) {
            if (failNext) {
                throw new IllegalStateException("call already cancelled");
            }
            received.add(((WorkItem.Activity) item).name());
        }

        @Override
        public boolean isReady() {
            return ready && !cancelled;
        }

        @Override
        public SocketAddress remote() {
            return remote;
        }

        @Override
        public void onCancel(Runnable handler) {
            onCancel = handler;
        }

        @Override
        public void onReady(Runnable handler) {
            onReady = handler;
        }
    }
}
