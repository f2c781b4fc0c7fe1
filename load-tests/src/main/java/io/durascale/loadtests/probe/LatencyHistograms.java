package io.durascale.loadtests.probe;

import io.durascale.run.RunDirectory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Named latency distributions in milliseconds (HdrHistogram, 3 significant digits, auto-resizing),
 * written as {@code latency/<name>.hgrm} (HdrHistogram's percentile distribution) and
 * {@code latency/<name>.json} (the summary the report and the gate read). Gatling since 3.14 keeps
 * its statistics to its HTML report, so what a gate needs is recorded here.
 */
public final class LatencyHistograms {

    private final Map<String, Histogram> histograms = new TreeMap<>();

    /** Records one value; negative values (clock skew between machines) count as zero. */
    public synchronized void record(String name, long millis) {
        histograms.computeIfAbsent(name, n -> new Histogram(3)).recordValue(Math.max(0, millis));
    }

    /** {@code {"name", "unit", "count", "min", "mean", "p50", "p90", "p95", "p99", "max"}}, or null if nothing was recorded. */
    public synchronized Map<String, Object> summary(String name) {
        Histogram h = histograms.get(name);
        return h == null || h.getTotalCount() == 0 ? null : summary(name, h);
    }

    public synchronized long count(String name) {
        Histogram h = histograms.get(name);
        return h == null ? 0 : h.getTotalCount();
    }

    /** Every summary by name. */
    public synchronized Map<String, Map<String, Object>> summaries() {
        Map<String, Map<String, Object>> all = new LinkedHashMap<>();
        histograms.forEach((name, h) -> {
            if (h.getTotalCount() > 0) {
                all.put(name, summary(name, h));
            }
        });
        return all;
    }

    /** Writes every non-empty histogram into {@code latency/} of the run directory. */
    public synchronized void writeTo(RunDirectory run) {
        histograms.forEach((name, h) -> {
            if (h.getTotalCount() == 0) {
                return;
            }
            Path hgrm = run.file("latency/" + name + ".hgrm");
            try {
                Files.createDirectories(hgrm.getParent());
                try (PrintStream out = new PrintStream(Files.newOutputStream(hgrm), false, "UTF-8")) {
                    h.outputPercentileDistribution(out, 1.0);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + hgrm + ": " + e.getMessage(), e);
            }
            run.writeJson("latency/" + name + ".json", summary(name, h));
        });
    }

    private static Map<String, Object> summary(String name, Histogram h) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", name);
        s.put("unit", "ms");
        s.put("count", h.getTotalCount());
        s.put("min", h.getMinValue());
        s.put("mean", Math.round(h.getMean() * 10) / 10.0);
        s.put("p50", h.getValueAtPercentile(50));
        s.put("p90", h.getValueAtPercentile(90));
        s.put("p95", h.getValueAtPercentile(95));
        s.put("p99", h.getValueAtPercentile(99));
        s.put("max", h.getMaxValue());
        return s;
    }
}
