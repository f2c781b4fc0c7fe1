package io.durascale.reports.report.sections;

import static io.durascale.reports.report.SectionView.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.durascale.reports.analysis.CurveSeries;
import io.durascale.reports.analysis.RunAnalysis;
import io.durascale.reports.analysis.ScalingCurve;
import io.durascale.reports.report.EChartsOptions;
import io.durascale.reports.report.Figures;
import io.durascale.reports.report.ReportContext;
import io.durascale.reports.report.Section;
import io.durascale.reports.report.SectionView;
import io.durascale.reports.run.JmhResult;
import io.durascale.reports.run.JmhScore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The SKU sizing table (sizing.json), the kernel's scaling curve and the JMH results behind it. */
public final class SizingSection implements Section {

    @Override
    public String id() {
        return "sizing";
    }

    @Override
    public String title() {
        return "SKU sizing and the kernel's scaling curve";
    }

    @Override
    public SectionView view(ReportContext context) {
        SectionView view = new SectionView(id());
        List<Map<String, Object>> runs = new ArrayList<>();
        ObjectNode curve = EChartsOptions.base("item");
        curve.set("xAxis", EChartsOptions.valueAxis("threads").put("minInterval", 1).put("min", 0));
        curve.set("yAxis", EChartsOptions.valueAxis("ops/s").put("nameGap", 56));
        ArrayNode series = curve.putArray("series");
        for (RunAnalysis run : context.runs()) {
            Map<String, Object> r = map("label", run.run().label());
            run.run().sizing().ifPresentOrElse(s -> r.put("sizing", sizing(s)),
                    () -> r.put("sizingMissing", "sizing.json is not in this run (written by the sizing command)."));
            r.put("jmh", run.run().jmh().stream().map(SizingSection::jmhRow).toList());
            for (CurveSeries c : ScalingCurve.of(run.run())) {
                series.add(EChartsOptions.line(context.seriesName(run, c.name()), c.points(), null, 0).put("showSymbol", true));
                if (c.name().startsWith("sizing") && !c.points().isEmpty() && c.points().get(0)[0] > 0) {
                    double perThread = c.points().get(0)[1] / c.points().get(0)[0];
                    double maxThreads = c.points().get(c.points().size() - 1)[0];
                    ObjectNode ideal = EChartsOptions.line(context.seriesName(run, "linear scaling"),
                            List.of(new double[] {0, 0}, new double[] {maxThreads, perThread * maxThreads}), null, 0);
                    ideal.putObject("lineStyle").put("type", "dashed").put("opacity", 0.6);
                    ideal.put("showSymbol", false);
                    series.add(ideal);
                }
            }
            runs.add(r);
        }
        view.put("runs", runs);
        view.put("comparison", context.comparison());
        if (!series.isEmpty()) {
            view.put("curve", view.chart("Kernel throughput by threads (throughput-mode results, in ops/s)", curve, 360));
        }
        return view;
    }

    private static Map<String, Object> sizing(JsonNode s) {
        JsonNode catalog = s.path("catalog");
        JsonNode target = s.path("target");
        JsonNode measured = s.path("measured");
        String recommended = s.path("recommended").path("sku").asText("");
        List<Map<String, Object>> skus = new ArrayList<>();
        for (JsonNode sku : s.path("skus")) {
            skus.add(map("name", sku.path("name").asText(), "recommended", sku.path("name").asText().equals(recommended),
                    "vcpus", sku.path("vcpus").asText(""), "memory", Figures.number(sku.path("memoryGiB").asDouble(Double.NaN)),
                    "allocatable", Figures.number(sku.path("allocatableCpu").asDouble(Double.NaN)) + " CPU / "
                            + Figures.number(sku.path("allocatableMemoryGiB").asDouble(Double.NaN)) + " GiB",
                    "price", Figures.price(sku.path("pricePerHour").asDouble(Double.NaN)),
                    "perCore", Figures.number(sku.path("perCoreBlocksPerSecond").asDouble(Double.NaN)),
                    "efficiency", Figures.percent(sku.path("scalingEfficiency").asDouble(Double.NaN)),
                    "extrapolated", sku.path("extrapolated").asBoolean(false),
                    "pods", sku.path("podsPerNode").asText("") + " × " + sku.path("workerConcurrency").asText("1"),
                    "requests", sku.path("cpuRequest").asText("?") + " CPU, " + sku.path("memoryRequest").asText("?"),
                    "nodeRate", Figures.number(sku.path("nodeBlocksPerSecond").asDouble(Double.NaN)),
                    "nodes", sku.path("nodesNeeded").asText(""),
                    "perMillion", Figures.money(sku.path("costPerMillionBlocks").asDouble(Double.NaN),
                            catalog.path("currency").asText("USD"))));
        }
        String targetText = switch (target.path("kind").asText("")) {
            case "blocksPerHour" -> Figures.number(target.path("blocksPerHour").asDouble(Double.NaN)) + " blocks per hour";
            case "batchWithinDeadline" -> Figures.number(target.path("batchBlocks").asDouble(Double.NaN)) + " blocks within "
                    + Figures.number(target.path("deadlineSeconds").asDouble(Double.NaN)) + " s";
            default -> target.isMissingNode() ? "not given" : target.toString();
        };
        return map("kernel", s.path("kernel").asText("?"), "blockSize", s.path("blockSize").asText("?"),
                "target", targetText, "skus", skus, "recommended", recommended,
                "reason", s.path("recommended").path("reason").asText(""),
                "catalog", String.join(", ", List.of(catalog.path("source").asText("source not given"),
                        catalog.path("region").asText("region not given"), catalog.path("currency").asText("USD"),
                        catalog.path("date").asText("date not given"))),
                "cpuModel", measured.path("cpuModel").asText("?"), "cpus", measured.path("cpusOnMachine").asText("?"),
                "memoryPerSlot", Figures.bytes(measured.path("memoryPerSlotBytes").asDouble(Double.NaN)));
    }

    private static Map<String, Object> jmhRow(JmhResult r) {
        JmhScore p = r.primary();
        JmhScore alloc = r.secondary().get(JmhResult.ALLOCATION);
        return map("benchmark", r.shortName(), "full", r.benchmark(), "params", r.paramText(), "mode", r.mode(),
                "threads", r.threads(), "score", Figures.number(p.score()),
                "error", Double.isFinite(p.error()) ? "± " + Figures.number(p.error()) : "(no CI)",
                "unit", p.unit(), "alloc", alloc == null ? "" : Figures.number(alloc.score()) + " " + alloc.unit());
    }
}
