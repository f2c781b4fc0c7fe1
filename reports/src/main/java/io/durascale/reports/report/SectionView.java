package io.durascale.reports.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A section's template model and the charts its template places (by id). */
public final class SectionView {

    private final String sectionId;
    private final Map<String, Object> model = new LinkedHashMap<>();
    private final List<Chart> charts = new ArrayList<>();

    public SectionView(String sectionId) {
        this.sectionId = sectionId;
    }

    public SectionView put(String key, Object value) {
        model.put(key, value);
        return this;
    }

    /** Registers a chart and returns the map its template needs to place the container. */
    public Map<String, Object> chart(String title, com.fasterxml.jackson.databind.node.ObjectNode option, int height) {
        Chart chart = new Chart(sectionId + "-" + (charts.size() + 1), title, option, height);
        charts.add(chart);
        return map("id", chart.id(), "title", title, "height", height);
    }

    public Map<String, Object> model() {
        return model;
    }

    public List<Chart> charts() {
        return charts;
    }

    /** An ordered map for the templates; null values are kept (Pebble prints nothing for them). */
    public static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
