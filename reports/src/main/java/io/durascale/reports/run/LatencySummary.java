package io.durascale.reports.run;

/** Latency percentiles of one measured operation, in milliseconds; NaN where the source had no value. */
public record LatencySummary(String name, long count, double min, double mean, double p50, double p90, double p95,
                             double p99, double max, String source) {

    /** The percentile named as in the contract and the gate config: p50, p90, p95, p99, max, mean, min. */
    public double get(String percentile) {
        return switch (percentile) {
            case "p50" -> p50;
            case "p90" -> p90;
            case "p95" -> p95;
            case "p99" -> p99;
            case "max" -> max;
            case "mean" -> mean;
            case "min" -> min;
            default -> Double.NaN;
        };
    }
}
