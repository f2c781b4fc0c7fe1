package io.durascale.simulator.engine;

import java.util.Arrays;
import java.util.Objects;

/**
 * The discrete-event core: a binary heap of (time, sequence, action) in parallel primitive arrays, so that
 * scheduling allocates nothing (blocks, pods and partitions are their own {@link Action}s and are scheduled over and
 * over). Events at the same millisecond run in the order they were scheduled. No logging per event.
 */
public final class EventLoop {

    /** What happens at an event's time; it may schedule more. */
    @FunctionalInterface
    public interface Action {
        void run();
    }

    private final VirtualClock clock;
    private long[] times = new long[1024];
    private long[] sequences = new long[1024];
    private Action[] actions = new Action[1024];
    private int size;
    private long nextSequence;
    private long executed;
    private boolean stopped;

    public EventLoop(VirtualClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public VirtualClock clock() {
        return clock;
    }

    /** The clock's time, epoch milliseconds. */
    public long now() {
        return clock.millis();
    }

    /** Runs {@code action} at {@code epochMillis} (now, if that is in the past). */
    public void at(long epochMillis, Action action) {
        long t = Math.max(epochMillis, clock.millis());
        if (size == times.length) {
            int grown = size * 2;
            times = Arrays.copyOf(times, grown);
            sequences = Arrays.copyOf(sequences, grown);
            actions = Arrays.copyOf(actions, grown);
        }
        int i = size++;
        long seq = nextSequence++;
        // sift up
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(t, seq, times[parent], sequences[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        times[i] = t;
        sequences[i] = seq;
        actions[i] = action;
    }

    /** Runs {@code action} {@code delayMillis} from now. */
    public void after(long delayMillis, Action action) {
        at(clock.millis() + Math.max(0, delayMillis), action);
    }

    /**
     * Runs events in time order until none is left, or the next one is after {@code untilEpochMillis}; the clock
     * ends at the last event run (or at {@code untilEpochMillis} if events remain).
     *
     * @return the number of events run
     */
    public long runUntil(long untilEpochMillis) {
        long before = executed;
        stopped = false;
        while (!stopped && size > 0 && times[0] <= untilEpochMillis) {
            long t = times[0];
            Action action = actions[0];
            removeTop();
            clock.advanceTo(t);
            action.run();
            executed++;
        }
        if (size > 0 && !stopped) {
            clock.advanceTo(Math.max(clock.millis(), untilEpochMillis));
        }
        return executed - before;
    }

    /** Ends {@link #runUntil} after the event that calls it; what is still scheduled stays scheduled. */
    public void stop() {
        stopped = true;
    }

    /** True while events are scheduled. */
    public boolean hasEvents() {
        return size > 0;
    }

    /** Events run since the loop was made. */
    public long executed() {
        return executed;
    }

    private void removeTop() {
        size--;
        long t = times[size];
        long seq = sequences[size];
        Action a = actions[size];
        actions[size] = null;
        if (size == 0) {
            return;
        }
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && before(times[right], sequences[right], times[child], sequences[child])) {
                child = right;
            }
            if (!before(times[child], sequences[child], t, seq)) {
                break;
            }
            move(child, i);
            i = child;
        }
        times[i] = t;
        sequences[i] = seq;
        actions[i] = a;
    }

    private void move(int from, int to) {
        times[to] = times[from];
        sequences[to] = sequences[from];
        actions[to] = actions[from];
    }

    private static boolean before(long t1, long s1, long t2, long s2) {
        return t1 < t2 || (t1 == t2 && s1 < s2);
    }
}
