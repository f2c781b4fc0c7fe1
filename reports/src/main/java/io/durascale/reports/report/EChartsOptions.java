package io.durascale.reports.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.durascale.reports.analysis.Marker;
import java.util.List;

/**
 * Builds Apache ECharts options as JSON (https://echarts.apache.org/en/option.html). Every chart is drawn
 * without animation, so a screenshot taken at load shows the finished chart. Non-finite numbers become null,
 * which ECharts draws as a gap.
 */
public final class EChartsOptions {

    public static final JsonNodeFactory F = JsonNodeFactory.instance;

    private EChartsOptions() {
    }

    public static ObjectNode base(String trigger) {
        ObjectNode o = F.objectNode();
        o.put("animation", false);
        o.putObject("tooltip").put("trigger", trigger).put("confine", true);
        o.putObject("legend").put("type", "scroll").put("top", 0);
        o.putObject("grid").put("left", 70).put("right", 70).put("top", 44).put("bottom", 56).put("containLabel", false);
        return o;
    }

    public static ObjectNode valueAxis(String name) {
        ObjectNode a = F.objectNode();
        a.put("type", "value").put("name", name).put("nameLocation", "middle").put("nameGap", 40);
        a.put("scale", false);
        return a;
    }

    public static ObjectNode logAxis(String name) {
        ObjectNode a = valueAxis(name);
        a.put("type", "log").put("logBase", 10);
        return a;
    }

    public static ObjectNode categoryAxis(String name, List<String> categories) {
        ObjectNode a = F.objectNode();
        a.put("type", "category").put("name", name).put("nameLocation", "middle").put("nameGap", 32);
        ArrayNode data = a.putArray("data");
        categories.forEach(data::add);
        return a;
    }

    /** A line of [x, y] points; {@code step} is "end" for quantities that hold until the next reading. */
    public static ObjectNode line(String name, List<double[]> points, String step, int yAxisIndex) {
        ObjectNode s = F.objectNode();
        s.put("name", name).put("type", "line").put("yAxisIndex", yAxisIndex).put("showSymbol", points.size() <= 30);
        if (step != null) {
            s.put("step", step);
        }
        ArrayNode data = s.putArray("data");
        for (double[] p : points) {
            ArrayNode pair = data.addArray();
            add(pair, p[0]);
            add(pair, p[1]);
        }
        return s;
    }

    public static ObjectNode bar(String name, List<Double> values, int yAxisIndex) {
        ObjectNode s = F.objectNode();
        s.put("name", name).put("type", "bar").put("yAxisIndex", yAxisIndex);
        ArrayNode data = s.putArray("data");
        values.forEach(v -> add(data, v));
        return s;
    }

    /** Vertical lines at markers (node added, load phase, KEDA activation), labelled, on the x axis in seconds. */
    public static ObjectNode markLines(List<Marker> markers, long origin) {
        ObjectNode ml = F.objectNode();
        ml.put("symbol", "none").put("silent", false);
        ml.putObject("lineStyle").put("type", "dashed").put("width", 1);
        ml.putObject("label").put("formatter", "{b}").put("position", "insideEndTop").put("fontSize", 10);
        ArrayNode data = ml.putArray("data");
        for (Marker m : markers) {
            ObjectNode d = data.addObject();
            d.put("name", m.label()).put("xAxis", Math.round((m.t() - origin) / 10.0) / 100.0);
            d.putObject("lineStyle").put("color", switch (m.kind()) {
                case "node" -> "#8e44ad";
                case "load" -> "#7f8c8d";
                default -> "#d35400";
            });
        }
        return ml;
    }

    public static void add(ArrayNode array, double v) {
        if (Double.isFinite(v)) {
            array.add(v);
        } else {
            array.addNull();
        }
    }
}
