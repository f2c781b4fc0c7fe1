package io.durascale.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A run directory, the writing side: the contract between the instruments that measure (or simulate) and the
 * report and gate that read ({@link RunReader}). Every measuring command writes its files into one (default
 * {@code target/durascale/runs/<timestamp>-<label>/}), starting with {@code run.json}. Each file is written
 * whole and atomically (a temporary file, then a rename), from its record.
 */
public final class RunDirectory {

    public static final String DEFAULT_BASE = "target/durascale/runs";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path path;

    private RunDirectory(Path path) {
        this.path = path;
    }

    /** Uses {@code explicit} if given (created if missing), else a new timestamped folder under the default base. */
    public static RunDirectory create(Path explicit, String label) {
        Path dir = explicit != null ? explicit
                : Path.of(DEFAULT_BASE, LocalDateTime.now().format(STAMP) + "-" + label);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run directory " + dir + ": " + e.getMessage(), e);
        }
        return new RunDirectory(dir.toAbsolutePath().normalize());
    }

    public Path path() {
        return path;
    }

    public Path file(String name) {
        return path.resolve(name);
    }

    public Path file(RunFile file) {
        return path.resolve(file.fileName());
    }

    /** {@code metrics.json}. */
    public Path write(Metrics metrics) {
        return writeJson(RunFile.METRICS.fileName(), metrics);
    }

    /** {@code sizing.json}. */
    public Path write(Sizing sizing) {
        return writeJson(RunFile.SIZING.fileName(), sizing);
    }

    /** {@code taskhub-bench.json}. */
    public Path write(TaskHubBench bench) {
        return writeJson(RunFile.TASKHUB_BENCH.fileName(), bench);
    }

    /** {@code pod-start.json}. */
    public Path write(PodStart podStart) {
        return writeJson(RunFile.POD_START.fileName(), podStart);
    }

    /** {@code validation.json}. */
    public Path write(Validation validation) {
        return writeJson(RunFile.VALIDATION.fileName(), validation);
    }

    /** {@code latency/<name>.json}. */
    public Path write(LatencySummary latency) {
        return writeJson("latency/" + latency.name() + ".json", latency);
    }

    /** Writes (replaces) a record's JSON file in the run directory, indented. */
    public Path writeJson(String name, Object record) {
        Path file = path.resolve(name);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            RunJson.PRETTY.writeValue(tmp.toFile(), record);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /**
     * Merges a description into {@code run.json}: the given fields and settings replace earlier ones, fields it
     * leaves null keep theirs, and this machine is added the first time.
     */
    public synchronized Path describe(RunInfo info) {
        Path file = file(RunFile.RUN);
        ObjectNode merged = RunJson.MAPPER.createObjectNode();
        try {
            if (Files.isRegularFile(file)) {
                JsonNode existing = RunJson.MAPPER.readTree(file.toFile());
                if (existing instanceof ObjectNode object) {
                    merged = object;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!merged.has("machine")) {
            merged.set("machine", RunJson.MAPPER.valueToTree(Machine.current()));
        }
        merged.setAll((ObjectNode) RunJson.MAPPER.valueToTree(info));
        try {
            // Bound again before writing: what lands on disk is always a readable RunInfo.
            return writeJson(RunFile.RUN.fileName(), RunJson.MAPPER.treeToValue(merged, RunInfo.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot merge " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
