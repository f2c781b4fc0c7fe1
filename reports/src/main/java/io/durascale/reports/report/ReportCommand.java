package io.durascale.reports.report;

import io.durascale.reports.cost.Pricing;
import io.durascale.reports.cost.PricingOptions;
import io.durascale.run.FileStatus;
import io.durascale.run.RunInputException;
import io.durascale.run.RunReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code report RUN_DIR [RUN_DIR...] [--out DIR]}: writes the self-contained capacity report. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes one self-contained index.html (charts and data inlined; opens without network) for one run "
                + "directory, or a comparison of several.",
                "Every run-directory file is optional: the report shows what is there and says what is missing."})
public final class ReportCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "run directories; several are compared side by side")
    List<Path> runDirs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR",
            description = "folder for index.html (default: RUN_DIR/report, or FIRST_RUN_DIR/report/comparison for several)")
    Path out;

    @Mixin
    PricingOptions pricingOptions = new PricingOptions();

    @Override
    public Integer call() throws IOException {
        Pricing pricing = pricingOptions.pricing();
        List<RunReader> runs = readAll(runDirs);
        Path dir = out != null ? out : runs.size() == 1 ? runs.get(0).path().resolve("report")
                : runs.get(0).path().resolve("report").resolve("comparison");
        System.out.println("==> rendering " + CapacityReport.SECTIONS.size() + " sections");
        write(new CapacityReport().render(runs, pricing, createFolder(dir)), dir, Kinds.of(runs).label("report"));
        return 0;
    }

    /** Reads each run directory, saying what it found, what is missing and what it could not read. */
    public static List<RunReader> readAll(List<Path> runDirs) {
        List<RunReader> runs = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        java.util.Set<String> repeated = new java.util.HashSet<>();
        for (Path dir : runDirs) {
            Path name = dir.toAbsolutePath().normalize().getFileName();
            if (name != null && !names.add(name.toString())) {
                repeated.add(name.toString());
            }
        }
        for (Path dir : runDirs) {
            System.out.println("==> reading " + dir);
            // Runs compared by column need distinct names: same-named folders are told apart by their parent.
            Path abs = dir.toAbsolutePath().normalize();
            String label = abs.getFileName() != null && repeated.contains(abs.getFileName().toString()) && abs.getParent() != null
                    ? abs.getParent().getFileName() + "/" + abs.getFileName() : null;
            RunReader run = RunReader.read(dir, label);
            List<Path> inside = RunFolders.isRun(dir) ? List.of() : RunFolders.runsIn(dir);
            if (!inside.isEmpty()) {
                System.out.println("    note: " + dir + " is a folder of " + inside.size() + " run directories (a sweep?): "
                        + "reports.jar compare " + dir + " renders one page comparing them");
            }
            if (run.simulated()) {
                System.out.println("    simulated run (run.json kind \"simulated\"): every figure in its report is labelled simulated");
            }
            System.out.println("    found: " + run.statuses().stream().filter(FileStatus::isPresent)
                    .map(s -> s.file().fileName()).collect(Collectors.joining(", ", "", "")));
            List<String> missing = run.statuses().stream().filter(s -> s.state() == FileStatus.State.MISSING)
                    .map(s -> s.file().fileName()).toList();
            if (!missing.isEmpty()) {
                System.out.println("    missing (shown as such in the report): " + String.join(", ", missing));
            }
            run.problems().forEach(p -> System.err.println("    warning: " + p));
            runs.add(run);
        }
        return runs;
    }

    /**
     * @throws RunInputException when the folder cannot be created
     */
    public static Path createFolder(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new RunInputException("cannot create the report folder " + dir + " (" + e.getMessage()
                    + "): give a writable folder with --out.");
        }
    }

    /** Writes the page as {@code dir/index.html} and says where it is, as {@code what} ("report (simulated)"). */
    public static Path write(String html, Path dir, String what) throws IOException {
        Path index = dir.resolve("index.html");
        Files.writeString(index, html, StandardCharsets.UTF_8);
        System.out.printf("==> %s: %s (%d KB, self-contained)%n", what, index.toAbsolutePath().normalize(),
                Files.size(index) / 1024);
        return index;
    }
}
