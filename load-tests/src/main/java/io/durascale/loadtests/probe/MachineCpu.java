package io.durascale.loadtests.probe;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's machine: whole-machine CPU use (all processes, 0–1) sampled over the run, so a
 * partition-sweep step can say whether the machine it ran on — not the partitions or the storage —
 * was the limit. On the embedded stack every part (emulator, task hub, orchestration and worker
 * processes, Gatling) shares these cores; against a cluster it describes only the load generator.
 */
public final class MachineCpu implements AutoCloseable {

    /** One reading: wall-clock millis and the machine's CPU use since the previous reading. */
    public record Sample(long t, double load) {
    }

    /** Null on a JVM without the com.sun extension: then there are no samples. */
    private final com.sun.management.OperatingSystemMXBean os =
            ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean sun ? sun : null;
    private final List<Sample> samples = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "machine-cpu");
        t.setDaemon(true);
        return t;
    });

    public MachineCpu start(Duration interval) {
        if (os == null) {
            return this;
        }
        os.getCpuLoad(); // the first reading of a fresh bean is meaningless: it starts the measurement
        long ms = Math.max(100, interval.toMillis());
        timer.scheduleAtFixedRate(() -> {
            double load = os.getCpuLoad();
            if (load >= 0) {
                samples.add(new Sample(System.currentTimeMillis(), load));
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
        return this;
    }

    public int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    public List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** Mean CPU use of the samples taken in [from, to]; empty when none was. */
    public static OptionalDouble mean(List<Sample> samples, long from, long to) {
        return samples.stream().filter(s -> s.t() >= from && s.t() <= to).mapToDouble(Sample::load).average();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
