package io.durascale.reports.gate;

import java.util.Locale;
import java.util.Set;

/**
 * Which way is better, read from a metric's unit: work per time (ops/s, ops/ms, orchestrations/s) is better
 * higher; time per work (ms/op, us/op), plain times (ms, s) and bytes per operation (B/op) are better lower.
 * Getting this from the unit, not from a default, is what keeps a throughput drop from passing as a speed-up.
 */
public enum Direction {
    HIGHER_IS_BETTER, LOWER_IS_BETTER, UNKNOWN;

    private static final Set<String> TIME = Set.of("ns", "us", "µs", "μs", "ms", "s", "sec", "second", "seconds", "min",
            "h", "hr");
    private static final Set<String> BYTES = Set.of("b", "byte", "bytes", "kb", "kib", "mb", "mib", "gb", "gib");

    public static Direction ofUnit(String unit) {
        if (unit == null || unit.isBlank()) {
            return UNKNOWN;
        }
        String[] parts = unit.trim().split("/", 2);
        String top = parts[0].trim().toLowerCase(Locale.ROOT);
        if (parts.length == 1) {
            return TIME.contains(top) || BYTES.contains(top) ? LOWER_IS_BETTER : UNKNOWN;
        }
        String per = parts[1].trim().toLowerCase(Locale.ROOT);
        boolean topTime = TIME.contains(top);
        boolean topBytes = BYTES.contains(top);
        boolean perTime = TIME.contains(per);
        boolean perBytes = BYTES.contains(per);
        if (per.equals("orchestration") && !topTime) {
            return LOWER_IS_BETTER; // operations/orchestration: work spent per unit of the workload
        }
        if ((topTime || topBytes) && !perTime && !perBytes) {
            return LOWER_IS_BETTER; // ms/op, us/op, B/op
        }
        if (!topTime && !topBytes && !top.equals("counts") && perTime) {
            return HIGHER_IS_BETTER; // ops/s, orchestrations/s
        }
        return UNKNOWN; // MB/sec allocation rate, counts, ...: no direction of its own
    }

    /** How much worse {@code value} is than {@code reference}, as a fraction of the reference (negative: better). */
    public double worsening(double reference, double value) {
        return switch (this) {
            case HIGHER_IS_BETTER -> (reference - value) / reference;
            case LOWER_IS_BETTER -> (value - reference) / reference;
            case UNKNOWN -> Double.NaN;
        };
    }
}
