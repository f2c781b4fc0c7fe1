package io.durascale.reports.gate;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.durascale.run.RunInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The gate's thresholds: the defaults ({@code gate-defaults.json}, shown in the README) with a user's
 * file ({@link GateConfigFile}) laid over them. The one place the config is read and validated; every mistake is
 * one sentence naming the key.
 */
public record GateConfig(List<Pattern> include, List<Pattern> exclude, Set<String> ignoreParams, Pattern calibration,
                         boolean failOnMissing, double jmhMinEffect, boolean requireCiSeparation,
                         double allocationTolerance, double allocationSlackBytes, double countsMaxIncrease,
                         List<String> percentiles,
                         double timesMaxIncrease, double timesMinIncreaseMs, Map<String, Double> thresholdsMs,
                         double ratesMaxDecrease, String source) {

    private static final String DEFAULTS = "/io/durascale/reports/gate/gate-defaults.json";
    private static final Set<String> PERCENTILES = Set.of("p50", "p90", "p95", "p99");
    /** A config is typed by people: unknown keys and values of the wrong type are mistakes, not coerced. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    public static GateConfig defaults() {
        return parse(defaultsFile(), "built-in defaults");
    }

    public static GateConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new RunInputException("gate config " + file + " does not exist: give a JSON file (see docs/sizing-and-gate.md) "
                    + "or leave --config out for the defaults.");
        }
        JsonNode tree;
        try {
            tree = STRICT.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new RunInputException("gate config " + file + " is not valid JSON (line " + e.getLocation().getLineNr()
                    + ": " + e.getOriginalMessage() + ").");
        } catch (IOException e) {
            throw new RunInputException("gate config " + file + " cannot be read: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new RunInputException("gate config " + file + " must be a JSON object.");
        }
        return parse(read(tree, file.toString()).over(defaultsFile()), file.toString());
    }

    /**
     * @throws RunInputException naming the key that is unknown or holds the wrong type of value
     */
    private static GateConfigFile read(JsonNode tree, String source) {
        try {
            return STRICT.treeToValue(tree, GateConfigFile.class);
        } catch (UnrecognizedPropertyException e) {
            List<String> path = keys(e);
            String in = String.join(".", path.subList(0, path.size() - 1));
            List<String> known = e.getReferringClass().isRecord()
                    ? Arrays.stream(e.getReferringClass().getRecordComponents()).map(RecordComponent::getName).toList()
                    : List.of();
            throw new RunInputException("gate config " + source + ": unknown key \"" + String.join(".", path) + "\"; known keys"
                    + (in.isEmpty() ? "" : " in " + in) + ": " + String.join(", ", known) + ".");
        } catch (MismatchedInputException e) {
            String key = String.join(".", keys(e));
            JsonNode value = tree.at(pointer(e));
            throw new RunInputException("gate config " + source + ": " + key + " must be " + expected(e.getTargetType())
                    + ", not " + value + ".");
        } catch (JsonProcessingException e) {
            throw new RunInputException("gate config " + source + " cannot be read: " + e.getOriginalMessage());
        }
    }

    private static List<String> keys(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]").toList();
    }

    private static JsonPointer pointer(JsonMappingException e) {
        JsonPointer p = JsonPointer.empty();
        for (JsonMappingException.Reference r : e.getPath()) {
            p = r.getFieldName() != null ? p.appendProperty(r.getFieldName()) : p.appendIndex(r.getIndex());
        }
        return p;
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class) {
            return "a non-negative number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list of strings";
        }
        return Map.class.isAssignableFrom(type) ? "an object of numbers" : "an object";
    }

    /** The validated config: every key present (the defaults have them all), values in range. */
    private static GateConfig parse(GateConfigFile f, String source) {
        Map<String, Double> thresholds = new LinkedHashMap<>();
        f.times().thresholdsMs().forEach((key, value) -> thresholds.put(key,
                nonNegative(value, "times.thresholdsMs." + key, source)));
        List<String> percentiles = f.times().percentiles();
        for (String p : percentiles) {
            if (!PERCENTILES.contains(p)) {
                throw new RunInputException("gate config " + source + ": times.percentiles has \"" + p + "\"; use p50, p90, p95 or p99.");
            }
        }
        return new GateConfig(patterns(f.include(), "include", source), patterns(f.exclude(), "exclude", source),
                new LinkedHashSet<>(f.ignoreParams()), pattern(f.calibration(), "calibration", source),
                f.failOnMissing(),
                nonNegative(f.jmh().minEffect(), "jmh.minEffect", source), f.jmh().requireCiSeparation(),
                nonNegative(f.allocation().tolerance(), "allocation.tolerance", source),
                nonNegative(f.allocation().slackBytes(), "allocation.slackBytes", source),
                nonNegative(f.counts().maxIncrease(), "counts.maxIncrease", source),
                List.copyOf(percentiles),
                nonNegative(f.times().maxIncrease(), "times.maxIncrease", source),
                nonNegative(f.times().minIncreaseMs(), "times.minIncreaseMs", source),
                thresholds,
                nonNegative(f.rates().maxDecrease(), "rates.maxDecrease", source), source);
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

    private static GateConfigFile defaultsFile() {
        try (InputStream in = GateConfig.class.getResourceAsStream(DEFAULTS)) {
            return STRICT.readValue(in, GateConfigFile.class);
        } catch (IOException e) {
            throw new UncheckedIOException("the built-in " + DEFAULTS + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static double nonNegative(Double v, String key, String source) {
        if (v == null || !Double.isFinite(v) || v < 0) {
            // As it was written: -1, not -1.0.
            String given = v != null && v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString(v.longValue()) : String.valueOf(v);
            throw new RunInputException("gate config " + source + ": " + key + " must be a non-negative number, not " + given + ".");
        }
        return v;
    }

    private static List<Pattern> patterns(List<String> regexes, String key, String source) {
        for (String regex : regexes) {
            if (regex == null) {
                throw new RunInputException("gate config " + source + ": " + key + " must be a list of strings, not null.");
            }
        }
        return regexes.stream().map(s -> pattern(s, key, source)).toList();
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
