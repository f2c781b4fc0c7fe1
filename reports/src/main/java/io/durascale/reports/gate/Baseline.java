package io.durascale.reports.gate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.durascale.reports.RunInputException;
import io.durascale.reports.run.JmhResults;
import io.durascale.reports.run.RunDirectory;
import io.durascale.reports.run.RunFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a run is compared with: a baseline file written by {@code gate --update-baseline} (the metrics of a
 * run, with the calibration score, the machine and the date), or, for convenience, another run directory.
 */
public record Baseline(String description, JsonNode machine, String createdAt, List<Metric> metrics, JsonNode workload) {

    public Baseline(String description, JsonNode machine, String createdAt, List<Metric> metrics) {
        this(description, machine, createdAt, metrics, null);
    }

    /**
     * What a load test's figures depend on, from run.json: target, simulation, kernel, block size and the
     * workload (batches, blocks, sweep, scaling settings); null when the run is not a load test. Latency,
     * scaling times and rates compare only between runs of the same workload.
     */
    public static JsonNode workloadOf(JsonNode runJson) {
        if (runJson == null || !runJson.path("workload").isObject()) {
            return null;
        }
        ObjectNode w = JsonNodeFactory.instance.objectNode();
        for (String key : List.of("target", "simulation", "kernel", "blockSize", "workload")) {
            if (runJson.has(key)) {
                w.set(key, runJson.get(key).deepCopy());
            }
        }
        return w;
    }

    public static final String FORMAT = "durascale-gate-baseline/1";

    /**
     * @throws RunInputException if the file is missing (naming --update-baseline) or not a baseline
     */
    public static Baseline read(Path path) {
        if (Files.isDirectory(path)) {
            RunDirectory run = RunDirectory.read(path);
            List<Metric> metrics = RunMetrics.of(run);
            if (metrics.isEmpty()) {
                throw new RunInputException("baseline run directory " + path + " holds nothing to compare with "
                        + "(no jmh.json, latency, metrics.json or taskhub-bench.json).");
            }
            return new Baseline("run directory " + run.label(), run.run().map(r -> r.path("machine")).orElse(null),
                    run.run().map(r -> r.path("startedAt").asText(null)).orElse(null), metrics,
                    workloadOf(run.run().orElse(null)));
        }
        if (!Files.isRegularFile(path)) {
            throw new RunInputException("baseline " + path + " does not exist: create it from a run you trust with "
                    + "`java -jar reports/target/reports.jar gate RUN_DIR --baseline " + path + " --update-baseline`.");
        }
        JsonNode root;
        try {
            root = RunDirectory.JSON.readTree(path.toFile());
        } catch (JsonProcessingException e) {
            throw new RunInputException("baseline " + path + " is not valid JSON (line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage() + "): write it again with --update-baseline.");
        } catch (IOException e) {
            throw new RunInputException("baseline " + path + " cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())
                || !root.path("metrics").isArray()) {
            throw new RunInputException("baseline " + path + " is not a durascale gate baseline (\"format\": \"" + FORMAT
                    + "\"): write one with --update-baseline, or give a run directory.");
        }
        List<Metric> metrics = new ArrayList<>();
        for (JsonNode m : root.path("metrics")) {
            MetricKind kind;
            try {
                kind = MetricKind.valueOf(m.path("kind").asText().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new RunInputException("baseline " + path + " has a metric of unknown kind " + m.path("kind")
                        + ": write it again with --update-baseline.");
            }
            TreeMap<String, String> params = new TreeMap<>();
            m.path("params").properties().forEach(p -> params.put(p.getKey(), p.getValue().asText()));
            JsonNode ci = m.path("confidence");
            metrics.add(new Metric(kind, m.path("name").asText(), params, m.path("mode").asText(""), m.path("threads").asInt(1),
                    m.path("unit").asText(""), JmhResults.number(m.get("score")),
                    JmhResults.number(ci.get(0)), JmhResults.number(ci.get(1))));
        }
        return new Baseline("baseline " + path.getFileName() + " (from " + root.path("run").asText("?") + ", "
                + root.path("createdAt").asText("?") + ")", root.get("machine"), root.path("createdAt").asText(null), metrics,
                root.path("workload").isObject() ? root.get("workload") : null);
    }

    /** Writes the run's metrics as a baseline file, with the calibration score, the machine and the date. */
    public static ObjectNode write(Path path, RunDirectory run, List<Metric> metrics, Pattern calibration) throws IOException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("format", FORMAT);
        root.put("createdAt", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        root.put("run", run.label());
        root.put("runPath", run.path().toString());
        run.run().ifPresent(r -> {
            root.set("machine", r.path("machine").deepCopy());
            root.set("versions", r.path("versions").deepCopy());
            JsonNode workload = workloadOf(r);
            if (workload != null) {
                root.set("workload", workload);
            }
        });
        ArrayNode cal = root.putArray("calibration");
        ArrayNode list = root.putArray("metrics");
        for (Metric m : metrics) {
            ObjectNode o = list.addObject();
            o.put("kind", m.kind().name().toLowerCase(Locale.ROOT));
            o.put("name", m.name());
            if (!m.params().isEmpty()) {
                ObjectNode p = o.putObject("params");
                m.params().forEach(p::put);
            }
            if (!m.mode().isEmpty()) {
                o.put("mode", m.mode());
                o.put("threads", m.threads());
            }
            o.put("unit", m.unit());
            o.put("score", m.score());
            if (m.hasConfidence()) {
                o.putArray("confidence").add(m.low()).add(m.high());
            }
            if (m.kind() == MetricKind.JMH && calibration.matcher(m.name()).find()) {
                cal.addObject().put("name", m.name()).put("score", m.score()).put("unit", m.unit());
            }
        }
        Files.createDirectories(path.toAbsolutePath().getParent());
        Files.writeString(path, RunDirectory.JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
        return root;
    }

    /** run.json's machine in one line, or null when unknown. */
    public static String describeMachine(JsonNode m) {
        if (m == null || !m.isObject() || m.isEmpty()) {
            return null;
        }
        return m.path("os").asText("?") + ", " + m.path("cpus").asText("?") + " CPUs, Java " + m.path("java").asText("?");
    }

    static void requireReadable(RunDirectory run) {
        for (RunFile file : List.of(RunFile.JMH, RunFile.METRICS, RunFile.TASKHUB_BENCH, RunFile.LATENCY)) {
            if (run.status(file).state() == io.durascale.reports.run.FileStatus.State.UNREADABLE) {
                run.require(file, "the gate cannot judge a run it cannot read");
            }
        }
    }
}
