package io.durascale.pipeline.taskhub;

import io.durascale.core.cli.TerminationSignals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One orchestration host — a pod of the orchestration tier: a task hub backend on its gRPC port and the SDK workers
 * it serves in the same process — and its safe scale-in. On SIGTERM the hub scales in ({@link TaskHub#scaleIn}:
 * it stops taking work, lets what is in flight finish within the grace, hands the rest back and releases its
 * partition leases), then the workers close, then the server; a second signal cuts the grace short. Nothing is
 * lost: what did not finish is visible again in its queue for the partition's next owner.
 */
public final class OrchestrationHost implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OrchestrationHost.class);

    private final TaskHubServer server;
    private final Duration grace;
    private final List<AutoCloseable> workers;
    private final Consumer<String> progress;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean stopping;
    private volatile TaskHub.ScaleIn scaleIn;

    /**
     * @param workers  what runs on the hub (SDK workers): closed once the hub has scaled in, last given first
     * @param progress where to say what the scale-in is doing
     */
    public OrchestrationHost(TaskHubServer server, Duration grace, List<? extends AutoCloseable> workers, Consumer<String> progress) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("the scale-in grace must not be negative, got " + grace);
        }
        this.server = server;
        this.grace = grace;
        this.workers = new ArrayList<>(workers);
        this.progress = progress;
    }

    public TaskHubServer server() {
        return server;
    }

    /**
     * SIGTERM and SIGINT scale the host in (on a thread of its own); a second signal cuts the grace short; a third
     * runs {@code giveUp} (exit at once).
     */
    public OrchestrationHost stopOnSignals(Runnable giveUp) {
        AtomicInteger later = new AtomicInteger();
        TerminationSignals.install(() -> new Thread(this::close, "orchestration-host-stop").start(), () -> {
            if (later.incrementAndGet() == 1) {
                hurry();
            } else {
                giveUp.run();
            }
        }, this::close);
        return this;
    }

    /** True until the host starts to scale in. */
    public synchronized boolean takesWork() {
        return !stopping;
    }

    /** Cuts a scale-in's grace short: what is in flight is handed back now. */
    public void hurry() {
        progress.accept("taskhub: stopping now: handing back what is in flight");
        server.hub().hurry();
    }

    /** Scales in, then closes the workers and the server; later calls wait for the first. */
    @Override
    public void close() {
        boolean first;
        synchronized (this) {
            first = !stopping;
            stopping = true;
        }
        if (!first) {
            awaitStopped();
            return;
        }
        try {
            progress.accept("taskhub: scaling in (grace " + grace.toSeconds() + " s): no new work; finishing what is in flight");
            TaskHub.ScaleIn done = server.hub().scaleIn(grace);
            scaleIn = done;
            progress.accept("taskhub: scaled in after " + done.took().toMillis() + " ms: " + done.inFlight()
                    + " work item(s) were in flight, " + done.unfinished() + " unfinished and handed back; "
                    + done.handedBack() + " message(s) visible again; partitions released");
            for (int i = workers.size() - 1; i >= 0; i--) {
                try {
                    workers.get(i).close();
                } catch (Exception e) {
                    log.warn("closing a worker failed: {}", e.toString());
                }
            }
            server.close();
        } finally {
            stopped.countDown();
        }
    }

    /** Blocks until the host has stopped. */
    public void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the scale-in did; null until the host has stopped. */
    public TaskHub.ScaleIn scaleIn() {
        return scaleIn;
    }
}
