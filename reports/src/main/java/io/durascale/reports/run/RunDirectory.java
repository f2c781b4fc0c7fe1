package io.durascale.reports.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.durascale.reports.RunInputException;
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
import java.util.stream.Stream;

/**
 * A run directory as the report and the gate read it: every contract file is optional; a file that
 * is there but cannot be read is recorded as unreadable with the reason, not thrown, so the report
 * shows everything else. The gate asks {@link #require} for the files it cannot do without.
 */
public final class RunDirectory {

    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Path path;
    private final String label;
    private final Map<RunFile, FileStatus> status = new EnumMap<>(RunFile.class);
    private JsonNode run;
    private JsonNode sizing;
    private JsonNode taskhubBench;
    private JsonNode metrics;
    private List<JmhResult> jmh = List.of();
    private Timeline timeline = Timeline.empty();
    private final List<LatencySummary> latencies = new ArrayList<>();
    private final Map<String, PercentileDistribution> distributions = new LinkedHashMap<>();
    private final List<Path> gatlingReports = new ArrayList<>();

    private RunDirectory(Path path, String label) {
        this.path = path;
        this.label = label;
    }

    /**
     * @throws RunInputException if the path is not a directory
     */
    public static RunDirectory read(Path dir) {
        return read(dir, null);
    }

    /** As {@link #read(Path)}, naming the run {@code label} (null: the folder name). */
    public static RunDirectory read(Path dir, String label) {
        Path path = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(path)) {
            throw new RunInputException("run directory " + dir + " does not exist or is not a directory: "
                    + "give the folder a measuring command wrote (for example target/durascale/runs/<timestamp>-study).");
        }
        RunDirectory d = new RunDirectory(path, label != null ? label
                : path.getFileName() == null ? path.toString() : path.getFileName().toString());
        d.run = d.readJson(RunFile.RUN, JsonNode::isObject, "a JSON object");
        d.sizing = d.readJson(RunFile.SIZING, JsonNode::isObject, "a JSON object");
        d.taskhubBench = d.readJson(RunFile.TASKHUB_BENCH, n -> n.isObject() && n.path("steps").isArray(),
                "a JSON object with a \"steps\" array");
        d.metrics = d.readJson(RunFile.METRICS, JsonNode::isObject, "a JSON object");
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

    public Optional<JsonNode> run() {
        return Optional.ofNullable(run);
    }

    public Optional<JsonNode> sizing() {
        return Optional.ofNullable(sizing);
    }

    public Optional<JsonNode> taskhubBench() {
        return Optional.ofNullable(taskhubBench);
    }

    public Optional<JsonNode> metrics() {
        return Optional.ofNullable(metrics);
    }

    public List<JmhResult> jmh() {
        return jmh;
    }

    public Timeline timeline() {
        return timeline;
    }

    /** One summary per measured operation: latency/NAME.json, else derived from latency/NAME.hgrm. */
    public List<LatencySummary> latencies() {
        return latencies;
    }

    /**
     * Every latency the run measured: latency/ files first, then metrics.json {@code latency} entries they do
     * not cover (the gate and the report read the same list).
     */
    public List<LatencySummary> latencySummaries() {
        // latency/orchestration-end-to-end.json and metrics.json's orchestrationEndToEnd are one figure:
        // one camelCase name, the histogram file's values first.
        Map<String, LatencySummary> byName = new LinkedHashMap<>();
        latencies.forEach(l -> byName.put(camelCase(l.name()), new LatencySummary(camelCase(l.name()), l.count(), l.min(),
                l.mean(), l.p50(), l.p90(), l.p95(), l.p99(), l.max(), l.source())));
        if (metrics != null) {
            metrics.path("latency").properties().forEach(e -> {
                JsonNode n = e.getValue();
                byName.putIfAbsent(e.getKey(), new LatencySummary(e.getKey(), n.path("count").asLong(0),
                        JmhResults.number(n.get("min")), JmhResults.number(n.get("mean")), JmhResults.number(n.get("p50")),
                        JmhResults.number(n.get("p90")), JmhResults.number(n.get("p95")), JmhResults.number(n.get("p99")),
                        JmhResults.number(n.get("max")), "metrics.json latency"));
            });
        }
        return List.copyOf(byName.values());
    }

    static String camelCase(String name) {
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

    private JsonNode readJson(RunFile file, java.util.function.Predicate<JsonNode> shape, String expected) {
        Path f = path.resolve(file.fileName());
        if (!Files.isRegularFile(f)) {
            status.put(file, FileStatus.missing(file));
            return null;
        }
        try {
            JsonNode node = JSON.readTree(f.toFile());
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
            jmh = List.copyOf(JmhResults.parse(root));
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
            timeline = Timeline.read(f, JSON);
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
        Map<String, LatencySummary> byName = new LinkedHashMap<>();
        for (Path f : list(dir)) {
            String file = f.getFileName().toString();
            try {
                if (file.endsWith(".json")) {
                    String name = file.substring(0, file.length() - ".json".length());
                    JsonNode n = JSON.readTree(f.toFile());
                    if (n == null || !n.isObject()) {
                        throw new IOException("expected a JSON object");
                    }
                    String unit = n.path("unit").asText("ms");
                    if (!unit.equals("ms")) {
                        throw new IOException("unit \"" + unit + "\" is not \"ms\"");
                    }
                    byName.put(name, new LatencySummary(n.path("name").asText(name), n.path("count").asLong(0),
                            JmhResults.number(n.get("min")), JmhResults.number(n.get("mean")),
                            JmhResults.number(n.get("p50")), JmhResults.number(n.get("p90")),
                            JmhResults.number(n.get("p95")), JmhResults.number(n.get("p99")),
                            JmhResults.number(n.get("max")), "latency/" + file));
                } else if (file.endsWith(".hgrm")) {
                    String name = file.substring(0, file.length() - ".hgrm".length());
                    distributions.put(name, PercentileDistribution.read(name, f));
                }
            } catch (JsonProcessingException e) {
                problems.add(file + ": not valid JSON (" + e.getOriginalMessage() + ")");
            } catch (IOException e) {
                problems.add(file + ": " + e.getMessage());
            }
        }
        distributions.forEach((name, d) -> byName.putIfAbsent(name, d.summary("latency/" + name + ".hgrm")));
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
            for (JsonNode g : metrics.path("gatling")) {
                Path index = path.resolve(g.asText()).normalize();
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
