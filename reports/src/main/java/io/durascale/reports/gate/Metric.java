package io.durascale.reports.gate;

import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One measured figure of a run or a baseline. Its identity is the name, the parameters (minus any the
 * config ignores), the JMH mode and thread count: the same benchmark with other params is another metric.
 *
 * @param low  lower bound of JMH's 99.9% confidence interval, NaN where there is none
 * @param high upper bound, NaN where there is none
 */
public record Metric(MetricKind kind, String name, SortedMap<String, String> params, String mode, int threads,
                     String unit, double score, double low, double high) {

    public Metric {
        params = params == null ? new TreeMap<>() : new TreeMap<>(params);
        mode = mode == null ? "" : mode;
    }

    public boolean hasConfidence() {
        return Double.isFinite(low) && Double.isFinite(high);
    }

    /** The identity used to pair run and baseline. */
    public String key(Set<String> ignoreParams) {
        String p = params.entrySet().stream().filter(e -> !ignoreParams.contains(e.getKey()))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        return switch (kind) {
            case JMH -> "jmh:" + name + "[" + p + "]@" + mode + ",t" + threads;
            case ALLOCATION -> "jmh:" + name + "[" + p + "]@" + mode + ",t" + threads + ":gc.alloc.rate.norm";
            case LATENCY -> "latency:" + name;
            case TIME -> "time:" + name;
            case RATE -> "rate:" + name;
            case COUNT -> "count:" + name;
        };
    }

    /** The identity with every parameter, as people read it in the summary and the JUnit report. */
    public String id() {
        return key(Set.of());
    }

    /** The same metric with its score and interval multiplied (calibration). */
    public Metric scaled(double factor) {
        return new Metric(kind, name, params, mode, threads, unit, score * factor, low * factor, high * factor);
    }

    public Direction direction() {
        return Direction.ofUnit(unit);
    }
}
