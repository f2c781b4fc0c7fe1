package io.durascale.reports.report.sections;

import static io.durascale.reports.report.SectionView.map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.durascale.reports.analysis.RunAnalysis;
import io.durascale.reports.cost.Assumption;
import io.durascale.reports.cost.CostEstimate;
import io.durascale.reports.cost.CostScenario;
import io.durascale.reports.report.EChartsOptions;
import io.durascale.reports.report.Figures;
import io.durascale.reports.report.ReportContext;
import io.durascale.reports.report.Section;
import io.durascale.reports.report.SectionView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scale to zero and cost: AKS+KEDA as measured, an always-on pool, and the Functions Consumption plan; then every
 * tier's pod-seconds and the three designs ({@link EveryTierView}).
 */
public final class CostSection implements Section {

    @Override
    public String id() {
        return "cost";
    }

    @Override
    public String title() {
        return "Scale to zero and cost";
    }

    @Override
    public SectionView view(ReportContext context) {
        SectionView view = new SectionView(id());
        List<Map<String, Object>> runs = new ArrayList<>();
        ObjectNode chart = EChartsOptions.base("axis");
        List<String> scenarioNames = new ArrayList<>();
        ArrayNode series = EChartsOptions.F.arrayNode();
        String currency = context.pricing().currency();
        boolean anyCost = false;
        for (RunAnalysis run : context.runs()) {
            CostEstimate cost = CostEstimate.of(run, context.pricing());
            List<Map<String, Object>> scenarios = new ArrayList<>();
            List<Double> monthly = new ArrayList<>();
            for (CostScenario s : cost.scenarios()) {
                scenarios.add(map("name", s.name(), "perRun", Figures.money(s.perRun(), cost.currency()),
                        "perMonth", Figures.money(s.perMonth(), cost.currency()), "formula", s.formula(), "note", s.note()));
                if (!scenarioNames.contains(s.name())) {
                    scenarioNames.add(s.name());
                }
                monthly.add(s.perMonth());
                anyCost |= Double.isFinite(s.perMonth());
            }
            List<Map<String, Object>> assumptions = new ArrayList<>();
            for (Assumption a : cost.assumptions()) {
                assumptions.add(map("key", a.key(), "description", a.description(),
                        "value", a.key().startsWith("functions.price") || a.key().equals("pricePerPodHour")
                                ? Figures.price(a.value()) : Figures.number(a.value()),
                        "unit", a.unit(), "source", a.source() == null ? "not available" : a.source()));
            }
            Map<String, Object> r = map("label", run.run().label(), "scenarios", scenarios, "assumptions", assumptions,
                    "idleCost", Figures.money(cost.idleCost(), cost.currency()), "idleSource", cost.idleCostSource(),
                    "missing", cost.missing());
            r.putAll(EveryTierView.of(run, context.pricing()));
            runs.add(r);
            ObjectNode bar = EChartsOptions.bar(context.seriesName(run, "per month"), monthly, 0);
            // Costs differ by orders of magnitude: the label keeps a tiny bar readable.
            // "money:<currency>": report.js formats the label as money ($0.068, not 0.06796975499999999).
            bar.putObject("label").put("show", true).put("position", "right").put("formatter", "money:" + currency);
            series.add(bar);
        }
        chart.set("yAxis", EChartsOptions.categoryAxis("", scenarioNames).put("inverse", true));
        chart.set("xAxis", EChartsOptions.valueAxis(currency + " per month"));
        chart.withObjectProperty("grid").put("left", 250);
        chart.withObjectProperty("yAxis").putObject("axisLabel").put("width", 230).put("overflow", "break");
        chart.set("series", series);
        view.put("runs", runs);
        view.put("currency", currency);
        view.put("comparison", context.comparison());
        view.put("runsPerMonth", Figures.number(context.pricing().value(
                io.durascale.reports.cost.Pricing.RUNS_PER_MONTH).orElse(Double.NaN)));
        if (anyCost) {
            view.put("chart", view.chart("A month of this work", chart, 260));
        }
        return view;
    }
}
