package io.durascale.reports.gate;

import io.durascale.reports.ReportsCli;
import io.durascale.run.RunInfo;
import io.durascale.run.RunInputException;
import io.durascale.run.RunReader;
import java.io.IOException;
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
                "Direction comes from each metric's unit; JMH results fail only when their confidence intervals do not "
                        + "overlap and the change exceeds a minimum effect; a calibration benchmark normalises machine speed.",
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
        System.out.println("==> comparing with " + baseline.description() + " (" + baseline.metrics().size() + " metrics)");
        GateResult result = new Gate(config).compare(run.label(),
                Baseline.describeMachine(run.run().map(RunInfo::machine).orElse(null)),
                BaselineFile.Workload.of(run.run().orElse(null)), metrics, baseline);
        System.out.println("    machine speed: " + result.calibration().explanation());
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
        System.out.println("    summary: " + summary.toAbsolutePath().normalize());
        System.out.println("    junit:   " + junit.toAbsolutePath().normalize());
        return result.passed() ? ReportsCli.OK : ReportsCli.REGRESSION;
    }

}
