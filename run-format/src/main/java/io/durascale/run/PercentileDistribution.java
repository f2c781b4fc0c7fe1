package io.durascale.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An HdrHistogram percentile distribution as {@code Histogram.outputPercentileDistribution} prints it
 * ({@code .hgrm}): rows of value, percentile, total count, 1/(1-percentile), then a few {@code #[...]} lines.
 */
public record PercentileDistribution(String name, double[] values, double[] percentiles, long totalCount,
                                     double mean, double max) {

    public static PercentileDistribution read(String name, Path file) throws IOException {
        List<double[]> rows = new ArrayList<>();
        long total = 0;
        double mean = Double.NaN;
        double max = Double.NaN;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#[Mean")) {
                mean = footerValue(trimmed, "Mean");
            } else if (trimmed.startsWith("#[Max")) {
                max = footerValue(trimmed, "Max");
                double count = footerValue(trimmed, "Total count");
                if (Double.isFinite(count)) {
                    total = (long) count;
                }
            } else if (!trimmed.isEmpty() && (Character.isDigit(trimmed.charAt(0)) || trimmed.charAt(0) == '.')) {
                String[] cols = trimmed.split("\\s+");
                if (cols.length >= 3) {
                    try {
                        rows.add(new double[] {Double.parseDouble(cols[0]), Double.parseDouble(cols[1]),
                                Double.parseDouble(cols[2])});
                    } catch (NumberFormatException e) {
                        throw new IOException("not an HdrHistogram percentile distribution: \"" + trimmed + "\"");
                    }
                }
            }
        }
        if (rows.isEmpty()) {
            throw new IOException("no percentile rows (expected Histogram.outputPercentileDistribution output)");
        }
        double[] values = new double[rows.size()];
        double[] percentiles = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            values[i] = rows.get(i)[0];
            percentiles[i] = rows.get(i)[1];
        }
        if (total == 0) {
            total = (long) rows.get(rows.size() - 1)[2];
        }
        if (Double.isNaN(max)) {
            max = values[values.length - 1];
        }
        return new PercentileDistribution(name, values, percentiles, total, mean, max);
    }

    /** The smallest recorded value at or above the given quantile (0..1). */
    public double valueAt(double quantile) {
        for (int i = 0; i < percentiles.length; i++) {
            if (percentiles[i] >= quantile) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    /** The percentiles a {@code latency/<name>.json} would hold, derived from this distribution. */
    public LatencySummary summary() {
        return new LatencySummary(name, LatencySummary.MILLISECONDS, totalCount, values[0], finite(mean), valueAt(0.50),
                valueAt(0.90), valueAt(0.95), valueAt(0.99), finite(max));
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static double footerValue(String line, String key) {
        int at = line.indexOf(key);
        if (at < 0) {
            return Double.NaN;
        }
        int eq = line.indexOf('=', at);
        int end = line.indexOf(',', eq);
        if (end < 0) {
            end = line.indexOf(']', eq);
        }
        try {
            return Double.parseDouble(line.substring(eq + 1, end < 0 ? line.length() : end).trim());
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
