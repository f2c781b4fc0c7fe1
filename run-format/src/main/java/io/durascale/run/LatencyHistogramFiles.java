package io.durascale.run;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;

/**
 * The one writer of a latency's two files, {@code latency/<name>.hgrm} (HdrHistogram's own percentile distribution)
 * and {@code latency/<name>.json} (its {@link LatencySummary}), for every instrument that measures or simulates
 * latencies in milliseconds (the load tests, the simulator), so their files read alike. HdrHistogram is an optional
 * dependency of run-format: only writers need it.
 */
public final class LatencyHistogramFiles {

    private LatencyHistogramFiles() {
    }

    /** Writes both files of a non-empty histogram; an empty one writes nothing (there is no latency to show). */
    public static void write(RunDirectory run, String name, Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return;
        }
        Path hgrm = run.file("latency/" + name + ".hgrm");
        try {
            Files.createDirectories(hgrm.getParent());
            try (PrintStream out = new PrintStream(Files.newOutputStream(hgrm), false, "UTF-8")) {
                histogram.outputPercentileDistribution(out, 1.0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + hgrm + ": " + e.getMessage(), e);
        }
        run.write(summary(name, histogram));
    }

    /** The summary of a histogram of milliseconds: count, extremes, the mean to 0.1 ms and the percentiles. */
    public static LatencySummary summary(String name, Histogram h) {
        return new LatencySummary(name, LatencySummary.MILLISECONDS, h.getTotalCount(), (double) h.getMinValue(),
                Math.round(h.getMean() * 10) / 10.0, (double) h.getValueAtPercentile(50),
                (double) h.getValueAtPercentile(90), (double) h.getValueAtPercentile(95),
                (double) h.getValueAtPercentile(99), (double) h.getMaxValue());
    }
}
