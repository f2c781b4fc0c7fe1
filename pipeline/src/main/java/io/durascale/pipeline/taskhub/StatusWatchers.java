package io.durascale.pipeline.taskhub;

import io.durascale.pipeline.taskhub.model.InstanceRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long-polls for instance states (wait for start, wait for completion). An instance whose
 * partition this process owns is re-read when this process commits a change to it (and every
 * half minute as a safety net); one owned elsewhere is re-read every second.
 */
final class StatusWatchers {

    private static final Logger log = LoggerFactory.getLogger(StatusWatchers.class);
    private static final long RECHECK_MILLIS = 1000;
    private static final long LOCAL_RECHECK_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

    private record Waiter(Predicate<InstanceRecord> done, CompletableFuture<InstanceRecord> result) {
    }

    private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();
    private final Map<String, Long> lastRead = new ConcurrentHashMap<>();
    private final Function<String, InstanceRecord> read;
    private final Predicate<String> local;
    private final ScheduledExecutorService scheduler;
    private final java.util.concurrent.Executor io;

    /** @param local whether this process owns the instance's partition (and so hears of its changes) */
    StatusWatchers(Function<String, InstanceRecord> read, Predicate<String> local, ScheduledExecutorService scheduler,
                   java.util.concurrent.Executor io) {
        this.read = read;
        this.local = local;
        this.scheduler = scheduler;
        this.io = io;
        scheduler.scheduleWithFixedDelay(this::recheckAll, RECHECK_MILLIS, RECHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Completes with the instance once {@code done} holds, or with null if it does not exist.
     * Cancel the future to stop waiting (the caller's deadline).
     */
    CompletableFuture<InstanceRecord> await(String instanceId, Predicate<InstanceRecord> done) {
        CompletableFuture<InstanceRecord> result = new CompletableFuture<>();
        // Register before reading, so a change committed in between is not missed.
        Waiter waiter = new Waiter(done, result);
        lastRead.put(instanceId, System.nanoTime());
        waiters.computeIfAbsent(instanceId, k -> new CopyOnWriteArrayList<>()).add(waiter);
        result.whenComplete((r, e) -> remove(instanceId, waiter));
        InstanceRecord now;
        try {
            now = read.apply(instanceId);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return result;
        }
        if (now == null || done.test(now)) {
            result.complete(now);
        }
        return result;
    }

    /** This process changed the instance: re-check its waiters now. */
    void changed(String instanceId) {
        if (waiters.containsKey(instanceId)) {
            io.execute(() -> recheck(instanceId));
        }
    }

    int count() {
        return waiters.values().stream().mapToInt(List::size).sum();
    }

    private void recheckAll() {
        long now = System.nanoTime();
        for (String id : waiters.keySet()) {
            if (local.test(id) && now - lastRead.getOrDefault(id, 0L) < LOCAL_RECHECK_NANOS) {
                continue; // we hear of its changes when we commit them
            }
            io.execute(() -> recheck(id));
        }
    }

    private void recheck(String instanceId) {
        List<Waiter> list = waiters.get(instanceId);
        if (list == null || list.isEmpty()) {
            return;
        }
        InstanceRecord now;
        try {
            lastRead.put(instanceId, System.nanoTime());
            now = read.apply(instanceId);
        } catch (RuntimeException e) {
            log.debug("re-reading {} for its waiters failed: {}", instanceId, e.toString());
            return;
        }
        for (Waiter w : list) {
            if (now == null || w.done().test(now)) {
                w.result().complete(now);
            }
        }
    }

    private void remove(String instanceId, Waiter waiter) {
        waiters.computeIfPresent(instanceId, (k, list) -> {
            list.remove(waiter);
            if (list.isEmpty()) {
                lastRead.remove(instanceId);
                return null;
            }
            return list;
        });
    }
}
