package io.durascale.simulator.run;

import io.durascale.run.RunDirectory;
import io.durascale.run.RunReader;
import io.durascale.simulator.model.Scenario;
import io.durascale.simulator.profile.Calibration;
import io.durascale.simulator.profile.Parameter;
import io.durascale.simulator.profile.Profile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * The embedded machine's costs no figure of a run states directly, fitted by simulating the run's first step: the CPU
 * of a task hub work item (episode or activity) until the simulated fan-out fills the compute-jobs queue as fast as
 * the measured one did, the worker's CPU per block besides the kernel until the simulated queue drains as fast once
 * every desired worker is ready, and a new worker's first-block delay from the measured first step's ready
 * pod-seconds beyond that drain rate. The figures the replay validates are other ones.
 */
public final class CalibrationFit {

    private static final int STEPS = 9;

    private CalibrationFit() {
    }

    /** The fitted profile and what was fitted, or the profile unchanged with why not. */
    public record Fitted(Profile profile, List<Calibration.Item> fitted, List<Calibration.Item> notFitted) {
    }

    public static Fitted fit(Profile calibrated, RunReader measured, Scenario replay) {
        List<Calibration.Item> fitted = new ArrayList<>();
        List<Calibration.Item> not = new ArrayList<>();
        long blocks = replay.arrivals().stream().filter(a -> a.stack() == 0).mapToLong(Scenario.Arrival::blocks).sum();
        Optional<FirstStep> target = FirstStep.of(measured, blocks);
        if (calibrated.number(Parameter.MACHINE_CORES) <= 0 || target.isEmpty()
                || !Double.isFinite(target.get().fanOutPerSecond())) {
            not.add(new Calibration.Item(Parameter.EPISODE_CPU.key(), calibrated.setting(Parameter.EPISODE_CPU).text(),
                    "not fitted: " + (calibrated.number(Parameter.MACHINE_CORES) <= 0 ? "a cluster run"
                    : "the first step shows no fan-out to fit")));
            return new Fitted(calibrated, fitted, not);
        }
        FirstStep goal = target.get();
        Scenario first = new Scenario(replay.simulation(), replay.startEpochMillis(), replay.stacks().subList(0, 1),
                replay.arrivals().stream().filter(a -> a.stack() == 0).toList(), false);
        Path tmp;
        try {
            tmp = Files.createTempDirectory("durascale-fit");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a folder for the calibration's trial runs: " + e.getMessage(), e);
        }
        try {
            Profile p = calibrated;
            // A new worker's first block: the ready pod-seconds the measured drain rate does not explain.
            if (Double.isFinite(goal.drainPerSecond()) && goal.peakReplicas() > 0) {
                double perBlock = goal.peakReplicas() / goal.drainPerSecond();
                double warmup = Math.max(0, (goal.readyPodSeconds() - blocks * perBlock) / goal.peakReplicas());
                p = p.with(Parameter.FIRST_STEP_WORKER_WARMUP, Parameter.FIRST_STEP_WORKER_WARMUP.parse(Math.round(warmup * 1000)
                                + "ms"), where(measured) + "the first step's ready pod-seconds beyond " + blocks
                                + " blocks at its drain rate, per worker");
                p = p.with(Parameter.WORKER_WARMUP, Parameter.WORKER_WARMUP.parse("0ms"), where(measured) + "a warm "
                        + "machine's first block is not separable from the rest");
                fitted.add(item(p, Parameter.WORKER_WARMUP, "after the first step: not separable on a warm machine"));
                fitted.add(item(p, Parameter.FIRST_STEP_WORKER_WARMUP, String.format(Locale.ROOT, "%.1f ready pod-s for %d blocks at "
                        + "%.2f pod-s each, over %d workers", goal.readyPodSeconds(), blocks, perBlock, goal.peakReplicas())));
            }
            // The warm hub: a sweep step's fan-out (the stack's JVM has run the burst by then).
            java.util.OptionalDouble sweepGoal = SweepFanOut.seconds(measured);
            if (sweepGoal.isPresent() && replay.stacks().size() > 1) {
                Scenario.Stack s = replay.stacks().get(1);
                Scenario sweep = new Scenario(replay.simulation(), replay.startEpochMillis(), List.of(new Scenario.Stack(0, 0,
                        s.label(), s.hub(), s.partitions(), s.minReplicas(), s.maxReplicas(), s.verify(), s.podReadyDelay())),
                        replay.arrivals().stream().filter(a -> a.stack() == 1).map(a -> new Scenario.Arrival(a.at(), 0,
                                a.blocks())).toList(), false);
                java.util.OptionalDouble drainGoal = SweepDrain.perSecond(measured, 1);
                for (int round = 0; round < 2; round++) {
                    p = fitOne(p, sweep, tmp, Parameter.EPISODE_CPU, 0.5, 2_000,
                            run -> SweepFanOut.seconds(run, 0).orElse(Double.NaN), sweepGoal.getAsDouble(),
                            "sweep-step fan-out (s, first orchestration to every activity done)", measured, fitted, true);
                    if (drainGoal.isPresent()) {
                        p = fitOne(p, sweep, tmp, Parameter.WORKER_OVERHEAD, 0.5, 10_000,
                                run -> SweepDrain.perSecond(run, 0).orElse(Double.NaN), drainGoal.getAsDouble(),
                                "jobs/s sweep-step drain after its fan-out", measured, fitted, false);
                    }
                }
            }
            boolean swept = sweepGoal.isPresent() && replay.stacks().size() > 1;
            Parameter cold = swept ? Parameter.FIRST_STEP_WORK_ITEM_CPU : Parameter.EPISODE_CPU;
            Parameter coldWorker = swept && SweepDrain.perSecond(measured, 1).isPresent()
                    ? Parameter.FIRST_STEP_WORKER_OVERHEAD : Parameter.WORKER_OVERHEAD;
            // Orchestrations still arriving when the first worker is ready pace the fan-out themselves: it then shows
            // the arrivals, not the work items' cost, and the profile's value stays.
            LongSummaryStatistics arrivalTimes = replay.arrivals().stream().filter(a -> a.stack() == 0)
                    .mapToLong(Scenario.Arrival::at).summaryStatistics();
            Long firstReady = measured.metrics().map(m -> m.scaleUp() == null ? null
                    : m.scaleUp().firstEnqueueToFirstReadyMs()).orElse(null);
            boolean paced = firstReady != null && arrivalTimes.getMax() - arrivalTimes.getMin() > firstReady;
            if (paced) {
                not.add(new Calibration.Item(cold.key(), p.setting(cold).text(), String.format(Locale.ROOT, "not fitted: "
                        + "the first step's orchestrations arrive over %.1f s, past its first worker ready at %.1f s, so its "
                        + "fan-out shows the arrivals, not the work items' cost", (arrivalTimes.getMax()
                        - arrivalTimes.getMin()) / 1000.0, firstReady / 1000.0)));
            }
            for (int round = 0; round < 2; round++) {
                p = paced ? p : fitOne(p, first, tmp, cold, 0.5, 2_000, run -> FirstStep.of(run, blocks)
                        .map(FirstStep::fanOutPerSecond).orElse(Double.NaN), goal.fanOutPerSecond(), "jobs/s fan-out",
                        measured, fitted, false);
                if (Double.isFinite(goal.drainPerSecond())) {
                    p = fitOne(p, first, tmp, coldWorker, 0.5, 10_000, run -> FirstStep.of(run, blocks)
                            .map(FirstStep::drainPerSecond).orElse(Double.NaN), goal.drainPerSecond(),
                            "jobs/s drain with every desired worker ready", measured, fitted, false);
                }
            }
            return new Fitted(p, dedupe(fitted), not);
        } finally {
            delete(tmp);
        }
    }

