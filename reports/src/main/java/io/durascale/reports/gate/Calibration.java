package io.durascale.reports.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How much faster the run's machine is than the baseline's, from a calibration benchmark measured in both
 * (a JMH benchmark whose name matches the config's pattern, doing fixed CPU work unrelated to the code under
 * test). A factor of 0.5 means the run's machine is half as fast; the run's JMH scores are then divided by
 * it (throughput) or multiplied by it (time per operation) before they are compared.
 */
public record Calibration(double factor, String explanation, Set<String> calibrationKeys) {

    public static Calibration none(String why) {
        return new Calibration(1.0, why, Set.of());
    }

    public boolean applied() {
        return factor != 1.0 && !calibrationKeys.isEmpty();
    }

    public static Calibration of(List<Metric> run, List<Metric> baseline, Pattern pattern, Set<String> ignoreParams) {
        Function<List<Metric>, Map<String, Metric>> calibrations = list -> list.stream()
                .filter(m -> m.kind() == MetricKind.JMH && pattern.matcher(m.name()).find())
                .collect(Collectors.toMap(m -> m.key(ignoreParams), m -> m, (a, b) -> a));
        Map<String, Metric> inRun = calibrations.apply(run);
        Map<String, Metric> inBaseline = calibrations.apply(baseline);
        if (inRun.isEmpty() && inBaseline.isEmpty()) {
            return none("no calibration benchmark (pattern " + pattern + ") in the run or the baseline: "
                    + "scores compared as measured, so the baseline must come from a comparable machine");
        }
        if (inRun.isEmpty() || inBaseline.isEmpty()) {
            return new Calibration(1.0, "calibration benchmark only in the " + (inRun.isEmpty() ? "baseline" : "run")
                    + ": scores compared as measured", Set.copyOf(inRun.isEmpty() ? inBaseline.keySet() : inRun.keySet()));
        }
        double logSum = 0;
        int n = 0;
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Metric> e : inRun.entrySet()) {
            Metric base = inBaseline.get(e.getKey());
            Metric now = e.getValue();
            Direction d = now.direction();
            if (base == null || d == Direction.UNKNOWN || !now.unit().equals(base.unit()) || base.score() <= 0
                    || now.score() <= 0) {
                continue;
            }
            double speed = d == Direction.HIGHER_IS_BETTER ? now.score() / base.score() : base.score() / now.score();
            logSum += Math.log(speed);
            n++;
            parts.add(shortName(now.name()) + " " + format(now.score()) + " vs " + format(base.score()) + " " + now.unit());
        }
        java.util.Set<String> keys = new java.util.HashSet<>(inRun.keySet());
        keys.addAll(inBaseline.keySet());
        if (n == 0) {
            return new Calibration(1.0, "calibration benchmarks of run and baseline do not match (name, params, unit): "
                    + "scores compared as measured", Set.copyOf(keys));
        }
        double factor = Math.exp(logSum / n);
        return new Calibration(factor, String.format(java.util.Locale.ROOT,
                "this run's machine measured %.3f× the baseline's speed (%s); JMH scores were normalised by it",
                factor, String.join("; ", parts)), Set.copyOf(keys));
    }

    /** The run's metric as if measured on the baseline's machine. */
    public Metric normalise(Metric m) {
        if (factor == 1.0 || m.kind() != MetricKind.JMH) {
            return m;
        }
        return switch (m.direction()) {
            case HIGHER_IS_BETTER -> m.scaled(1 / factor);
            case LOWER_IS_BETTER -> m.scaled(factor);
            case UNKNOWN -> m;
        };
    }

    static String shortName(String benchmark) {
        String[] parts = benchmark.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : benchmark;
    }

    private static String format(double v) {
        return io.durascale.reports.report.Figures.number(v);
    }
}
