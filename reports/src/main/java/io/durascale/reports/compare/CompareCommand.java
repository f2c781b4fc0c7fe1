package io.durascale.reports.compare;

import io.durascale.reports.cost.Pricing;
import io.durascale.reports.cost.PricingOptions;
import io.durascale.reports.report.CapacityReport;
import io.durascale.reports.report.Kinds;
import io.durascale.reports.report.ReportCommand;
import io.durascale.run.RunFile;
import io.durascale.run.RunInputException;
import io.durascale.run.RunReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
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
            runDirs.addAll(runDirectories(dir));
        }
        List<RunReader> runs = ReportCommand.readAll(runDirs);
        Path dir = out != null ? out : dirs.get(0).toAbsolutePath().normalize().resolve("comparison");
        System.out.println("==> comparing " + runs.size() + " runs");
        String html = new CapacityReport().render("Runs compared", List.of(new SweepComparisonSection(charted)), runs, pricing,
                ReportCommand.createFolder(dir));
        ReportCommand.write(html, dir, Kinds.of(runs).label("comparison"));
        return 0;
    }

    /**
     * The folder itself when it is a run directory (it has run.json or metrics.json), else the run directories in it.
     *
     * @throws RunInputException when it is neither
     */
    static List<Path> runDirectories(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new RunInputException(dir + " does not exist or is not a directory: give run directories or a sweep's "
                    + "folder (simulate --sweep ... --out DIR).");
        }
        if (isRun(dir)) {
            return List.of(dir);
        }
        try (Stream<Path> children = Files.list(dir)) {
            List<Path> runs = children.filter(Files::isDirectory).filter(CompareCommand::isRun)
                    .sorted(Comparator.comparing(Path::toString)).toList();
            if (runs.isEmpty()) {
                throw new RunInputException(dir + " is neither a run directory nor a folder of them (no " + RunFile.RUN.fileName()
                        + " in it or its subfolders): give the folder simulate --sweep wrote.");
            }
            return runs;
        } catch (IOException e) {
            throw new RunInputException(dir + " cannot be listed: " + e.getMessage());
        }
    }

    private static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(RunFile.RUN.fileName())) || Files.isRegularFile(dir.resolve(RunFile.METRICS.fileName()));
    }
}