    /** A profile whose first step is like any other: a sweep step's trial runs as the first of its scenario. */
    private static Profile warmOnly(Profile p) {
        Profile warm = p;
        for (Parameter cold : List.of(Parameter.FIRST_STEP_WORK_ITEM_CPU, Parameter.FIRST_STEP_WORKER_OVERHEAD,
                Parameter.FIRST_STEP_WORKER_WARMUP)) {
            warm = warm.with(cold, cold.parse("0ms"), "trial");
        }
        return warm;
    }

    /** Bisection in log space: the observable falls as the cost rises (rises, for a duration). */
    private static Profile fitOne(Profile base, Scenario first, Path tmp, Parameter parameter, double low, double high,
                                  ToDoubleFunction<RunReader> observe, double goal, String what, RunReader measured,
                                  List<Calibration.Item> fitted, boolean rises) {
        boolean warmTrial = parameter == Parameter.EPISODE_CPU && rises || parameter == Parameter.WORKER_OVERHEAD
                && what.startsWith("jobs/s sweep");
        DoubleFunction<Profile> at = ms -> {
            Profile p = base.with(parameter, parameter.parse(String.format(Locale.ROOT, "%.1fms", ms)), "trial");
            if (parameter == Parameter.EPISODE_CPU) {
                p = p.with(Parameter.ACTIVITY_CPU, p.setting(parameter).value(), "trial");
            }
            return warmTrial ? warmOnly(p) : p;
        };
        double lo = Math.log(low);
        double hi = Math.log(high);
        double best = Math.exp((lo + hi) / 2);
        double seen = Double.NaN;
        for (int i = 0; i < STEPS; i++) {
            double mid = (lo + hi) / 2;
            double value = observe.applyAsDouble(simulate(at.apply(Math.exp(mid)), first,
                    tmp.resolve(parameter.key() + "-" + System.nanoTime())));
            best = Math.exp(mid);
            seen = value;
            // No reading (NaN) means too slow to show one; an infinite rate, too fast.
            boolean tooCostly = rises ? Double.isNaN(value) || value > goal : Double.isNaN(value) || value < goal;
            if (tooCostly) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Profile p = base.with(parameter, parameter.parse(String.format(Locale.ROOT, "%.1fms", best)),
                where(measured) + "fitted so the simulated " + what + " is the measured " + goal);
        if (parameter == Parameter.EPISODE_CPU) {
            p = p.with(Parameter.ACTIVITY_CPU, p.setting(parameter).value(), p.setting(parameter).source());
        }
        fitted.add(item(p, parameter, String.format(Locale.ROOT, "fitted: simulated %.2f %s, measured %.2f",
                seen, what, goal)));
        return p;
    }

    private static RunReader simulate(Profile p, Scenario first, Path dir) {
        RunDirectory run = RunDirectory.create(dir, "fit");
        SimulationRunner.run(p.check(), first, run);
        return RunReader.read(run.path());
    }

    private static Calibration.Item item(Profile p, Parameter parameter, String how) {
        return new Calibration.Item(parameter.key(), p.setting(parameter).text(), how);
    }

    private static String where(RunReader measured) {
        return "calibrated from " + measured.label() + ": ";
    }

    private static List<Calibration.Item> dedupe(List<Calibration.Item> items) {
        List<Calibration.Item> last = new ArrayList<>();
        for (int i = items.size() - 1; i >= 0; i--) {
            Calibration.Item item = items.get(i);
            if (last.stream().noneMatch(l -> l.key().equals(item.key()))) {
                last.add(0, item);
            }
        }
        return last;
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }
}
