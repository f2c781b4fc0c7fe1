package io.durascale.run.jmh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads JMH's JSON result ({@code -rf json -rff FILE}): an array with one object per benchmark and parameter set. */
public final class JmhResults {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JmhResults() {
    }

    /**
     * Reads a JMH JSON file.
     *
     * @throws IllegalArgumentException one sentence naming the file and what is wrong with it
     */
    public static List<JmhResult> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("JMH result " + file + " does not exist: run benchmarks.jar with "
                    + "-rf json -rff " + file + " first");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read JMH result " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /**
     * Parses JMH JSON text; {@code source} names it in errors.
     *
     * @throws IllegalArgumentException one sentence naming the source and what is wrong
     */
    public static List<JmhResult> parse(String text, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + " is not JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + "): expected JMH's -rf json output");
        }
        return parse(root, source);
    }

    /**
     * Parses JMH's JSON already read as a tree; {@code source} names it in errors.
     *
     * @throws IllegalArgumentException one sentence naming the source, the entry and what is wrong
     */
    public static List<JmhResult> parse(JsonNode root, String source) {
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(source + " is not a JMH JSON result: expected an array of benchmark "
                    + "results (benchmarks.jar -rf json)");
        }
        List<JmhResult> results = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            results.add(result(root.get(i), source + " entry " + i));
        }
        return results;
    }

    private static JmhResult result(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " is not an object");
        }
        String benchmark = text(node, "benchmark", where);
        String at = where + " (" + benchmark + ")";
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode paramsNode = node.get("params");
        if (paramsNode != null && paramsNode.isObject()) {
            paramsNode.properties().forEach(entry -> params.put(entry.getKey(), entry.getValue().asText()));
        }
        Map<String, JmhMetric> secondary = new LinkedHashMap<>();
        JsonNode secondaryNode = node.get("secondaryMetrics");
        if (secondaryNode != null && secondaryNode.isObject()) {
            for (Map.Entry<String, JsonNode> entry : secondaryNode.properties()) {
                // JMH before 1.24 prefixed profiler metrics with a middle dot: '·gc.alloc.rate.norm'.
                String name = entry.getKey().startsWith("\u00b7") ? entry.getKey().substring(1) : entry.getKey();
                secondary.put(name, metric(entry.getValue(), at + " secondary metric " + entry.getKey()));
            }
        }
        JsonNode primary = node.get("primaryMetric");
        if (primary == null) {
            throw new IllegalArgumentException(at + " has no primaryMetric");
        }
        return new JmhResult(optionalText(node, "jmhVersion"), benchmark, text(node, "mode", at),
                integer(node, "threads", at), node.path("forks").asInt(1), optionalText(node, "jdkVersion"),
                optionalText(node, "vmName"), params, metric(primary, at + " primaryMetric"), secondary);
    }

    private static JmhMetric metric(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " is not an object");
        }
        double score = number(node.get("score"), where + " score");
        JsonNode errorNode = node.get("scoreError");
        double error = errorNode == null ? Double.NaN : number(errorNode, where + " scoreError");
        List<List<Double>> perFork = new ArrayList<>();
        JsonNode raw = node.get("rawData");
        if (raw != null && raw.isArray()) {
            for (JsonNode fork : raw) {
                List<Double> iterations = new ArrayList<>();
                for (JsonNode value : fork) {
                    iterations.add(number(value, where + " rawData"));
                }
                perFork.add(iterations);
            }
        }
        JsonNode ci = node.path("scoreConfidence");
        double low = ci.isArray() && ci.size() == 2 ? lenient(ci.get(0)) : Double.NaN;
        double high = ci.isArray() && ci.size() == 2 ? lenient(ci.get(1)) : Double.NaN;
        return new JmhMetric(score, error, low, high, optionalText(node, "scoreUnit"), JmhMetric.flatten(perFork));
    }

    private static double lenient(JsonNode node) {
        try {
            return number(node, "");
        } catch (IllegalArgumentException e) {
            return Double.NaN;
        }
    }

    /** A number, or the strings JMH writes for non-finite values ("NaN", "Infinity", "-Infinity"). */
    private static double number(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException(where + " is missing");
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            switch (node.textValue()) {
                case "NaN": return Double.NaN;
                case "Infinity": return Double.POSITIVE_INFINITY;
                case "-Infinity": return Double.NEGATIVE_INFINITY;
                default: break;
            }
        }
        throw new IllegalArgumentException(where + " is not a number: " + node);
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw new IllegalArgumentException(where + " has no " + field);
        }
        return value.textValue();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static int integer(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 1) {
            throw new IllegalArgumentException(where + " has no positive integer " + field);
        }
        return value.intValue();
    }
}
