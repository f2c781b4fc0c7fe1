package io.durascale.reports.analysis;

import io.durascale.run.RunReader;
import io.durascale.run.Sizing;
import io.durascale.run.jmh.JmhMetric;
import io.durascale.run.jmh.JmhResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The kernel's throughput against threads (ops/s) as the report charts it: the sizing's measured curve
 * (sizing.json) and one series per JMH benchmark measured at several thread counts.
 */
public final class KernelThroughputCurves {

    /** Calibration benchmarks measure the machine, not the kernel: they stay out of the curve. */
    private static final Pattern CALIBRATION = Pattern.compile("(?i)calibration");
    /** A method named for its thread count, as ThreadSweepBenchmark.threads1/threads2/threads4. */
    private static final Pattern THREAD_METHOD = Pattern.compile("threads\\d+$");

    private KernelThroughputCurves() {
    }

    public static List<CurveSeries> of(RunReader run) {
        List<CurveSeries> series = new ArrayList<>();
        run.sizing().ifPresent(s -> {
            List<double[]> points = new ArrayList<>();
            Sizing.Measured m = s.measured();
            if (m != null) {
                for (int i = 0; i < Math.min(m.threads().size(), m.opsPerSecond().size()); i++) {
                    points.add(new double[] {number(m.threads().get(i)), number(m.opsPerSecond().get(i))});
                }
            }
            if (!points.isEmpty()) {
                series.add(new CurveSeries("sizing: " + (s.kernel() == null ? "kernel" : s.kernel())
                        + (s.blockSize() != null ? " (block " + s.blockSize() + ")" : ""), "ops/s", points));
            }
        });
        // One series per benchmark and params across thread counts; a thread sweep written as one method per
        // count (threads1, threads2, ...) is one series. A benchmark measured at one thread count is no curve:
        // it stays out (it would only flatten the chart), and the JMH table lists it.
        Map<String, List<JmhResult>> groups = new LinkedHashMap<>();
        for (JmhResult r : run.jmh()) {
            if (r.mode().equals("thrpt") && !CALIBRATION.matcher(r.benchmark()).find()) {
                String key = THREAD_METHOD.matcher(r.shortName()).replaceFirst("threads")
                        + (r.params().isEmpty() ? "" : " [" + r.paramText() + "]");
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            }
        }
        groups.values().removeIf(results -> results.stream().mapToInt(JmhResult::threads).distinct().count() < 2);
        groups.forEach((name, results) -> {
            results.sort(Comparator.comparingInt(JmhResult::threads));
            List<double[]> points = results.stream()
                    .map(r -> new double[] {r.threads(), opsPerSecond(r.primary())}).toList();
            series.add(new CurveSeries("JMH " + name, "ops/s", points));
        });
        return series;
    }

    /** A throughput score in ops/s, whatever time unit JMH gave it in (the score as given if the unit is not one). */
    private static double opsPerSecond(JmhMetric score) {
        try {
            return JmhMetric.opsPerSecond(score.score(), score.unit());
        } catch (IllegalArgumentException e) {
            return score.score();
        }
    }

    private static double number(Number n) {
        return n == null ? Double.NaN : n.doubleValue();
    }
}
