package io.durascale.loadtests.probe;

import io.durascale.run.LatencySummary;
import io.durascale.run.RunDirectory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Named latency distributions in milliseconds (HdrHistogram, 3 significant digits, auto-resizing),
 * written as {@code latency/<name>.hgrm} (HdrHistogram's percentile distribution) and
 * {@code latency/<name>.json} (the {@link LatencySummary} the report and the gate read). Gatling since 3.14 keeps
 * its statistics to its HTML report, so what a gate needs is recorded here.
 */
public final class LatencyHistograms {

    private final Map<String, Histogram> histograms = new TreeMap<>();

    /** Records one value; negative values (clock skew between machines) count as zero. */
    public synchronized void record(String name, long millis) {
        histograms.computeIfAbsent(name, n -> new Histogram(3)).recordValue(Math.max(0, millis));
    }

    /** The summary of one distribution, if anything was recorded in it. */
    public synchronized Optional<LatencySummary> summary(String name) {
        Histogram h = histograms.get(name);
        return h == null || h.getTotalCount() == 0 ? Optional.empty() : Optional.of(summary(name, h));
    }

    public synchronized long count(String name) {
        Histogram h = histograms.get(name);
        return h == null ? 0 : h.getTotalCount();
    }

    /** Every summary by name. */
    public synchronized Map<String, LatencySummary> summaries() {
        Map<String, LatencySummary> all = new LinkedHashMap<>();
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
            run.write(summary(name, h));
        });
    }

    private static LatencySummary summary(String name, Histogram h) {
        return new LatencySummary(name, LatencySummary.MILLISECONDS, h.getTotalCount(), (double) h.getMinValue(),
                Math.round(h.getMean() * 10) / 10.0, (double) h.getValueAtPercentile(50),
                (double) h.getValueAtPercentile(90), (double) h.getValueAtPercentile(95),
                (double) h.getValueAtPercentile(99), (double) h.getMaxValue());
    }
}
