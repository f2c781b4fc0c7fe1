package io.durascale.reports.gate;

import io.durascale.reports.ReportsCli;
import io.durascale.run.RunInfo;
import io.durascale.run.RunInputException;
import io.durascale.run.RunReader;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gate RUN_DIR --baseline FILE [--config FILE] [--out DIR] [--update-baseline]}: compares a run with a
 * baseline and fails the build on a regression. Exit status 0 pass, 1 regression, 2 bad input.
 */
@Command(name = "gate", mixinStandardHelpOptions = true,
        description = {"Compares a run directory with a baseline and exits 1 on a regression, writing gate/junit.xml "
                + "(one testcase per metric) and gate/summary.md (for $GITHUB_STEP_SUMMARY).",
                "Direction comes from each metric's unit; JMH results fail only when the run's confidence interval "
                        + "leaves out the baseline's score and the change exceeds a minimum effect; a calibration benchmark normalises machine speed.",
                "Exit status: 0 no regression, 1 regression, 2 bad input (missing baseline, unreadable file, bad config)."})
public final class GateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "the run directory to judge")
    Path runDir;

    @Option(names = "--baseline", required = true, paramLabel = "FILE",
            description = "baseline file (written by --update-baseline), or another run directory")
    Path baselinePath;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON thresholds merged over the defaults (see docs/sizing-and-gate.md)")
    Path configPath;

    @Option(names = "--out", paramLabel = "DIR", description = "where junit.xml and summary.md go (default: RUN_DIR/gate)")
    Path out;

    @Option(names = "--update-baseline", description = "write the baseline from this run (with its calibration score, "
            + "machine and date) instead of comparing")
    boolean updateBaseline;

    @Option(names = "--machine-baselines", paramLabel = "DIR", description = "where this machine's own baselines are "
            + "kept, one per workload (default: $DURASCALE_HOME/baselines, else ~/.durascale/baselines)")
    Path machineBaselines;

    @Option(names = "--no-machine-baseline", description = "do not read or write this machine's baseline: times, "
            + "latencies and rates are then not gated")
    boolean noMachineBaseline;

    @Option(names = "--update-machine-baseline", description = "compare, then start this machine's baseline again from "
            + "this run (otherwise a passing run adds its values to it, up to " + MachineBaseline.SAMPLES + " runs)")
    boolean updateMachineBaseline;

    @Override
    public Integer call() throws IOException {
        GateConfig config = configPath == null ? GateConfig.defaults() : GateConfig.load(configPath);
        System.out.println("==> reading " + runDir);
        RunReader run = RunReader.read(runDir);
        Baseline.requireReadable(run);
        List<Metric> metrics = GateableMetrics.of(run);
        if (metrics.isEmpty()) {
            throw new RunInputException(run.path() + " holds nothing to gate (no jmh.json, latency/, metrics.json or "
                    + "taskhub-bench.json): run the benchmarks or the load tests into it first.");
        }
        System.out.println("    " + metrics.size() + " metrics");
        if (updateBaseline) {
            Baseline.write(baselinePath, run, metrics, config.calibration());
            System.out.println("==> baseline: " + baselinePath.toAbsolutePath().normalize() + " (" + metrics.size()
                    + " metrics from " + run.label() + "; commit it to gate later runs against it)");
            return ReportsCli.OK;
        }
        Baseline baseline = Baseline.read(baselinePath);
        RunInfo info = run.run().orElse(null);
        Path machineFile = noMachineBaseline ? null : MachineBaseline.fileFor(
                machineBaselines != null ? machineBaselines : MachineBaseline.defaultDirectory(), info).orElse(null);
        MachineBaseline machine = machineFile == null ? null : MachineBaseline.read(machineFile).orElse(null);
        boolean sameMachineFigures = metrics.stream().anyMatch(m -> m.kind().sameMachineOnly());
        Map<String, List<Double>> samples = machine == null ? null : machine.samplesByKey();
        String machineDescription = !sameMachineFigures ? null
                : machine != null ? "this machine's baseline " + machineFile + " (" + machine.runs().size()
                + (machine.runs().size() == 1 ? " earlier run" : " earlier runs") + " of this workload)"
                : "not gated: the first run of this workload on this machine" + (machineFile == null ? ""
                : "; recorded as its baseline " + machineFile + ", which later runs are gated against");
        if (Files.isDirectory(baselinePath)) {
            // Another run directory named as the baseline: its times and rates are the one sample, if its workload is ours.
            BaselineFile.Workload ours = BaselineFile.Workload.of(info);
            machineFile = null;
            if (ours != null && baseline.workload() != null && !ours.equals(baseline.workload())) {
                samples = null;
                machineDescription = "not gated: the load-test workload differs from " + baselinePath + "'s ("
                        + Gate.difference(ours, baseline.workload()) + "), and times and rates compare only under the same one";
            } else {
                samples = new java.util.LinkedHashMap<>();
                for (Metric m : baseline.metrics()) {
                    if (m.kind().sameMachineOnly()) {
                        samples.put(m.key(config.ignoreParams()), List.of(m.score()));
                    }
                }
                machineDescription = "the run directory " + baselinePath + " (one run; its machine is taken to be this one)";
            }
        }
        GateResult result = new Gate(config).compare(run.label(), Baseline.describeMachine(info == null ? null : info.machine()),
                metrics, baseline, samples);
        result = result.withMachineBaseline(machineDescription);
        System.out.println("==> code benchmarks, allocation, counted operations (comparable on any machine): against "
                + baseline.description());
        System.out.println("    machine speed: " + result.calibration().explanation());
        if (sameMachineFigures) {
            System.out.println("==> times, latencies, rates (comparable only on the same machine): " + machineDescription);
        }
        Path dir = out != null ? out : run.path().resolve("gate");
        Path junit = dir.resolve("junit.xml");
        Path summary = dir.resolve("summary.md");
        JUnitReport.write(result, junit);
        MarkdownSummary.write(result, summary);
        for (Verdict v : result.verdicts()) {
            if (v.failed()) {
                System.out.println("    REGRESSION " + v.id() + ": " + v.reason());
            }
        }
        System.out.printf("==> gate %s: %d passed, %d failed, %d not gated%n", result.passed() ? "passed" : "FAILED",
                result.count(Verdict.Status.PASS), result.count(Verdict.Status.FAIL), result.count(Verdict.Status.SKIP));
        if (machineFile != null && sameMachineFigures && info != null) {
            // A passing run teaches the band; a failing one does not become the reference (unless asked).
            if (updateMachineBaseline || machine == null && result.passed()) {
                MachineBaseline.of(info, run.label(), metrics).write(machineFile);
                System.out.println("    this machine's baseline: " + machineFile + " (started from this run)");
            } else if (machine != null && result.passed()) {
                MachineBaseline grown = machine.adding(run.label(), metrics);
                grown.write(machineFile);
                System.out.println("    this machine's baseline: " + machineFile + " (now " + grown.runs().size() + " runs)");
            } else if (machine == null) {
                System.out.println("    this machine's baseline: not recorded, because the gate failed");
            }
        }
        System.out.println("    summary: " + summary.toAbsolutePath().normalize());
        System.out.println("    junit:   " + junit.toAbsolutePath().normalize());
        return result.passed() ? ReportsCli.OK : ReportsCli.REGRESSION;
    }

}
