package io.durascale.pipeline.taskhub;

import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.WorkItem;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands work items to the workers' GetWorkItems streams and matches their completions.
 *
 * <p>The 1.5.0 SDK worker runs one stream, handles items strictly in order and sends no token
 * with its completions, so items are correlated by instance id (orchestrations: at most one in
 * flight per instance) and by instance id plus task id (activities). Each stream takes a bounded
 * number of items at a time and the least-loaded stream gets the next one, so several workers
 * share the load. Items on a stream that goes away are handed out again.
 */
final class WorkItemDispatcher {

    private static final Logger log = LoggerFactory.getLogger(WorkItemDispatcher.class);

    /** Something to dispatch. */
    interface Ticket {
        WorkItem workItem();

        /** "o:instance" for orchestrations, "a:instance/taskId" for activities. */
        String correlation();
    }

    /** One connected worker. */
    final class WorkerStream {
        private final ServerCallStreamObserver<WorkItem> observer;
        private final Set<Ticket> inFlight = new LinkedHashSet<>();
        private boolean closed;

        private WorkerStream(ServerCallStreamObserver<WorkItem> observer) {
            this.observer = observer;
        }
    }

    private final int maxInFlightPerStream;
    private final Deque<Ticket> ready = new ArrayDeque<>();
    private final List<WorkerStream> streams = new ArrayList<>();
    private final Map<String, Deque<Ticket>> inFlight = new HashMap<>();
    private final Map<Ticket, WorkerStream> owner = new HashMap<>();
    private Runnable onCapacity = () -> { };
    private int nextStream;

    WorkItemDispatcher(int maxInFlightPerStream) {
        this.maxInFlightPerStream = maxInFlightPerStream;
    }

    /** Called (outside the dispatcher's lock) whenever capacity frees up, so pollers can fetch more. */
    void onCapacity(Runnable callback) {
        this.onCapacity = callback;
    }

    WorkerStream connect(ServerCallStreamObserver<WorkItem> observer) {
        WorkerStream stream = new WorkerStream(observer);
        observer.setOnCancelHandler(() -> disconnect(stream));
        observer.setOnReadyHandler(this::dispatch);
        synchronized (this) {
            streams.add(stream);
        }
        log.info("worker stream connected ({} now)", streamCount());
        dispatch();
        onCapacity.run();
        return stream;
    }

    void disconnect(WorkerStream stream) {
        int returned;
        synchronized (this) {
            if (stream.closed) {
                return;
            }
            stream.closed = true;
            streams.remove(stream);
            List<Ticket> orphans = new ArrayList<>(stream.inFlight);
            returned = orphans.size();
            // Back to the front, in their original order, for the next worker.
            for (int i = orphans.size() - 1; i >= 0; i--) {
                Ticket t = orphans.get(i);
                removeInFlight(t);
                ready.addFirst(t);
            }
            stream.inFlight.clear();
        }
        log.info("worker stream disconnected; {} work item(s) handed back ({} streams left)", returned, streamCount());
        dispatch();
    }

    void offer(Ticket ticket) {
        synchronized (this) {
            ready.addLast(ticket);
        }
        dispatch();
    }

    /** Removes and returns the in-flight ticket a completion refers to, or null for a stale completion. */
    Ticket complete(String correlation) {
        Ticket ticket;
        synchronized (this) {
            Deque<Ticket> waiting = inFlight.get(correlation);
            ticket = waiting == null ? null : waiting.pollFirst();
            if (ticket == null) {
                return null;
            }
            if (waiting.isEmpty()) {
                inFlight.remove(correlation);
            }
            WorkerStream stream = owner.remove(ticket);
            if (stream != null) {
                stream.inFlight.remove(ticket);
            }
        }
        dispatch();
        onCapacity.run();
        return ticket;
    }

    /** Drops everything not yet sent to a worker (the hub was wiped). */
    synchronized void clearReady() {
        ready.clear();
    }

    synchronized int streamCount() {
        return streams.size();
    }

    /** Work items the connected workers could take right now without exceeding their bounds. */
    synchronized int freeCapacity() {
        int free = 0;
        for (WorkerStream s : streams) {
            free += maxInFlightPerStream - s.inFlight.size();
        }
        return Math.max(0, free - ready.size());
    }

    synchronized int readyCount() {
        return ready.size();
    }

    synchronized int inFlightCount() {
        return owner.size();
    }

    /** Sends ready items to streams with room, least-loaded first. */
    void dispatch() {
        synchronized (this) {
            while (!ready.isEmpty()) {
                WorkerStream target = leastLoaded();
                if (target == null) {
                    return;
                }
                Ticket ticket = ready.pollFirst();
                try {
                    target.observer.onNext(ticket.workItem());
                } catch (RuntimeException e) {
                    // The stream broke under us: keep the item, drop the stream (its cancel handler may follow).
                    ready.addFirst(ticket);
                    log.debug("stream failed while sending a work item: {}", e.toString());
                    target.closed = true;
                    streams.remove(target);
                    continue;
                }
                target.inFlight.add(ticket);
                owner.put(ticket, target);
                inFlight.computeIfAbsent(ticket.correlation(), k -> new ArrayDeque<>()).addLast(ticket);
            }
        }
    }

    private WorkerStream leastLoaded() {
        WorkerStream best = null;
        int n = streams.size();
        for (int i = 0; i < n; i++) {
            WorkerStream s = streams.get((nextStream + i) % n);
            if (s.closed || s.inFlight.size() >= maxInFlightPerStream || !s.observer.isReady()) {
                continue;
            }
            if (best == null || s.inFlight.size() < best.inFlight.size()) {
                best = s;
            }
        }
        if (best != null) {
            nextStream = (streams.indexOf(best) + 1) % n;
        }
        return best;
    }

    private void removeInFlight(Ticket ticket) {
        owner.remove(ticket);
        Deque<Ticket> waiting = inFlight.get(ticket.correlation());
        if (waiting != null) {
            waiting.remove(ticket);
            if (waiting.isEmpty()) {
                inFlight.remove(ticket.correlation());
            }
        }
    }
}
