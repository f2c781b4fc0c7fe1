package io.durascale.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * {@code latency/<name>.json}, and each entry of {@code metrics.json}'s {@code latency}: one operation's
 * latency percentiles in milliseconds. Absent percentiles are null (NaN in {@link #value}).
 */
@JsonPropertyOrder({"name", "unit", "count", "min", "mean", "p50", "p90", "p95", "p99", "max"})
public record LatencySummary(String name, String unit, long count, Double min, Double mean, Double p50, Double p90,
                             Double p95, Double p99, Double max) {

    public static final String MILLISECONDS = "ms";

    public LatencySummary {
        unit = unit == null ? MILLISECONDS : unit;
    }

    /** A percentile by name ({@code p95}, {@code mean}, …), NaN when absent or unknown. */
    @JsonIgnore
    public double value(String statistic) {
        Double v = switch (statistic) {
            case "min" -> min;
            case "mean" -> mean;
            case "p50" -> p50;
            case "p90" -> p90;
            case "p95" -> p95;
            case "p99" -> p99;
            case "max" -> max;
            default -> null;
        };
        return v == null ? Double.NaN : v;
    }

    /** The same figures under another name. */
    public LatencySummary named(String other) {
        return new LatencySummary(other, unit, count, min, mean, p50, p90, p95, p99, max);
    }
}
