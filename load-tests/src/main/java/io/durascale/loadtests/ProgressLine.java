package io.durascale.loadtests;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * One line every few seconds that says where a load test is, in its own words — the phase (the burst, the idle wait
 * for zero replicas, a sweep step), orchestrations started and done, the jobs queue, the worker pods — instead of
 * Gatling's console summary, whose scenario lines name nothing a reader of the run knows (gatling.conf turns that
 * writer off).
 */
final class ProgressLine implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "load-progress");
        thread.setDaemon(true);
        return thread;
    });
    private final long startedAt = System.nanoTime();
    private final Supplier<String> phase;

    /**
     * @param counts orchestrations started, finished and failed so far
     * @param jobsQueue the jobs queue's last depth reading, or null before the first
     * @param pods worker pods that exist now, or -1 when they are not watched
     * @param phase the phase to name: {@code burst}, {@code idle until zero replicas}, {@code sweep: 4 partition(s)}, …
     */
    ProgressLine(Duration every, Consumer<String> out, Supplier<String> phase, Supplier<int[]> counts,
                 Supplier<Long> jobsQueue, IntSupplier pods) {
        this.phase = phase;
        long period = every.toMillis();
        timer.scheduleAtFixedRate(() -> {
            try {
                out.accept(line(counts.get(), jobsQueue.get(), pods.getAsInt()));
            } catch (RuntimeException e) {
                // A probe that cannot answer this once must not end the progress line.
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    String line(int[] counts, Long jobsQueue, int pods) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedAt);
        return String.format(Locale.ROOT, "  [%s] %d:%02d  orchestrations %,d started, %,d done, %,d failed; jobs queue %s; "
                        + "worker pods %s", phase.get(), seconds / 60, seconds % 60, counts[0], counts[1], counts[2],
                jobsQueue == null ? "not read yet" : String.format(Locale.ROOT, "%,d", jobsQueue),
                pods < 0 ? "not watched" : Integer.toString(pods));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
