package io.durascale.loadtests.probe;

import io.durascale.run.LatencyHistogramFiles;
import io.durascale.run.LatencySummary;
import io.durascale.run.RunDirectory;
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
        return h == null || h.getTotalCount() == 0 ? Optional.empty() : Optional.of(LatencyHistogramFiles.summary(name, h));
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
                all.put(name, LatencyHistogramFiles.summary(name, h));
            }
        });
        return all;
    }

    /** Writes every non-empty histogram into {@code latency/} of the run directory. */
    public synchronized void writeTo(RunDirectory run) {
        histograms.forEach((name, h) -> LatencyHistogramFiles.write(run, name, h));
    }
}
