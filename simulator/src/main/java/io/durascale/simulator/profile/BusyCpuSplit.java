package io.durascale.simulator.profile;

import io.durascale.run.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Two costs of the embedded stack's machine that grow with a sweep step's length rather than its work, from the
 * partition sweep: every step runs the same orchestrations on a saturated machine, so its busy CPU (cores x
 * machineCpu.mean x seconds) is the steps' common work, plus each owned partition's own loop per second (partitions x
 * seconds), plus each client status poll (the step's counted table reads, one a poll). Ordinary least squares over the
 * steps, which needs more steps than the three unknowns; both slopes must come out positive.
 *
 * @param partitionCpuMillis CPU per partition-second; 0 when the sweep cannot give it
 * @param pollCpuMillis CPU per status poll, its table read included; 0 when the sweep cannot give it
 */
record BusyCpuSplit(double partitionCpuMillis, double pollCpuMillis, String how) {

    static BusyCpuSplit of(List<Metrics.PartitionStep> steps, int cores) {
        List<double[]> rows = new ArrayList<>();
        for (Metrics.PartitionStep step : steps) {
            if (step.machineCpu() != null && step.seconds() != null && step.seconds() > 0 && step.backend() != null
                    && step.backend().hubOperations() != null) {
                rows.add(new double[] {1, step.partitions() * step.seconds(),
                        Calibration.statusPollReads(step.backend()), cores * step.machineCpu().mean() * step.seconds() * 1000});
            }
        }
        if (rows.size() < 4) {
            return new BusyCpuSplit(0, 0, "not separable: the run has fewer than four sweep steps with machine CPU");
        }
        double[] beta = leastSquares(rows);
        if (beta == null || beta[1] <= 0 || beta[2] <= 0) {
            return new BusyCpuSplit(0, 0, String.format(Locale.ROOT, "not separable: the sweep's busy CPU does not "
                    + "rise with its partition-seconds and status polls (slopes %.1f and %.1f ms)",
                    beta == null ? Double.NaN : beta[1], beta == null ? Double.NaN : beta[2]));
        }
        return new BusyCpuSplit(beta[1], beta[2], String.format(Locale.ROOT, "least squares of the sweep's busy machine "
                + "CPU over %d steps against partitions x seconds (%.1f ms each) and status polls, its table reads "
                + "(%.1f ms each)", rows.size(), beta[1], beta[2]));
    }

    /** Solves the normal equations of y = b0 + b1 x1 + b2 x2 (rows {1, x1, x2, y}); null when singular. */
    private static double[] leastSquares(List<double[]> rows) {
        double[][] a = new double[3][4];
        for (double[] r : rows) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    a[i][j] += r[i] * r[j];
                }
                a[i][3] += r[i] * r[3];
            }
        }
        for (int c = 0; c < 3; c++) {
            int pivot = c;
            for (int r = c + 1; r < 3; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            double[] t = a[c];
            a[c] = a[pivot];
            a[pivot] = t;
            if (Math.abs(a[c][c]) < 1e-9) {
                return null;
            }
            for (int r = 0; r < 3; r++) {
                if (r != c) {
                    double f = a[r][c] / a[c][c];
                    for (int k = c; k < 4; k++) {
                        a[r][k] -= f * a[c][k];
                    }
                }
            }
        }
        return new double[] {a[0][3] / a[0][0], a[1][3] / a[1][1], a[2][3] / a[2][2]};
    }
}
