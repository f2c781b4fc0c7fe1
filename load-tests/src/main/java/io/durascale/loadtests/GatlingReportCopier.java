package io.durascale.loadtests;

import io.durascale.run.Metrics;
import io.durascale.run.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Copies Gatling's own HTML report into {@code gatling/} of the run directory and lists it in
 * metrics.json. Gatling writes its report after the simulation's {@code after()}, so this runs at JVM
 * exit (a shutdown hook): the newest report folder written since the run started is the run's.
 */
final class GatlingReportCopier {

    private final Path results;
    private final RunDirectory run;
    private final Instant since;

    /**
     * @param results where Gatling writes its reports ({@code -DgatlingResults})
     * @param since   when the run started; older report folders are other runs'
     */
    GatlingReportCopier(Path results, RunDirectory run, Instant since) {
        this.results = results;
        this.run = run;
        this.since = since;
    }

    /**
     * Copies the report, and rewrites {@code metrics} (what the run wrote into metrics.json, if it did) with the
     * report listed. Problems are printed, not thrown: the JVM is exiting.
     */
    void copy(Optional<Metrics> metrics) {
        if (!Files.isDirectory(results)) {
            return;
        }
        try (Stream<Path> folders = Files.list(results)) {
            Optional<Path> newest = folders.filter(Files::isDirectory)
                    .filter(p -> Files.isRegularFile(p.resolve("index.html")))
                    .filter(p -> p.toFile().lastModified() >= since.toEpochMilli() - 1000)
                    .max(Comparator.comparingLong(p -> p.toFile().lastModified()));
            if (newest.isEmpty()) {
                System.out.println("results: " + run.path() + " (no Gatling report found in " + results.toAbsolutePath() + ")");
                return;
            }
            String folder = "gatling/" + newest.get().getFileName();
            Path destination = run.file(folder);
            copyTree(newest.get(), destination);
            metrics.ifPresent(m -> run.write(m.withGatling(List.of(folder + "/index.html"))));
            System.out.println("gatling report: " + destination.resolve("index.html"));
            System.out.println("results: " + run.path());
        } catch (IOException | RuntimeException e) {
            System.err.println("could not copy the Gatling report into " + run.path() + ": " + e.getMessage());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
