package io.durascale.pipeline.taskhub.partition;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.IntUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one queue on its own thread: again at once while messages keep coming, backing off
 * exponentially (to a bound) while the queue is empty, and woken early when this process knows
 * a message is due (it sent one, a timer came due, or workers freed capacity).
 */
public final class QueuePoller implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QueuePoller.class);
    private static final Duration ERROR_BACKOFF = Duration.ofSeconds(2);

    private final String queue;
    private final Duration minDelay;
    private final Duration maxDelay;
    private final IntSupplier capacity;
    private final IntUnaryOperator pollOnce;
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long delayNanos;
    /** The last round was cut short by capacity (none, or a full batch): more room is worth a poll. */
    private volatile boolean starved;

    /**
     * @param capacity how many messages may be taken now (0 = none, wait to be woken)
     * @param pollOnce receives up to the given number of messages and returns how many came
     */
    public QueuePoller(String queue, Duration minDelay, Duration maxDelay, IntSupplier capacity, IntUnaryOperator pollOnce) {
        this.queue = queue;
        this.minDelay = minDelay;
        this.maxDelay = maxDelay;
        this.capacity = capacity;
        this.pollOnce = pollOnce;
        this.delayNanos = minDelay.toNanos();
        this.thread = new Thread(this::loop, "poll-" + queue);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Polls again promptly (a message is due, or capacity freed). */
    public void wake() {
        delayNanos = minDelay.toNanos();
        wake.release();
    }

    /** Wakes the poller only if its last round was limited by capacity. */
    public void capacityFreed() {
        if (starved) {
            wake();
        }
    }

    private void loop() {
        while (running) {
            int room = capacity.getAsInt();
            if (room <= 0) {
                starved = true;
                await(maxDelay.toNanos());
                continue;
            }
            int received;
            try {
                received = pollOnce.applyAsInt(room);
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("polling {} failed (retrying in {} s): {}", queue, ERROR_BACKOFF.toSeconds(), e.toString());
                await(ERROR_BACKOFF.toNanos());
                continue;
            }
            starved = received >= room;
            if (received > 0) {
                delayNanos = minDelay.toNanos();
                continue;
            }
            long wait = delayNanos;
            delayNanos = Math.min(delayNanos * 2, maxDelay.toNanos());
            await(wait);
        }
    }

    private void await(long nanos) {
        try {
            if (wake.tryAcquire(nanos, TimeUnit.NANOSECONDS)) {
                wake.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        wake.release();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
