package io.durascale.benchmarks.sizing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Blocks per second of one process by the number of threads computing at once, as measured on a
 * machine with {@code cpus} CPUs, and its extension to thread counts that were not measured.
 *
 * <p>Extrapolation is Amdahl's law with the serial fraction estimated by the Karp–Flatt metric
 * from the largest measured thread count that does not exceed the CPUs: speedup S at p threads
 * gives f = (1/S − 1/p) / (1 − 1/p), and n threads then run at S(n) = 1 / (f + (1 − f)/n), an
 * efficiency S(n)/n that falls as n grows. Points with more threads than CPUs measure
 * oversubscription, not scaling, and are left out. With a single measured thread count the
 * curve assumes linear scaling and says so.
 */
public final class ScalingCurve {

    /** One measured thread count: total blocks per second and the spread of its iterations (max/min). */
    public record Point(int threads, double opsPerSecond, double spread) {
    }

    /** The efficiency used at some thread count, whether it was measured, and how it was obtained. */
    public record Efficiency(double value, boolean extrapolated, String basis) {
    }

    private final TreeMap<Integer, Point> points = new TreeMap<>();
    private final int cpus;

    /**
     * @throws IllegalArgumentException if there is no single-thread point or a value is not positive
     */
    public ScalingCurve(List<Point> measured, int cpus) {
        if (cpus < 1) {
            throw new IllegalArgumentException("the measuring machine has at least one CPU, got " + cpus);
        }
        for (Point point : measured) {
            if (point.threads() < 1 || !(point.opsPerSecond() > 0) || !Double.isFinite(point.opsPerSecond())) {
                throw new IllegalArgumentException("a measured point needs threads >= 1 and a positive throughput: " + point);
            }
            points.put(point.threads(), point);
        }
        if (!points.containsKey(1)) {
            throw new IllegalArgumentException("the scaling curve needs a single-thread measurement");
        }
        this.cpus = cpus;
    }

    public int cpus() {
        return cpus;
    }

    public List<Point> points() {
        return new ArrayList<>(points.values());
    }

    public double singleThread() {
        return points.get(1).opsPerSecond();
    }

    /** Measured speedup over one thread. */
    public double speedup(int threads) {
        Point point = points.get(threads);
        if (point == null) {
            throw new IllegalArgumentException(threads + " threads were not measured");
        }
        return point.opsPerSecond() / singleThread();
    }

    /** Measured efficiency: speedup per thread (may exceed 1 by noise). */
    public double measuredEfficiency(int threads) {
        return speedup(threads) / threads;
    }

    /** The thread count the extrapolation is fitted at: the largest measured above 1 and at most the CPUs, or 1. */
    public int fitThreads() {
        Integer fit = points.floorKey(cpus);
        return fit == null ? 1 : fit;
    }

    /** The Karp–Flatt serial fraction in [0, 1]; 0 (linear) when only one thread was measured. */
    public double serialFraction() {
        int p = fitThreads();
        if (p <= 1) {
            return 0;
        }
        double s = speedup(p);
        double f = (1 / s - 1.0 / p) / (1 - 1.0 / p);
        return Math.max(0, Math.min(1, f));
    }

    /**
     * The efficiency at {@code threads}: measured when that count was measured within the CPUs
     * (capped at 1, so noise never sizes optimistically), else extrapolated.
     */
    public Efficiency efficiencyAt(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        if (points.containsKey(threads) && threads <= cpus) {
            return new Efficiency(Math.min(1.0, measuredEfficiency(threads)), false,
                    threads == 1 ? "measured at 1 thread" : "measured at " + threads + " threads");
        }
        int p = fitThreads();
        double f = serialFraction();
        double speedup = 1 / (f + (1 - f) / threads);
        String basis = p <= 1
                ? "assumed linear: only 1 thread measured"
                : String.format(Locale.ROOT, "Amdahl from %d measured threads (serial fraction %.3f)", p, f);
        return new Efficiency(speedup / threads, true, basis);
    }

    /** Thread counts measured with more threads than CPUs (oversubscribed; not used for extrapolation). */
    public List<Integer> oversubscribed() {
        return new ArrayList<>(points.tailMap(cpus, false).keySet());
    }

    /** threads → ops/s, for the output. */
    public Map<Integer, Double> asMap() {
        Map<Integer, Double> map = new TreeMap<>();
        points.values().forEach(p -> map.put(p.threads(), p.opsPerSecond()));
        return map;
    }
}
