package io.durascale.reports.gate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.durascale.run.FileStatus;
import io.durascale.run.Machine;
import io.durascale.run.RunFile;
import io.durascale.run.RunInfo;
import io.durascale.run.RunInputException;
import io.durascale.run.RunJson;
import io.durascale.run.RunReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a run is compared with: a baseline file written by {@code gate --update-baseline} ({@link BaselineFile}: the
 * metrics of a run, with the calibration score, the machine and the date), or, for convenience, another run
 * directory.
 */
public record Baseline(String description, Machine machine, String createdAt, List<Metric> metrics,
                       BaselineFile.Workload workload) {

    public static final String FORMAT = "durascale-gate-baseline/1";

    public Baseline(String description, Machine machine, String createdAt, List<Metric> metrics) {
        this(description, machine, createdAt, metrics, null);
    }

    /**
     * @throws RunInputException if the file is missing (naming --update-baseline) or not a baseline
     */
    public static Baseline read(Path path) {
        if (Files.isDirectory(path)) {
            RunReader run = RunReader.read(path);
            List<Metric> metrics = GateableMetrics.of(run);
            if (metrics.isEmpty()) {
                throw new RunInputException("baseline run directory " + path + " holds nothing to compare with "
                        + "(no jmh.json, latency, metrics.json or taskhub-bench.json).");
            }
            RunInfo info = run.run().orElse(null);
            return new Baseline("run directory " + run.label(), info == null ? null : info.machine(),
                    info == null || info.startedAt() == null ? null : info.startedAt().toString(), metrics,
                    BaselineFile.Workload.of(info));
        }
        if (!Files.isRegularFile(path)) {
            throw new RunInputException("baseline " + path + " does not exist: create it from a run you trust with "
                    + "`java -jar reports/target/reports.jar gate RUN_DIR --baseline " + path + " --update-baseline`.");
        }
        BaselineFile file = readFile(path);
        List<Metric> metrics = new ArrayList<>();
        for (BaselineFile.Entry m : file.metrics()) {
            MetricKind kind;
            try {
                kind = MetricKind.valueOf(String.valueOf(m.kind()).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new RunInputException("baseline " + path + " has a metric of unknown kind "
                        + (m.kind() == null ? "(none)" : "\"" + m.kind() + "\"") + ": write it again with --update-baseline.");
            }
            List<Double> ci = m.confidence() == null || m.confidence().size() != 2 ? null : m.confidence();
            metrics.add(new Metric(kind, m.name() == null ? "" : m.name(),
                    m.params() == null ? new TreeMap<>() : new TreeMap<>(m.params()), m.mode() == null ? "" : m.mode(),
                    m.threads() == null ? 1 : m.threads(), m.unit() == null ? "" : m.unit(), number(m.score()),
                    ci == null ? Double.NaN : number(ci.get(0)), ci == null ? Double.NaN : number(ci.get(1))));
        }
        return new Baseline("baseline " + path.getFileName() + " (from " + (file.run() == null ? "?" : file.run()) + ", "
                + (file.createdAt() == null ? "?" : file.createdAt()) + ")", file.machine(), file.createdAt(), metrics,
                file.workload());
    }

    private static BaselineFile readFile(Path path) {
        JsonNode tree;
        try {
            tree = RunJson.MAPPER.readTree(path.toFile());
        } catch (JsonProcessingException e) {
            throw new RunInputException("baseline " + path + " is not valid JSON (line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage() + "): write it again with --update-baseline.");
        } catch (IOException e) {
            throw new RunInputException("baseline " + path + " cannot be read: " + e.getMessage());
        }
        BaselineFile file = null;
        if (tree != null && tree.isObject()) {
            try {
                file = RunJson.MAPPER.treeToValue(tree, BaselineFile.class);
            } catch (JsonProcessingException e) {
                file = null; // values of another shape: not a baseline this version wrote
            }
        }
        if (file == null || !FORMAT.equals(file.format()) || file.metrics() == null) {
            throw new RunInputException("baseline " + path + " is not a durascale gate baseline (\"format\": \"" + FORMAT
                    + "\"): write one with --update-baseline, or give a run directory.");
        }
        return file;
    }

    /** Writes the run's metrics as a baseline file, with the calibration score, the machine and the date. */
    public static BaselineFile write(Path path, RunReader run, List<Metric> metrics, Pattern calibration) throws IOException {
        List<BaselineFile.CalibrationScore> scores = new ArrayList<>();
        List<BaselineFile.Entry> entries = new ArrayList<>();
        for (Metric m : metrics) {
            entries.add(new BaselineFile.Entry(m.kind().name().toLowerCase(Locale.ROOT), m.name(),
                    m.params().isEmpty() ? null : m.params(), m.mode().isEmpty() ? null : m.mode(),
                    m.mode().isEmpty() ? null : m.threads(), m.unit(), m.score(),
                    m.hasConfidence() ? List.of(m.low(), m.high()) : null));
            if (m.kind() == MetricKind.JMH && calibration.matcher(m.name()).find()) {
                scores.add(new BaselineFile.CalibrationScore(m.name(), m.score(), m.unit()));
            }
        }
        RunInfo info = run.run().orElse(null);
        BaselineFile file = new BaselineFile(FORMAT, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), run.label(),
                run.path().toString(), info == null ? null : info.machine(), info == null ? null : info.versions(),
                BaselineFile.Workload.of(info), scores, entries);
        Files.createDirectories(path.toAbsolutePath().getParent());
        Files.writeString(path, RunJson.PRETTY.writeValueAsString(file));
        return file;
    }

    /** run.json's machine in one line, or null when unknown. */
    public static String describeMachine(Machine m) {
        if (m == null || m.os() == null && m.cpus() == null && m.java() == null) {
            return null;
        }
        return (m.os() == null ? "?" : m.os()) + ", " + (m.cpus() == null ? "?" : m.cpus()) + " CPUs, Java "
                + (m.java() == null ? "?" : m.java());
    }

    static void requireReadable(RunReader run) {
        for (RunFile file : List.of(RunFile.JMH, RunFile.METRICS, RunFile.TASKHUB_BENCH, RunFile.LATENCY)) {
            if (run.status(file).state() == FileStatus.State.UNREADABLE) {
                run.require(file, "the gate cannot judge a run it cannot read");
            }
        }
    }

    private static double number(Double value) {
        return value == null ? Double.NaN : value;
    }
}
