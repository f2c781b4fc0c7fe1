package io.durascale.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.durascale.run.jmh.JmhResult;
import io.durascale.run.jmh.JmhResults;
import io.durascale.run.timeline.TimelineFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A run directory, the reading side: the one lenient reader the report, the gate, the simulator's calibration
 * and the load tests use. Every contract file is optional; a file that is there but cannot be read (not JSON,
 * or values that do not fit its record) is recorded as unreadable with the reason, not thrown, so a report
 * shows everything else. {@link #require} is for a reader that cannot do without a file.
 */
public final class RunReader {

    /** One latency figure and where it was read from ({@code latency/NAME.json}, a histogram, {@code metrics.json}). */
    public record Latency(LatencySummary summary, String source) {
        public String name() {
            return summary.name();
        }
    }

    private final Path path;
    private final String label;
    private final Map<RunFile, FileStatus> status = new EnumMap<>(RunFile.class);
    private RunInfo run;
    private List<Map.Entry<String, JsonNode>> runEntries = List.of();
    private Sizing sizing;
    private TaskHubBench taskhubBench;
    private Metrics metrics;
    private PodStart podStart;
    private Validation validation;
    private List<JmhResult> jmh = List.of();
    private TimelineFile timeline = TimelineFile.empty();
    private final List<Latency> latencies = new ArrayList<>();
    private final Map<String, PercentileDistribution> distributions = new LinkedHashMap<>();
    private final List<Path> gatlingReports = new ArrayList<>();

    private RunReader(Path path, String label) {
        this.path = path;
        this.label = label;
    }

    /**
     * @throws RunInputException if the path is not a directory
     */
    public static RunReader read(Path dir) {
        return read(dir, null);
    }

    /** As {@link #read(Path)}, naming the run {@code label} (null: the folder name). */
    public static RunReader read(Path dir, String label) {
        Path path = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(path)) {
            throw new RunInputException("run directory " + dir + " does not exist or is not a directory: "
                    + "give the folder a measuring command wrote (for example target/durascale/runs/<timestamp>-study).");
        }
        RunReader d = new RunReader(path, label != null ? label
                : path.getFileName() == null ? path.toString() : path.getFileName().toString());
        JsonNode runJson = d.readJson(RunFile.RUN, JsonNode::isObject, "a JSON object");
        d.run = d.bind(RunFile.RUN, runJson, RunInfo.class);
        if (d.run != null) {
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
            runJson.properties().forEach(e -> entries.add(Map.entry(e.getKey(), e.getValue())));
            d.runEntries = List.copyOf(entries);
        }
        d.sizing = d.readRecord(RunFile.SIZING, Sizing.class);
        d.taskhubBench = d.readRecord(RunFile.TASKHUB_BENCH, TaskHubBench.class);
        d.metrics = d.readRecord(RunFile.METRICS, Metrics.class);
        d.podStart = d.readRecord(RunFile.POD_START, PodStart.class);
        d.validation = d.readRecord(RunFile.VALIDATION, Validation.class);
        d.readJmh();
        d.readTimeline();
        d.readLatency();
        d.findGatling();
        return d;
    }

    public Path path() {
        return path;
    }

    /** The folder name, which names the run in a comparison. */
    public String label() {
        return label;
    }

    public Optional<RunInfo> run() {
        return Optional.ofNullable(run);
    }

    /**
     * run.json's entries in the order the file has them (each command merges its own in), for a reader that lists the
     * whole description as it was written; empty when run.json is missing or unreadable. Read values through
     * {@link #run()}.
     */
    public List<Map.Entry<String, JsonNode>> runEntries() {
        return runEntries;
    }

    public Optional<Sizing> sizing() {
        return Optional.ofNullable(sizing);
    }

    /**
     * A {@code sizing.json} outside a run directory (a load test given one), read as a run directory's is.
     *
     * @throws RunInputException naming the file and what is wrong with it
     */
    public static Sizing readSizing(Path file) {
        try {
            return RunJson.MAPPER.readValue(file.toFile(), Sizing.class);
        } catch (JsonProcessingException e) {
            throw new RunInputException(file + " is not a sizing.json (" + e.getOriginalMessage() + "): write it with "
                    + RunFile.SIZING.writtenBy() + ".", e);
        } catch (IOException e) {
            throw new RunInputException(file + " cannot be read (" + e.getMessage() + "): give a sizing.json written by "
                    + RunFile.SIZING.writtenBy() + ".", e);
        }
    }

    public Optional<TaskHubBench> taskhubBench() {
        return Optional.ofNullable(taskhubBench);
    }

    public Optional<Metrics> metrics() {
        return Optional.ofNullable(metrics);
    }

    public Optional<PodStart> podStart() {
        return Optional.ofNullable(podStart);
    }

    public Optional<Validation> validation() {
        return Optional.ofNullable(validation);
    }

    public List<JmhResult> jmh() {
        return jmh;
    }

    public TimelineFile timeline() {
        return timeline;
    }

    /** One summary per measured operation: latency/NAME.json, else derived from latency/NAME.hgrm. */
    public List<Latency> latencies() {
        return latencies;
    }

    /**
     * Every latency the run measured, by camelCase name: the latency/ files first, then the metrics.json
     * {@code latency} entries they do not cover (the gate and the report read the same list).
     */
    public List<Latency> latencySummaries() {
        // latency/orchestration-end-to-end.json and metrics.json's orchestrationEndToEnd are one figure:
        // one camelCase name, the histogram file's values first.
        Map<String, Latency> byName = new LinkedHashMap<>();
        latencies.forEach(l -> byName.put(camelCase(l.name()), new Latency(l.summary().named(camelCase(l.name())), l.source())));
        if (metrics != null) {
            metrics.latency().forEach((name, summary) ->
                    byName.putIfAbsent(name, new Latency(summary.named(name), "metrics.json latency")));
        }
        return List.copyOf(byName.values());
    }

    /** {@code orchestration-end-to-end} → {@code orchestrationEndToEnd}: file names to metric names. */
    public static String camelCase(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (c == '-' || c == '_' || c == ' ') {
                upper = out.length() > 0;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    public Map<String, PercentileDistribution> distributions() {
        return distributions;
    }

    public List<Path> gatlingReports() {
        return gatlingReports;
    }

    public FileStatus status(RunFile file) {
        return status.get(file);
    }

    public List<FileStatus> statuses() {
        return List.copyOf(status.values());
    }

    /** Problems worth a warning line: unreadable files, skipped timeline lines. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (FileStatus s : status.values()) {
            if (s.state() == FileStatus.State.UNREADABLE) {
                problems.add(s.file().fileName() + ": " + s.detail());
            }
        }
        if (timeline.skippedLines() > 0) {
            problems.add(RunFile.TIMELINE.fileName() + ": skipped " + timeline.skippedLines() + " unreadable line(s), first: "
                    + timeline.firstProblem());
        }
        return problems;
    }

    /**
     * @throws RunInputException naming the file and the fix if it is missing or unreadable
     */
    public void require(RunFile file, String purpose) {
        FileStatus s = status.get(file);
        if (s.state() == FileStatus.State.MISSING) {
            throw new RunInputException(path.resolve(file.fileName()) + " is missing, and " + purpose
                    + ": write it with " + file.writtenBy() + ".");
        }
        if (s.state() == FileStatus.State.UNREADABLE) {
            throw new RunInputException(path.resolve(file.fileName()) + " cannot be read (" + s.detail() + "); " + purpose
                    + ": re-run " + file.writtenBy() + ".");
        }
    }

    private <T> T readRecord(RunFile file, Class<T> type) {
        return bind(file, readJson(file, JsonNode::isObject, "a JSON object"), type);
    }

    private <T> T bind(RunFile file, JsonNode node, Class<T> type) {
        if (node == null) {
            return null;
        }
        try {
            return RunJson.MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            status.put(file, FileStatus.unreadable(file, "values that do not fit " + type.getSimpleName() + ": "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage())));
            return null;
        }
    }

    private JsonNode readJson(RunFile file, Predicate<JsonNode> shape, String expected) {
        Path f = path.resolve(file.fileName());
        if (!Files.isRegularFile(f)) {
            status.put(file, FileStatus.missing(file));
            return null;
        }
        try {
            JsonNode node = RunJson.MAPPER.readTree(f.toFile());
            if (node == null || !shape.test(node)) {
                status.put(file, FileStatus.unreadable(file, "expected " + expected));
                return null;
            }
            status.put(file, FileStatus.present(file, size(f)));
            return node;
        } catch (JsonProcessingException e) {
            status.put(file, FileStatus.unreadable(file, "not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage()));
        } catch (IOException e) {
            status.put(file, FileStatus.unreadable(file, e.toString()));
        }
        return null;
    }

    private void readJmh() {
        JsonNode root = readJson(RunFile.JMH, JsonNode::isArray, "JMH's JSON array (benchmarks.jar -rf json)");
        if (root == null) {
            return;
        }
        try {
            jmh = List.copyOf(JmhResults.parse(root, RunFile.JMH.fileName()));
            status.put(RunFile.JMH, FileStatus.present(RunFile.JMH, jmh.size() + " results"));
        } catch (IllegalArgumentException e) {
            status.put(RunFile.JMH, FileStatus.unreadable(RunFile.JMH, e.getMessage()));
        }
    }

    private void readTimeline() {
        Path f = path.resolve(RunFile.TIMELINE.fileName());
        if (!Files.isRegularFile(f)) {
            status.put(RunFile.TIMELINE, FileStatus.missing(RunFile.TIMELINE));
            return;
        }
        try {
            timeline = TimelineFile.read(f);
            status.put(RunFile.TIMELINE, timeline.isEmpty() && timeline.skippedLines() > 0
                    ? FileStatus.unreadable(RunFile.TIMELINE, "no readable line; first problem: " + timeline.firstProblem())
                    : FileStatus.present(RunFile.TIMELINE, timeline.events().size() + " events"
                            + (timeline.skippedLines() > 0 ? ", " + timeline.skippedLines() + " unreadable line(s) skipped" : "")));
        } catch (IOException e) {
            status.put(RunFile.TIMELINE, FileStatus.unreadable(RunFile.TIMELINE, e.toString()));
        }
    }

    private void readLatency() {
        Path dir = path.resolve("latency");
        if (!Files.isDirectory(dir)) {
            status.put(RunFile.LATENCY, FileStatus.missing(RunFile.LATENCY));
            return;
        }
        List<String> problems = new ArrayList<>();
        Map<String, Latency> byName = new LinkedHashMap<>();
        for (Path f : list(dir)) {
            String file = f.getFileName().toString();
            try {
                if (file.endsWith(".json")) {
                    String name = file.substring(0, file.length() - ".json".length());
                    LatencySummary summary = RunJson.MAPPER.readValue(f.toFile(), LatencySummary.class);
                    if (!LatencySummary.MILLISECONDS.equals(summary.unit())) {
                        throw new IOException("unit \"" + summary.unit() + "\" is not \"ms\"");
                    }
                    byName.put(name, new Latency(summary.name() == null ? summary.named(name) : summary, "latency/" + file));
                } else if (file.endsWith(".hgrm")) {
                    String name = file.substring(0, file.length() - ".hgrm".length());
                    distributions.put(name, PercentileDistribution.read(name, f));
                }
            } catch (JsonProcessingException e) {
                problems.add(file + ": not a latency summary (" + e.getOriginalMessage() + ")");
            } catch (IOException e) {
                problems.add(file + ": " + e.getMessage());
            }
        }
        distributions.forEach((name, d) -> byName.putIfAbsent(name, new Latency(d.summary(), "latency/" + name + ".hgrm")));
        latencies.addAll(byName.values());
        if (!problems.isEmpty()) {
            status.put(RunFile.LATENCY, FileStatus.unreadable(RunFile.LATENCY, String.join("; ", problems)
                    + (byName.isEmpty() ? "" : " (read " + byName.size() + " other(s))")));
        } else if (byName.isEmpty()) {
            status.put(RunFile.LATENCY, FileStatus.missing(RunFile.LATENCY));
        } else {
            status.put(RunFile.LATENCY, FileStatus.present(RunFile.LATENCY, byName.size() + " operation(s)"
                    + (distributions.isEmpty() ? "" : ", " + distributions.size() + " histogram(s)")));
        }
    }

    private void findGatling() {
        Path dir = path.resolve("gatling");
        if (Files.isDirectory(dir)) {
            for (Path sim : list(dir)) {
                Path index = sim.resolve("index.html");
                if (Files.isRegularFile(index)) {
                    gatlingReports.add(index);
                }
            }
        }
        // metrics.json may name reports elsewhere in the run directory.
        if (metrics != null) {
            for (String g : metrics.gatling()) {
                Path index = path.resolve(g).normalize();
                if (index.startsWith(path) && Files.isRegularFile(index) && !gatlingReports.contains(index)) {
                    gatlingReports.add(index);
                }
            }
        }
        status.put(RunFile.GATLING, gatlingReports.isEmpty() ? FileStatus.missing(RunFile.GATLING)
                : FileStatus.present(RunFile.GATLING, gatlingReports.size() + " report(s)"));
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String size(Path f) {
        try {
            long bytes = Files.size(f);
            return bytes < 10_000 ? bytes + " B" : (bytes / 1024) + " KB";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
