package io.durascale.reports.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * A quantity that holds its value until the next change (replicas, queue depth readings, pods in a
 * phase): times in epoch ms. Integrals and first-crossing times are what the report derives from it.
 */
public final class StepSeries {

    private final List<long[]> times = new ArrayList<>();
    private final List<Double> values = new ArrayList<>();

    /** Appends a reading; times must not go backwards (the timeline is sorted). */
    public void add(long t, double value) {
        if (!values.isEmpty() && values.get(values.size() - 1) == value && times.size() > 1) {
            // Unchanged readings add nothing to a step chart, except the last one, which marks the end.
            long[] last = times.get(times.size() - 1);
            double before = values.get(values.size() - 2);
            if (before == value) {
                last[0] = t;
                return;
            }
        }
        times.add(new long[] {t});
        values.add(value);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public int size() {
        return values.size();
    }

    public long time(int i) {
        return times.get(i)[0];
    }

    public double value(int i) {
        return values.get(i);
    }

    public double max() {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** The value in force at time t (NaN before the first reading). */
    public double at(long t) {
        double v = Double.NaN;
        for (int i = 0; i < values.size() && time(i) <= t; i++) {
            v = value(i);
        }
        return v;
    }

    /** ∫ value dt over [from, to], in value·seconds; the value before the first reading counts as 0. */
    public double integralSeconds(long from, long to) {
        double sum = 0;
        for (int i = 0; i < values.size(); i++) {
            long a = Math.max(time(i), from);
            long b = Math.min(i + 1 < values.size() ? time(i + 1) : to, to);
            if (b > a) {
                sum += value(i) * (b - a) / 1000.0;
            }
        }
        return sum;
    }

    /** The first time at or after {@code from} when the value is at least {@code threshold}, or -1. */
    public long firstAtLeast(double threshold, long from) {
        double before = at(from);
        if (before >= threshold) {
            return from;
        }
        for (int i = 0; i < values.size(); i++) {
            if (time(i) >= from && value(i) >= threshold) {
                return time(i);
            }
        }
        return -1;
    }

    /** The first time at or after {@code from} when the value is at most {@code threshold}, or -1. */
    public long firstAtMost(double threshold, long from) {
        double before = at(from);
        if (before <= threshold) {
            return from;
        }
        for (int i = 0; i < values.size(); i++) {
            if (time(i) >= from && value(i) <= threshold) {
                return time(i);
            }
        }
        return -1;
    }

    /**
     * [seconds since {@code origin}, value] pairs for a chart, at most {@code maxPoints}: a long run keeps
     * each bucket's largest value, so peaks survive the thinning.
     */
    public List<double[]> points(long origin, int maxPoints) {
        List<double[]> out = new ArrayList<>();
        int n = values.size();
        int stride = Math.max(1, (int) Math.ceil(n / (double) maxPoints));
        for (int i = 0; i < n; i += stride) {
            int best = i;
            for (int j = i; j < Math.min(n, i + stride); j++) {
                if (value(j) > value(best)) {
                    best = j;
                }
            }
            out.add(new double[] {round((time(i) - origin) / 1000.0), value(best)});
        }
        if (stride > 1 && n > 0) {
            out.add(new double[] {round((time(n - 1) - origin) / 1000.0), value(n - 1)});
        }
        return out;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
