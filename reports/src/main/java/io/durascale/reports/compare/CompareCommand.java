package io.durascale.reports.compare;

import io.durascale.reports.cost.Pricing;
import io.durascale.reports.cost.PricingOptions;
import io.durascale.reports.report.CapacityReport;
import io.durascale.reports.report.Kinds;
import io.durascale.reports.report.ReportCommand;
import io.durascale.reports.report.RunFolders;
import io.durascale.run.RunInputException;
import io.durascale.run.RunReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code compare DIR...}: one page comparing runs, a row per run — a sweep's folder ({@code simulate --sweep}) stands
 * for every run directory in it.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Writes one self-contained index.html comparing runs: a row per run (its swept parameters), a column "
                + "per headline figure, a chart of one figure across them; each row says measured or simulated.",
                "A DIR that is not itself a run directory stands for the run directories in it (a sweep's folder)."})
public final class CompareCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "run directories, or folders of them (a sweep's folder)")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR",
            description = "folder for index.html (default: DIR/comparison for one folder of runs, else FIRST_DIR/comparison)")
    Path out;

    @Option(names = "--chart", paramLabel = "FIGURE", defaultValue = "queueDrained",
            description = "the figure charted across the runs (default ${DEFAULT-VALUE}): desiredReplicas, queueDrained, "
                    + "scaleToZero, podSeconds, orchestrationsPerSecond, endToEndP50, endToEndP95, cost")
    String chart;

    @Mixin
    PricingOptions pricingOptions = new PricingOptions();

    @Override
    public Integer call() throws IOException {
        ComparisonFigure charted;
        try {
            charted = ComparisonFigure.of(chart);
        } catch (IllegalArgumentException e) {
            throw new RunInputException("--chart " + e.getMessage() + ".");
        }
        Pricing pricing = pricingOptions.pricing();
        List<Path> runDirs = new ArrayList<>();
        for (Path dir : dirs) {
            runDirs.addAll(RunFolders.runDirectories(dir));
        }
        List<RunReader> runs = ReportCommand.readAll(runDirs);
        Path dir = out != null ? out : dirs.get(0).toAbsolutePath().normalize().resolve("comparison");
        System.out.println("==> comparing " + runs.size() + " runs");
        String html = new CapacityReport().render("Runs compared", List.of(new SweepComparisonSection(charted)), runs, pricing,
                ReportCommand.createFolder(dir));
        ReportCommand.write(html, dir, Kinds.of(runs).label("comparison"));
        return 0;
    }
}
