package io.durascale.reports.report.sections;

import static io.durascale.reports.report.SectionView.map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.durascale.reports.analysis.RunAnalysis;
import io.durascale.reports.report.EChartsOptions;
import io.durascale.reports.report.Figures;
import io.durascale.reports.report.ReportContext;
import io.durascale.reports.report.Section;
import io.durascale.reports.report.SectionView;
import io.durascale.run.LatencySummary;
import io.durascale.run.PercentileDistribution;
import io.durascale.run.RunReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Latency percentiles of the load tests (latency/*.json, *.hgrm, metrics.json latency), in milliseconds. */
public final class LatencySection implements Section {

    static final List<String> PERCENTILES = List.of("p50", "p90", "p95", "p99");

    @Override
    public String id() {
        return "latency";
    }

    @Override
    public String title() {
        return "Latency percentiles";
    }

    @Override
    public SectionView view(ReportContext context) {
        SectionView view = new SectionView(id());
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        PERCENTILES.forEach(p -> bars.put(p, new ArrayList<>()));
        List<String> missing = new ArrayList<>();
        ObjectNode curves = EChartsOptions.base("axis");
        curves.set("xAxis", EChartsOptions.logAxis("percentile, as 1/(1-p): 2 = p50, 10 = p90, 100 = p99, 1000 = p99.9")
                .put("min", 1));
        curves.set("yAxis", EChartsOptions.valueAxis("ms").put("nameGap", 50));
        ArrayNode curveSeries = curves.putArray("series");
        for (RunAnalysis run : context.runs()) {
            List<RunReader.Latency> list = run.run().latencySummaries();
            if (list.isEmpty()) {
                missing.add((context.comparison() ? run.run().label() + ": " : "")
                        + "no latency/*.json, latency/*.hgrm or metrics.json latency in this run (written by the load tests).");
            }
            for (RunReader.Latency latency : list) {
                LatencySummary l = latency.summary();
                rows.add(map("run", run.run().label(), "name", l.name(), "count", Figures.number(l.count()),
                        "p50", Figures.number(l.value("p50")), "p90", Figures.number(l.value("p90")),
                        "p95", Figures.number(l.value("p95")), "p99", Figures.number(l.value("p99")),
                        "max", Figures.number(l.value("max")), "source", latency.source()));
                categories.add(context.seriesName(run, l.name()));
                PERCENTILES.forEach(p -> bars.get(p).add(l.value(p)));
            }
            for (PercentileDistribution d : run.run().distributions().values()) {
                List<double[]> points = new ArrayList<>();
                for (int i = 0; i < d.values().length; i++) {
                    double p = d.percentiles()[i];
                    if (p < 1.0) {
                        points.add(new double[] {1 / (1 - p), d.values()[i]});
                    }
                }
                curveSeries.add(EChartsOptions.line(context.seriesName(run, d.name()), points, null, 0));
            }
        }
        view.put("rows", rows);
        view.put("missing", missing);
        view.put("comparison", context.comparison());
        if (!categories.isEmpty()) {
            ObjectNode o = EChartsOptions.base("axis");
            o.set("xAxis", EChartsOptions.categoryAxis("operation", categories));
            o.set("yAxis", EChartsOptions.valueAxis("ms").put("nameGap", 50));
            ArrayNode s = o.putArray("series");
            bars.forEach((p, values) -> s.add(EChartsOptions.bar(p, values, 0)));
            view.put("bars", view.chart("Percentiles per operation", o, 320));
        }
        if (!curveSeries.isEmpty()) {
            view.put("curves", view.chart("Percentile distributions (HdrHistogram)", curves, 320));
        }
        return view;
    }
}
