package io.durascale.run.jmh;

import java.util.ArrayList;
import java.util.List;

/**
 * One metric of a JMH result — the primary score or a secondary one such as
 * {@code gc.alloc.rate.norm} — as JMH's JSON writes it. {@code scoreError} is NaN when JMH had
 * fewer than three measurements to estimate it from (it writes the string {@code "NaN"}).
 *
 * @param score the mean over all measurement iterations of all forks
 * @param scoreError the 99.9 % confidence half-width, or NaN
 * @param low the 99.9 % confidence interval's lower end ({@code scoreConfidence[0]}), or NaN
 * @param high its upper end, or NaN
 * @param unit JMH's unit label, e.g. {@code ops/s}, {@code ns/op}, {@code B/op}
 * @param iterations every measurement iteration's value, forks one after another
 */
public record JmhMetric(double score, double scoreError, double low, double high, String unit, List<Double> iterations) {

    public JmhMetric {
        iterations = List.copyOf(iterations);
    }

    /** True when JMH gave a confidence interval (at least 3 measurement iterations × forks). */
    public boolean hasConfidence() {
        return Double.isFinite(low) && Double.isFinite(high);
    }

    /** The median of the iterations (the score itself if JMH gave no raw data). */
    public double median() {
        if (iterations.isEmpty()) {
            return score;
        }
        double[] values = iterations.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /** Largest over smallest iteration, a quick sign of interference (1.0 when steady or unknown). */
    public double spread() {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double value : iterations) {
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        return iterations.isEmpty() || min <= 0 ? 1.0 : max / min;
    }

    /**
     * The median as operations per second, whether JMH measured throughput ({@code ops/ms}, ...)
     * or time per operation ({@code us/op}, ...).
     *
     * @throws IllegalArgumentException for a unit that is neither
     */
    public double medianOpsPerSecond() {
        return opsPerSecond(median(), unit);
    }

    public static double opsPerSecond(double value, String unit) {
        String[] parts = unit == null ? new String[0] : unit.split("/");
        if (parts.length == 2 && parts[0].equals("ops")) {
            return value / seconds(parts[1], unit);
        }
        if (parts.length == 2 && parts[1].equals("op")) {
            return 1.0 / (value * seconds(parts[0], unit));
        }
        throw new IllegalArgumentException("unit '" + unit + "' is neither a throughput (ops/s) nor a time per operation (ns/op)");
    }

    private static double seconds(String timeUnit, String unit) {
        switch (timeUnit) {
            case "ns": return 1e-9;
            case "us": return 1e-6;
            case "ms": return 1e-3;
            case "s": return 1;
            case "min": return 60;
            case "hr": return 3600;
            case "day": return 86400;
            default: throw new IllegalArgumentException("unit '" + unit + "' has an unknown time unit '" + timeUnit + "'");
        }
    }

    static List<Double> flatten(List<List<Double>> perFork) {
        List<Double> all = new ArrayList<>();
        perFork.forEach(all::addAll);
        return all;
    }
}
