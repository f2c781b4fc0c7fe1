package io.durascale.pipeline.taskhub;

import io.durascale.pipeline.taskhub.model.WorkItem;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * share the load (ties go round-robin). Items on a stream that goes away are handed out again.
 *
 * <p>Without a token, a late answer from a worker whose stream went away would match the same
 * item re-dispatched to another worker. So each stream records the connection (remote address,
 * see the gRPC edge's CallerConnection) it came in on, and a completion is only accepted from the
 * connection its item is currently dispatched to: a 1.5.0 worker sends its completions on the
 * channel its stream uses, and a stream it reopens on that channel keeps the address. Where an
 * address is unknown (null) on either side, correlation alone decides, as before. Workers behind
 * one proxy connection share an address and cannot be told apart this way.
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
    private static final class WorkerStream {
        private final WorkItemStream stream;
        /** The connection the stream came in on; null when unknown. */
        private final SocketAddress remote;
        private final Set<Ticket> inFlight = new LinkedHashSet<>();
        private boolean closed;

        private WorkerStream(WorkItemStream stream) {
            this.stream = stream;
            this.remote = stream.remote();
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

    /** Connects a worker's stream; its items are handed back when it goes away. */
    void connect(WorkItemStream worker) {
        WorkerStream stream = new WorkerStream(worker);
        worker.onCancel(() -> disconnect(stream));
        worker.onReady(this::dispatch);
        synchronized (this) {
            streams.add(stream);
        }
        log.info("worker stream from {} connected ({} now)", stream.remote, streamCount());
        dispatch();
        onCapacity.run();
    }

    private void disconnect(WorkerStream stream) {
        int returned;
        synchronized (this) {
            if (stream.closed) {
                return;
            }
            stream.closed = true;
            streams.remove(stream);
            returned = handBack(stream);
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

    /**
     * Removes and returns the in-flight ticket a completion refers to, or null for a stale completion:
     * nothing with that correlation is in flight, or it is in flight on another connection than
     * {@code caller} (its first dispatch went away and it was handed to another worker). A stale
     * completion changes nothing: the ticket stays in flight where it is. Callers count it
     * ({@link TaskHubStats#staleCompletions()}), drop it and still answer the worker OK, because the
     * 1.5.0 SDK worker treats an error from a completion call like a broken stream (the exception
     * leaves its read loop, it abandons the stream without cancelling it and opens a new one only
     * after 5 s), which would stall a worker that is otherwise healthy.
     *
     * @param caller the connection the completion came in on; null when unknown (correlation alone decides)
     */
    Ticket complete(String correlation, SocketAddress caller) {
        Ticket ticket = null;
        synchronized (this) {
            Deque<Ticket> waiting = inFlight.get(correlation);
            if (waiting == null) {
                return null;
            }
            for (Ticket t : waiting) {
                if (sameConnection(owner.get(t), caller)) {
                    ticket = t;
                    break;
                }
            }
            if (ticket == null) {
                log.info("ignored a completion for {} from {}: it is in flight on {}", correlation, caller,
                        waiting.stream().map(t -> String.valueOf(owner.get(t).remote)).toList());
                return null;
            }
            owner.get(ticket).inFlight.remove(ticket);
            removeInFlight(ticket);
        }
        dispatch();
        onCapacity.run();
        return ticket;
    }

    /** Drops everything not yet sent to a worker (the hub was wiped, or is scaling in: its messages are handed back). */
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
                    target.stream.send(ticket.workItem());
                } catch (RuntimeException e) {
                    // The stream broke under us: keep the item, drop the stream (its cancel handler may follow).
                    ready.addFirst(ticket);
                    log.debug("stream failed while sending a work item: {}", e.toString());
                    target.closed = true;
                    streams.remove(target);
                    handBack(target); // its cancel handler finds it closed and returns
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
            if (s.closed || s.inFlight.size() >= maxInFlightPerStream || !s.stream.isReady()) {
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

    private static boolean sameConnection(WorkerStream stream, SocketAddress caller) {
        return caller == null || stream.remote == null || Objects.equals(stream.remote, caller);
    }

    /** Puts a closed stream's in-flight items back at the front, in their original order, for the next worker. */
    private int handBack(WorkerStream stream) {
        List<Ticket> orphans = new ArrayList<>(stream.inFlight);
        for (int i = orphans.size() - 1; i >= 0; i--) {
            Ticket t = orphans.get(i);
            removeInFlight(t);
            ready.addFirst(t);
        }
        stream.inFlight.clear();
        return orphans.size();
    }

    /** Takes a ticket out of the correlation index and the owner map (not out of its stream's set). */
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
