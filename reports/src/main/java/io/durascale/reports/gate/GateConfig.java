package io.durascale.reports.gate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.durascale.reports.RunInputException;
import io.durascale.reports.run.RunDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The gate's thresholds: the defaults ({@code gate-defaults.json}, shown in the README) with a user's
 * JSON file merged over them. The one place the config is parsed and validated; every mistake is one
 * sentence naming the key.
 */
public record GateConfig(List<Pattern> include, List<Pattern> exclude, Set<String> ignoreParams, Pattern calibration,
                         boolean failOnMissing, double jmhMinEffect, boolean requireCiSeparation,
                         double allocationTolerance, double allocationSlackBytes, List<String> percentiles,
                         double timesMaxIncrease, double timesMinIncreaseMs, Map<String, Double> thresholdsMs,
                         double ratesMaxDecrease, String source) {

    private static final String DEFAULTS = "/io/durascale/reports/gate/gate-defaults.json";
    private static final Set<String> PERCENTILES = Set.of("p50", "p90", "p95", "p99");

    public static GateConfig defaults() {
        return parse(defaultsJson(), "built-in defaults");
    }

    public static GateConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new RunInputException("gate config " + file + " does not exist: give a JSON file (see the README's "
                    + "\"Capacity report and regression gate\") or leave --config out for the defaults.");
        }
        JsonNode user;
        try {
            user = RunDirectory.JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new RunInputException("gate config " + file + " is not valid JSON (line " + e.getLocation().getLineNr()
                    + ": " + e.getOriginalMessage() + ").");
        } catch (IOException e) {
            throw new RunInputException("gate config " + file + " cannot be read: " + e.getMessage());
        }
        if (user == null || !user.isObject()) {
            throw new RunInputException("gate config " + file + " must be a JSON object.");
        }
        ObjectNode merged = defaultsJson();
        merge(merged, (ObjectNode) user, "", file);
        return parse(merged, file.toString());
    }

    /** Deep merge: objects key by key, anything else replaced; unknown keys are mistakes. */
    private static void merge(ObjectNode target, ObjectNode source, String path, Path file) {
        for (Map.Entry<String, JsonNode> e : source.properties()) {
            String key = path + e.getKey();
            JsonNode existing = target.get(e.getKey());
            boolean freeForm = key.equals("times.thresholdsMs");
            if (existing == null && !path.equals("times.thresholdsMs.")) {
                List<String> known = new ArrayList<>();
                target.fieldNames().forEachRemaining(known::add);
                throw new RunInputException("gate config " + file + ": unknown key \"" + key + "\"; known keys"
                        + (path.isEmpty() ? "" : " in " + path.substring(0, path.length() - 1)) + ": " + String.join(", ", known) + ".");
            }
            if (freeForm && e.getValue().isObject()) {
                target.set(e.getKey(), e.getValue()); // a user's thresholds replace the defaults' whole
            } else if (existing != null && existing.isObject() && e.getValue().isObject()) {
                merge((ObjectNode) existing, (ObjectNode) e.getValue(), key + ".", file);
            } else {
                target.set(e.getKey(), e.getValue());
            }
        }
    }

    private static GateConfig parse(JsonNode n, String source) {
        Map<String, Double> thresholds = new LinkedHashMap<>();
        n.path("times").path("thresholdsMs").properties().forEach(e -> thresholds.put(e.getKey(),
                nonNegative(e.getValue(), "times.thresholdsMs." + e.getKey(), source)));
        List<String> percentiles = strings(n.path("times").path("percentiles"), "times.percentiles", source);
        for (String p : percentiles) {
            if (!PERCENTILES.contains(p)) {
                throw new RunInputException("gate config " + source + ": times.percentiles has \"" + p + "\"; use p50, p90, p95 or p99.");
            }
        }
        return new GateConfig(patterns(n.path("include"), "include", source), patterns(n.path("exclude"), "exclude", source),
                new LinkedHashSet<>(strings(n.path("ignoreParams"), "ignoreParams", source)),
                pattern(text(n.path("calibration"), "calibration", source), "calibration", source),
                bool(n.path("failOnMissing"), "failOnMissing", source),
                nonNegative(n.path("jmh").path("minEffect"), "jmh.minEffect", source),
                bool(n.path("jmh").path("requireCiSeparation"), "jmh.requireCiSeparation", source),
                nonNegative(n.path("allocation").path("tolerance"), "allocation.tolerance", source),
                nonNegative(n.path("allocation").path("slackBytes"), "allocation.slackBytes", source),
                percentiles,
                nonNegative(n.path("times").path("maxIncrease"), "times.maxIncrease", source),
                nonNegative(n.path("times").path("minIncreaseMs"), "times.minIncreaseMs", source),
                thresholds,
                nonNegative(n.path("rates").path("maxDecrease"), "rates.maxDecrease", source), source);
    }

    /** True if the metric id is gated: it matches an include pattern and no exclude pattern (anywhere in the id). */
    public boolean gates(String id) {
        return include.stream().anyMatch(p -> p.matcher(id).find()) && exclude.stream().noneMatch(p -> p.matcher(id).find());
    }

    /**
     * The absolute threshold for a time metric's name (e.g. orchestrationEndToEnd.p95), if any: the most
     * specific matching key wins ({@code *} matches anything).
     */
    public Double thresholdMs(String name) {
        Double best = null;
        int bestLength = -1;
        for (Map.Entry<String, Double> e : thresholdsMs.entrySet()) {
            String glob = e.getKey();
            if (Pattern.matches(globToRegex(glob), name) && glob.replace("*", "").length() > bestLength) {
                best = e.getValue();
                bestLength = glob.replace("*", "").length();
            }
        }
        return best;
    }

    private static String globToRegex(String glob) {
        List<String> parts = new ArrayList<>();
        for (String part : glob.split("\\*", -1)) {
            parts.add(Pattern.quote(part));
        }
        return String.join(".*", parts);
    }

    private static ObjectNode defaultsJson() {
        try (InputStream in = GateConfig.class.getResourceAsStream(DEFAULTS)) {
            return (ObjectNode) RunDirectory.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double nonNegative(JsonNode v, String key, String source) {
        if (!v.isNumber() || v.asDouble() < 0) {
            throw new RunInputException("gate config " + source + ": " + key + " must be a non-negative number, not " + v + ".");
        }
        return v.asDouble();
    }

    private static boolean bool(JsonNode v, String key, String source) {
        if (!v.isBoolean()) {
            throw new RunInputException("gate config " + source + ": " + key + " must be true or false, not " + v + ".");
        }
        return v.asBoolean();
    }

    private static String text(JsonNode v, String key, String source) {
        if (!v.isTextual()) {
            throw new RunInputException("gate config " + source + ": " + key + " must be a string, not " + v + ".");
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode v, String key, String source) {
        if (!v.isArray()) {
            throw new RunInputException("gate config " + source + ": " + key + " must be a list of strings, not " + v + ".");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode s : v) {
            out.add(text(s, key, source));
        }
        return out;
    }

    private static List<Pattern> patterns(JsonNode v, String key, String source) {
        return strings(v, key, source).stream().map(s -> pattern(s, key, source)).toList();
    }

    private static Pattern pattern(String regex, String key, String source) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new RunInputException("gate config " + source + ": " + key + " \"" + regex + "\" is not a Java regular "
                    + "expression (" + e.getDescription() + ").");
        }
    }
}
