package io.durascale.worker.consumer;

import io.durascale.core.cli.Durations;
import com.azure.storage.queue.models.QueueMessageItem;
import io.durascale.storage.StorageAccount;
import io.durascale.storage.StorageUnavailableException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's queue consumer: {@code concurrency} slots, each computing one job at a time.
 * A receiver thread asks for as many messages as there are free slots (never more, so nothing
 * waits invisible in a local buffer), a renewer extends the visibility of jobs that compute
 * longer than a third of the visibility timeout, and {@link #drain} stops receiving and lets
 * in-flight jobs finish within the drain grace before releasing what is left back to the queue.
 *
 * <pre>{@code
 * QueueConsumer consumer = QueueConsumer.builder(account).queue("compute-jobs").concurrency(2).build();
 * consumer.start();               // waits for storage, then receives
 * ...
 * consumer.stop();                // drain, wait up to the grace, release the rest
 * }</pre>
 */
public final class QueueConsumer implements AutoCloseable {

    /** The life of a consumer; it only moves forward. */
    public enum State { NEW, STARTING, RECEIVING, DRAINING, STOPPED }

    private static final Logger log = LoggerFactory.getLogger(QueueConsumer.class);
    private static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(50);

    private final ConsumerSettings settings;
    private final JobStorage storage;
    private final WorkerMetrics metrics;
    private final JobProcessor processor;
    private final Semaphore freeSlots;
    private final ExecutorService slots;
    private final ScheduledExecutorService timers;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final CountDownLatch drainRequested = new CountDownLatch(1);
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final AtomicBoolean receiverDone = new AtomicBoolean();
    private final AtomicInteger released = new AtomicInteger();
    private volatile boolean storageAnswering;
    private volatile String storageProblem = "not started";
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile Throwable receiverFailure;
    private Thread receiver;

    private QueueConsumer(ConsumerSettings settings, StorageAccount account) {
        this.settings = settings;
        this.storage = new JobStorage(account, settings);
        this.metrics = new WorkerMetrics(settings.concurrency());
        this.processor = new JobProcessor(settings, storage, metrics);
        this.freeSlots = new Semaphore(settings.concurrency());
        this.slots = Executors.newFixedThreadPool(settings.concurrency(), daemonThreads("durascale-slot"));
        this.timers = Executors.newSingleThreadScheduledExecutor(daemonThreads("durascale-renewer"));
    }

    /** A builder for a consumer of this storage account. */
    public static QueueConsumerBuilder builder(StorageAccount account) {
        return new QueueConsumerBuilder().account(account);
    }

    /** A builder; give it the storage with {@link QueueConsumerBuilder#account} before {@link QueueConsumerBuilder#build}. */
    public static QueueConsumerBuilder builder() {
        return new QueueConsumerBuilder();
    }

    /**
     * Creates the queues if needed (waiting up to the startup timeout for storage to answer) and
     * starts receiving.
     *
     * @throws StorageUnavailableException if storage did not answer in time
     */
    public void start() {
        if (!state.compareAndSet(State.NEW, State.STARTING)) {
            throw new IllegalStateException("a consumer starts once; this one is " + state.get());
        }
        awaitStorage();
        lastActivityNanos = System.nanoTime();
        if (!state.compareAndSet(State.STARTING, State.RECEIVING)) {
            // drain() during startup: nothing was received, so there is nothing to finish.
            receiverDone.set(true);
            finishIfDrained();
            return;
        }
        long period = Math.max(100, Math.min(5_000, settings.renewalAge().toMillis() / 2));
        timers.scheduleWithFixedDelay(this::renewDue, period, period, TimeUnit.MILLISECONDS);
        receiver = new Thread(this::receiveLoop, "durascale-receiver");
        receiver.setDaemon(true);
        receiver.start();
        log.info("worker {} receiving from {} with {} slots (visibility {}, max dequeue count {})", settings.workerId(),
                settings.queue(), settings.concurrency(), Durations.format(settings.visibilityTimeout()),
                settings.maxDequeueCount());
    }

    /**
     * Stops receiving; in-flight jobs go on. Jobs still running when the drain grace runs out are
     * released back to the queue. Returns at once; see {@link #awaitTermination} and {@link #terminated}.
     */
    public void drain() {
        State previous = state.getAndUpdate(s -> s == State.RECEIVING || s == State.STARTING || s == State.NEW
                ? State.DRAINING : s);
        if (previous == State.DRAINING || previous == State.STOPPED) {
            return;
        }
        drainRequested.countDown();
        if (previous == State.NEW) {
            receiverDone.set(true);
        } else if (previous == State.RECEIVING) {
            log.info("draining: no new jobs; waiting up to {} for {} in flight", Durations.format(settings.drainGrace()),
                    leases.size());
            try {
                timers.schedule(this::abandonInFlight, settings.drainGrace().toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // Nothing was in flight: the receiver saw the drain and the consumer already stopped.
            }
        }
        finishIfDrained();
    }

    /** Drains and waits up to the drain grace (plus a little for releases); true if every in-flight job finished. */
    public boolean stop() {
        drain();
        awaitTermination(settings.drainGrace().plus(JobStorage.CALL_TIMEOUT));
        abandonInFlight();
        return released.get() == 0;
    }

    /** Drains and releases every in-flight job back to the queue at once (a second SIGTERM). */
    public void stopNow() {
        drain();
        abandonInFlight();
    }

    /** Waits until the consumer has stopped; true if it did within the timeout. */
    public boolean awaitTermination(Duration timeout) {
        try {
            terminated.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    /** Completes when the consumer has stopped: after a drain, or by itself with exit-when-idle. */
    public CompletableFuture<Void> terminated() {
        return terminated.copy();
    }

    @Override
    public void close() {
        stop();
    }

    public State state() {
        return state.get();
    }

    /** Ready to take work: receiving, and storage answered the last call. */
    public boolean isReady() {
        return state.get() == State.RECEIVING && storageAnswering;
    }

    /** Why the consumer is not ready, in a few words; empty when ready. */
    public String readiness() {
        State now = state.get();
        if (now != State.RECEIVING) {
            return now.name().toLowerCase(java.util.Locale.ROOT);
        }
        return storageAnswering ? "" : "storage not answering: " + storageProblem;
    }

    /** False once the receiver died of an unexpected error: the process should be restarted. */
    public boolean isHealthy() {
        return receiverFailure == null;
    }

    /** Jobs released back to the queue because the drain grace ran out. */
    public int releasedCount() {
        return released.get();
    }

    public WorkerMetrics metrics() {
        return metrics;
    }

    public ConsumerSettings settings() {
        return settings;
    }

    private void awaitStorage() {
        long deadline = System.nanoTime() + settings.startupTimeout().toNanos();
        Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
        while (true) {
            try {
                storage.ensureJobsQueue();
                storageAnswering = true;
                timers.execute(this::ensureTheRest);
                return;
            } catch (RuntimeException e) {
                storageProblem = StorageErrors.describe(e);
                if (drainRequested.getCount() == 0) {
                    return;
                }
                Duration wait = backoff.next();
                if (System.nanoTime() + wait.toNanos() > deadline) {
                    shutDownThreads(true);
                    state.set(State.STOPPED);
                    terminated.complete(null);
                    throw new StorageUnavailableException("Azure Storage did not answer within "
                            + Durations.format(settings.startupTimeout()) + " (" + storageProblem + "): check the "
                            + "connection string and that the storage account or emulator is running.");
                }
                log.warn("storage not answering yet ({}); retrying in {}", storageProblem, Durations.format(wait));
                pause(wait);
            }
        }
    }

    /** The poison queue and output container, beside the first receives: a failure here is retried at first use. */
    private void ensureTheRest() {
        try {
            storage.ensureTheRest();
        } catch (RuntimeException e) {
            log.warn("could not create the poison queue or the output container yet ({}); each is created when first "
                    + "needed", StorageErrors.describe(e));
        }
    }

    private void receiveLoop() {
        Backoff errors = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));
        Duration idleWait = MIN_POLL_INTERVAL;
        try {
            while (state.get() == State.RECEIVING) {
                int permits = acquireFreeSlots();
                if (permits == 0) {
                    break;
                }
                List<QueueMessageItem> batch;
                long started = System.nanoTime();
                try {
                    batch = storage.receive(Math.min(permits, ConsumerSettings.MAX_BATCH), settings.visibilityTimeout());
                    metrics.received(System.nanoTime() - started);
                    if (!storageAnswering) {
                        log.info("storage answers again");
                    }
                    storageAnswering = true;
                    errors.reset();
                } catch (RuntimeException e) {
                    freeSlots.release(permits);
                    metrics.receiveFailed();
                    storageProblem = StorageErrors.describe(e);
                    Duration wait = errors.next();
                    if (storageAnswering) {
                        log.warn("receive failed ({}); backing off, first retry in {}", storageProblem, Durations.format(wait));
                    }
                    storageAnswering = false;
                    pause(wait);
                    continue;
                }
                int used = 0;
                for (QueueMessageItem item : batch) {
                    Lease lease = new Lease(item, System.nanoTime());
                    if (state.get() != State.RECEIVING) {
                        lease.release(storage.jobs(), Duration.ZERO);
                        continue;
                    }
                    leases.put(lease.messageId(), lease);
                    metrics.started();
                    used++;
                    slots.execute(() -> run(lease));
                }
                freeSlots.release(permits - used);
                if (batch.isEmpty()) {
                    if (idleLongEnough()) {
                        log.info("queue {} empty for {} with nothing in flight: stopping (exit-when-idle)", settings.queue(),
                                Durations.format(settings.exitWhenIdle()));
                        drain();
                        break;
                    }
                    pause(idleWait);
                    idleWait = min(idleWait.multipliedBy(2), settings.maxPollInterval());
                } else {
                    idleWait = MIN_POLL_INTERVAL;
                    lastActivityNanos = System.nanoTime();
                }
            }
        } catch (RuntimeException | Error e) {
            receiverFailure = e;
            log.error("the receiver stopped on an unexpected error", e);
            drain();
        } finally {
            receiverDone.set(true);
            finishIfDrained();
        }
    }

    private void run(Lease lease) {
        try {
            processor.process(lease);
        } catch (RuntimeException | Error e) {
            log.error("job in message {} failed unexpectedly; it will be redelivered", lease.messageId(), e);
            lease.release(storage.jobs(), Duration.ZERO);
        } finally {
            leases.remove(lease.messageId());
            metrics.finished();
            lastActivityNanos = System.nanoTime();
            freeSlots.release();
            finishIfDrained();
        }
    }

    /** Blocks until at least one slot is free, then takes every free slot; 0 if the consumer stopped receiving. */
    private int acquireFreeSlots() {
        try {
            while (state.get() == State.RECEIVING) {
                if (freeSlots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    return 1 + freeSlots.drainPermits();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private boolean idleLongEnough() {
        return !settings.exitWhenIdle().isZero() && leases.isEmpty()
                && System.nanoTime() - lastActivityNanos >= settings.exitWhenIdle().toNanos();
    }

    private void renewDue() {
        long now = System.nanoTime();
        for (Lease lease : leases.values()) {
            if (!lease.renewalDue(now, settings.renewalAge())) {
                continue;
            }
            try {
                if (lease.renew(storage.jobs(), settings.visibilityTimeout(), now)) {
                    metrics.renewed();
                } else if (lease.state() == Lease.State.LOST) {
                    metrics.renewalFailed();
                    log.warn("message {} was taken by another receiver while computing (visibility ran out)",
                            lease.messageId());
                }
            } catch (RuntimeException e) {
                metrics.renewalFailed();
                log.warn("could not extend the visibility of message {}: {}", lease.messageId(), StorageErrors.describe(e));
            }
        }
    }

    /** After the drain grace: hand what is still computing back to the queue, visible at once. */
    private void abandonInFlight() {
        if (state.get() == State.STOPPED) {
            return;
        }
        for (Lease lease : leases.values()) {
            if (lease.release(storage.jobs(), Duration.ZERO)) {
                released.incrementAndGet();
                log.warn("drain grace over: released message {} back to the queue", lease.messageId());
            }
        }
        receiverDone.set(true);
        finish(true);
    }

    private void finishIfDrained() {
        if (state.get() == State.DRAINING && receiverDone.get() && leases.isEmpty()) {
            finish(false);
        }
    }

    private void finish(boolean interruptSlots) {
        State previous = state.getAndSet(State.STOPPED);
        if (previous == State.STOPPED) {
            return;
        }
        shutDownThreads(interruptSlots);
        log.info("stopped: processed {}, failed {}, poisoned {}, released {}", metrics.processedCount(),
                metrics.failedCount(), metrics.poisonedCount(), released.get());
        terminated.complete(null);
    }

    private void shutDownThreads(boolean interruptSlots) {
        drainRequested.countDown();
        timers.shutdownNow();
        if (interruptSlots) {
            slots.shutdownNow();
        } else {
            slots.shutdown();
        }
    }

    private void pause(Duration duration) {
        try {
            drainRequested.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The default worker id: the host name (the pod name in Kubernetes) and the process id. */
    public static String defaultWorkerId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "worker";
            }
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /** The consumer of these settings and storage: what {@link QueueConsumerBuilder#build} makes. */
    static QueueConsumer create(ConsumerSettings settings, StorageAccount account) {
        return new QueueConsumer(settings, account);
    }
}
