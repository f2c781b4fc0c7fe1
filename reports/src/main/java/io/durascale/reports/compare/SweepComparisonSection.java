package io.durascale.reports.compare;

import static io.durascale.reports.report.SectionView.map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.durascale.reports.analysis.Figure;
import io.durascale.reports.analysis.RunAnalysis;
import io.durascale.reports.report.EChartsOptions;
import io.durascale.reports.report.Kinds;
import io.durascale.reports.report.ReportContext;
import io.durascale.reports.report.Section;
import io.durascale.reports.report.SectionView;
import io.durascale.run.SweepPoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One row per run — its swept parameters (run.json {@code sweepPoint}), its kind — and one column per headline
 * figure; a bar chart of one figure across the runs, measured and simulated runs in series of their own.
 */
public final class SweepComparisonSection implements Section {

    private final ComparisonFigure charted;

    public SweepComparisonSection(ComparisonFigure charted) {
        this.charted = charted;
    }

    @Override
    public String id() {
        return "comparison";
    }

    @Override
    public String title() {
        return "Runs compared";
    }

    @Override
    public SectionView view(ReportContext context) {
        SectionView view = new SectionView(id());
        Set<String> parameters = new LinkedHashSet<>();
        for (RunAnalysis run : context.runs()) {
            sweepPoint(run).ifPresent(p -> parameters.addAll(p.parameters().keySet()));
        }
        String currency = context.pricing().currency();
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        Map<String, List<Double>> byKind = new LinkedHashMap<>();
        byKind.put(Kinds.MEASURED, new ArrayList<>());
        byKind.put(Kinds.SIMULATED, new ArrayList<>());
        for (RunAnalysis run : context.runs()) {
            Map<String, String> values = sweepPoint(run).map(SweepPoint::parameters).orElse(Map.of());
            List<String> cells = new ArrayList<>();
            double chartedValue = Double.NaN;
            for (ComparisonFigure f : ComparisonFigure.values()) {
                Figure figure = f.of(run, context.pricing());
                cells.add(f.format(figure.value(), currency));
                chartedValue = f == charted ? charted.chartValue(figure.value()) : chartedValue;
            }
            String kind = Kinds.of(run.run());
            rows.add(map("label", run.run().label(), "kind", kind,
                    "parameters", parameters.stream().map(k -> values.getOrDefault(k, "—")).toList(), "cells", cells));
            labels.add(run.run().label());
            double v = chartedValue;
            byKind.forEach((k, column) -> column.add(k.equals(kind) ? v : Double.NaN));
        }
        ObjectNode chart = EChartsOptions.base("axis");
        chart.set("xAxis", EChartsOptions.categoryAxis("", labels));
        chart.withObjectProperty("xAxis").putObject("axisLabel").put("interval", 0).put("rotate", labels.size() > 4 ? 30 : 0);
        chart.set("yAxis", EChartsOptions.valueAxis(charted.axisName(currency)));
        chart.withObjectProperty("grid").put("bottom", 110);
        ArrayNode series = EChartsOptions.F.arrayNode();
        // One series per kind: a simulated bar is never mistaken for a measured one. Each bar labelled, formatted.
        for (Map.Entry<String, List<Double>> s : byKind.entrySet()) {
            if (s.getValue().stream().anyMatch(Double::isFinite)) {
                ObjectNode bar = EChartsOptions.bar(charted.title() + " (" + s.getKey() + ")", s.getValue(), 0);
                bar.put("stack", "kind");
                bar.putObject("label").put("show", true).put("position", "top")
                        .put("formatter", charted.money() ? "money:" + currency : "{c}");
                series.add(bar);
            }
        }
        chart.set("series", series);
        view.put("parameters", List.copyOf(parameters));
        view.put("figures", Arrays.stream(ComparisonFigure.values()).map(ComparisonFigure::title).toList());
        view.put("rows", rows);
        view.put("mixed", Kinds.of(context.runs().stream().map(RunAnalysis::run).toList()).mixed());
        view.put("charted", charted.title());
        if (!series.isEmpty()) {
            view.put("chart", view.chart(charted.title() + " across the runs", chart, 360));
        }
        return view;
    }

    private static Optional<SweepPoint> sweepPoint(RunAnalysis run) {
        return run.run().run().flatMap(r -> r.setting(SweepPoint.SETTING, SweepPoint.class));
    }
}
