package io.durascale.reports.run;

import com.fasterxml.jackson.databind.JsonNode;

/** One line of {@code timeline.jsonl}: time (epoch ms), kind, and the kind's values. */
public record TimelineEvent(long t, String kind, JsonNode values) {

    public String text(String key) {
        JsonNode v = values.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The first of the keys that holds a number (writers differ: a queue's depth is "depth" or "length"). */
    public double number(String... keys) {
        for (String key : keys) {
            JsonNode v = values.get(key);
            if (v != null && v.isNumber()) {
                return v.asDouble();
            }
        }
        return Double.NaN;
    }
}
