package io.durascale.reports.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads JMH's own JSON result ({@code -rf json}): an array with one object per benchmark × params. */
public final class JmhResults {

    private JmhResults() {
    }

    /**
     * @throws IllegalArgumentException naming the first entry that is not a JMH result
     */
    public static List<JmhResult> parse(JsonNode root) {
        if (!root.isArray()) {
            throw new IllegalArgumentException("expected JMH's JSON array (benchmarks.jar -rf json), found a "
                    + root.getNodeType().name().toLowerCase());
        }
        List<JmhResult> results = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode entry = root.get(i);
            String benchmark = entry.path("benchmark").asText("");
            if (benchmark.isEmpty() || !entry.path("primaryMetric").isObject()) {
                throw new IllegalArgumentException("entry " + i + " has no benchmark name or primaryMetric");
            }
            TreeMap<String, String> params = new TreeMap<>();
            entry.path("params").properties().forEach(p -> params.put(p.getKey(), p.getValue().asText()));
            Map<String, JmhScore> secondary = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> m : entry.path("secondaryMetrics").properties()) {
                // JMH before 1.37 spelled them "·gc.alloc.rate.norm" (a middle dot in front).
                secondary.put(m.getKey().replace("\u00b7", ""), score(m.getValue()));
            }
            results.add(new JmhResult(benchmark, entry.path("mode").asText("thrpt"), entry.path("threads").asInt(1),
                    entry.path("forks").asInt(1), params, entry.path("jdkVersion").asText(""),
                    entry.path("vmName").asText(""), score(entry.get("primaryMetric")), secondary));
        }
        return results;
    }

    private static JmhScore score(JsonNode metric) {
        JsonNode ci = metric.path("scoreConfidence");
        return new JmhScore(number(metric.get("score")), number(metric.get("scoreError")),
                number(ci.get(0)), number(ci.get(1)), metric.path("scoreUnit").asText(""));
    }

    /** JMH writes "NaN" (a string) where it has no error estimate. */
    public static double number(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Double.NaN;
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        try {
            return Double.parseDouble(node.asText());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
