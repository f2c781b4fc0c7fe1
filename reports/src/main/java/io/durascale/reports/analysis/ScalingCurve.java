package io.durascale.reports.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.durascale.reports.run.JmhResult;
import io.durascale.reports.run.RunDirectory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The kernel's scaling curve (threads → ops/s), from sizing.json's measurement and JMH throughput results. */
public final class ScalingCurve {

    private ScalingCurve() {
    }

    /** Calibration benchmarks measure the machine, not the kernel: they stay out of the curve. */
    private static final java.util.regex.Pattern CALIBRATION = java.util.regex.Pattern.compile("(?i)calibration");
    /** A method named for its thread count, as ThreadSweepBenchmark.threads1/threads2/threads4. */
    private static final java.util.regex.Pattern THREAD_METHOD = java.util.regex.Pattern.compile("threads\\d+$");

    public static List<CurveSeries> of(RunDirectory run) {
        List<CurveSeries> series = new ArrayList<>();
        run.sizing().ifPresent(s -> {
            JsonNode m = s.path("measured");
            JsonNode threads = m.path("threads");
            JsonNode ops = m.path("opsPerSecond");
            List<double[]> points = new ArrayList<>();
            for (int i = 0; i < Math.min(threads.size(), ops.size()); i++) {
                points.add(new double[] {threads.get(i).asDouble(), ops.get(i).asDouble()});
            }
            if (!points.isEmpty()) {
                series.add(new CurveSeries("sizing: " + s.path("kernel").asText("kernel")
                        + (s.has("blockSize") ? " (block " + s.path("blockSize").asText() + ")" : ""), "ops/s", points));
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
                    .map(r -> new double[] {r.threads(), r.primary().score() * perSecond(r.primary().unit())}).toList();
            series.add(new CurveSeries("JMH " + name, "ops/s", points));
        });
        return series;
    }

    /** JMH throughput units (ops/s, ops/ms, ops/us, ops/ns, ops/min) as a factor to ops/s. */
    static double perSecond(String unit) {
        return switch (unit.substring(unit.indexOf('/') + 1)) {
            case "ms" -> 1e3;
            case "us" -> 1e6;
            case "ns" -> 1e9;
            case "min" -> 1 / 60.0;
            default -> 1;
        };
    }
}
