package io.durascale.simulator.profile;

import io.durascale.run.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What each owned partition's own loop costs the embedded stack's machine per second, from a run's partition sweep:
 * every step runs the same orchestrations on a saturated machine, so its busy CPU (cores x machineCpu.mean x seconds)
 * is the steps' common work plus a cost per partition-second. The slope of busy CPU against partitions x seconds,
 * Theil-Sen (the median of the steps' pairwise slopes), so one step slowed by another build on the machine does not
 * set it. Needs two steps with different partitions and their machine CPU.
 *
 * @param cpuMillisPerPartitionSecond 0 when the sweep cannot give it
 */
record PartitionUpkeep(double cpuMillisPerPartitionSecond, String how) {

    static PartitionUpkeep of(List<Metrics.PartitionStep> steps, int cores) {
        List<double[]> points = new ArrayList<>();
        for (Metrics.PartitionStep step : steps) {
            if (step.machineCpu() != null && step.seconds() != null && step.seconds() > 0 && step.orchestrations() > 0) {
                points.add(new double[] {step.partitions() * step.seconds(),
                        cores * step.machineCpu().mean() * step.seconds() * 1000});
            }
        }
        List<Double> slopes = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            for (int j = i + 1; j < points.size(); j++) {
                double dx = points.get(j)[0] - points.get(i)[0];
                if (Math.abs(dx) > 1e-9) {
                    slopes.add((points.get(j)[1] - points.get(i)[1]) / dx);
                }
            }
        }
        if (slopes.isEmpty()) {
            return new PartitionUpkeep(0, "the run's sweep has fewer than two steps with machine CPU: not separable");
        }
        List<Double> sorted = slopes.stream().sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        if (median <= 0) {
            return new PartitionUpkeep(0, String.format(Locale.ROOT, "the sweep's busy CPU does not rise with its "
                    + "partitions (slope %.1f ms per partition-second): none", median));
        }
        return new PartitionUpkeep(median, String.format(Locale.ROOT, "the slope of the sweep's busy machine CPU "
                + "against its partitions x seconds (Theil-Sen over %d steps)", points.size()));
    }
}
