package io.durascale.benchmarks.sizing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The consistency check on a measurement: on a machine with two or more CPUs, two threads of a
 * CPU-bound kernel should compute at least {@value #EXPECTED_TWO_THREAD_SPEEDUP} times one thread.
 * When they do not, the check says what on the measuring machine could explain it rather than
 * letting the sizing quietly carry the shortfall into every extrapolation.
 *
 * @param speedup two threads over one, or NaN when not measured
 * @param ok true when met or not applicable
 * @param explanation one line for the console and {@code sizing.json}
 */
public record ScalingCheck(double speedup, double expected, boolean ok, String explanation) {

    public static final double EXPECTED_TWO_THREAD_SPEEDUP = 1.6;

    /**
     * @param factsNow whether {@code facts} were read right after the run on the same machine
     *     (the load average then covers the run), rather than at an unknown later time
     */
    public static ScalingCheck of(KernelMeasurement measurement, boolean factsNow) {
        ScalingCurve curve = measurement.curve();
        double expected = EXPECTED_TWO_THREAD_SPEEDUP;
        if (curve.cpus() < 2) {
            return new ScalingCheck(Double.NaN, expected, true, "not applicable: the measuring machine has 1 CPU");
        }
        ScalingCurve.Point two = curve.points().stream().filter(p -> p.threads() == 2).findFirst().orElse(null);
        if (two == null) {
            return new ScalingCheck(Double.NaN, expected, true,
                    "not checked: 2 threads were not measured (run ThreadSweepBenchmark for -p kernel=" + measurement.kernel() + ")");
        }
        double speedup = curve.speedup(2);
        if (speedup >= expected) {
            return new ScalingCheck(speedup, expected, true, String.format(Locale.ROOT,
                    "2 threads computed %.2fx one thread (efficiency %.2f), at least the %.1fx expected on %d CPUs",
                    speedup, speedup / 2, expected, curve.cpus()));
        }
        List<String> causes = new ArrayList<>();
        MachineFacts facts = measurement.facts();
        if (facts.threadsPerCore() >= 2) {
            causes.add("the CPUs are SMT siblings (" + facts.threadsPerCore()
                    + " hardware threads per core), which share one core's execution units");
        }
        if (facts.virtualMachine()) {
            causes.add("this is a virtual machine: its vCPUs may be hyper-threads of one host core or shared with "
                    + "other guests, which the guest cannot see");
        }
        if (two.spread() > 1.15) {
            causes.add(String.format(Locale.ROOT, "the 2-thread iterations varied by %.0f %% (max/min), a sign of "
                    + "interference during the run", 100 * (two.spread() - 1)));
        }
        if (facts.loadAverage() != null) {
            double[] load = facts.loadAverage();
            String when = factsNow ? "just after the run" : "when sized (not necessarily during the run)";
            if (load[0] > 0.5) {
                causes.add(String.format(Locale.ROOT, "other processes are busy %s (1-minute load average %.2f on %d CPUs), "
                        + "so they probably competed with the benchmark", when, load[0], curve.cpus()));
            } else {
                causes.add(String.format(Locale.ROOT, "load averages %s are %s (1/5/15 min), which includes the "
                        + "benchmark's own threads; load beyond them during the run competed with it", when,
                        facts.describeLoad()));
            }
        }
        causes.add("a memory- or cache-bound kernel shares bandwidth between threads, and a single busy core may "
                + "run at a higher turbo clock than two");
        String explanation = String.format(Locale.ROOT,
                "2 threads computed only %.2fx one thread (efficiency %.2f), below the %.1fx a CPU-bound kernel should "
                        + "reach on %d CPUs; possible causes: %s. Larger SKUs are extrapolated from this efficiency, so "
                        + "rerun when the machine is idle (uptime near 0) or measure the SKUs in cluster mode",
                speedup, speedup / 2, expected, curve.cpus(), String.join("; ", causes));
        return new ScalingCheck(speedup, expected, false, explanation);
    }
}
