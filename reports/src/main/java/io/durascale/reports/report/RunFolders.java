package io.durascale.reports.report;

import io.durascale.run.RunFile;
import io.durascale.run.RunInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Run directories, and folders of them (a sweep's folder, the study's what-if/): what a comparison reads. */
public final class RunFolders {

    private RunFolders() {
    }

    /** A run directory has run.json or metrics.json. */
    public static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(RunFile.RUN.fileName())) || Files.isRegularFile(dir.resolve(RunFile.METRICS.fileName()));
    }

    /** The run directories directly in {@code dir}, by name; empty when there are none or it cannot be listed. */
    public static List<Path> runsIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isDirectory).filter(RunFolders::isRun).sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The folder itself when it is a run directory, else the run directories in it.
     *
     * @throws RunInputException when it is neither
     */
    public static List<Path> runDirectories(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new RunInputException(dir + " does not exist or is not a directory: give run directories or a sweep's "
                    + "folder (simulate --sweep ... --out DIR).");
        }
        if (isRun(dir)) {
            return List.of(dir);
        }
        List<Path> runs = runsIn(dir);
        if (runs.isEmpty()) {
            throw new RunInputException(dir + " is neither a run directory nor a folder of them (no " + RunFile.RUN.fileName()
                    + " in it or its subfolders): give the folder simulate --sweep wrote.");
        }
        return runs;
    }
}
