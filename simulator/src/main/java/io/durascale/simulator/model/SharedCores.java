package io.durascale.simulator.model;

import io.durascale.simulator.engine.EventLoop;
import java.util.PriorityQueue;

/**
 * The one machine of the embedded stack, whose cores every part shares: the task hub's episodes and activities,
 * the storage emulator's operations, the workers' kernels, the bridge's verification and the worker JVMs starting.
 * Processor sharing, as an operating system schedules runnable threads: with {@code n} tasks on {@code cores}, each
 * runs at min(1, cores / n) of a core, so a task's time stretches with everything else that runs (tracked in virtual
 * time: O(log n) per task). A cluster has none: its hosts and pods each have their own CPU, and storage is a service
 * ({@code machineCores = 0}).
 */
final class SharedCores implements EventLoop.Action {

    private static final class Task implements Comparable<Task> {
        final double finish;
        final long notBefore;
        final EventLoop.Action then;
        final long order;

        Task(double finish, long notBefore, EventLoop.Action then, long order) {
            this.finish = finish;
            this.notBefore = notBefore;
            this.then = then;
            this.order = order;
        }

        @Override
        public int compareTo(Task o) {
            int c = Double.compare(finish, o.finish);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    private final EventLoop loop;
    private final double cores;
    private final PriorityQueue<Task> running = new PriorityQueue<>();
    /** CPU-milliseconds each running task has received since the machine started. */
    private double virtual;
    private long updatedAt;
    private long order;
    private long scheduledFor = Long.MIN_VALUE;
    private double cpuMillis;

    SharedCores(EventLoop loop, double cores) {
        this.loop = loop;
        this.cores = cores;
        this.updatedAt = loop.now();
    }

    /**
     * Runs {@code cpuMillis} of work from now, sharing the cores; {@code then} runs when it is done, and not before
     * {@code notBefore} (the step's own latency).
     */
    void run(double cpuMillis, long notBefore, EventLoop.Action then) {
        advance();
        this.cpuMillis += cpuMillis;
        running.add(new Task(virtual + Math.max(0, cpuMillis), notBefore, then, order++));
        reschedule();
    }

    /** The earliest task's end is due. */
    @Override
    public void run() {
        if (loop.now() != scheduledFor) {
            return;
        }
        scheduledFor = Long.MIN_VALUE;
        advance();
        while (!running.isEmpty() && running.peek().finish <= virtual + 1e-6) {
            Task t = running.poll();
            loop.at(Math.max(loop.now(), t.notBefore), t.then);
        }
        reschedule();
    }

    private double rate() {
        return running.isEmpty() ? 0 : Math.min(1.0, cores / running.size());
    }

    private void advance() {
        long now = loop.now();
        virtual += (now - updatedAt) * rate();
        updatedAt = now;
    }

    private void reschedule() {
        if (running.isEmpty()) {
            return;
        }
        double left = running.peek().finish - virtual;
        long at = loop.now() + (long) Math.ceil(Math.max(0, left) / rate());
        if (at != scheduledFor) {
            scheduledFor = at;
            loop.at(at, this);
        }
    }

    /** CPU-seconds given out so far. */
    double cpuSeconds() {
        return cpuMillis / 1000;
    }
}
