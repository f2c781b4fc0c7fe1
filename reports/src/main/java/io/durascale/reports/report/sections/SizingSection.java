package io.durascale.reports.report.sections;

import static io.durascale.reports.report.SectionView.map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.durascale.reports.analysis.CurveSeries;
import io.durascale.reports.analysis.KernelThroughputCurves;
import io.durascale.reports.analysis.RunAnalysis;
import io.durascale.reports.report.EChartsOptions;
import io.durascale.reports.report.Figures;
import io.durascale.reports.report.ReportContext;
import io.durascale.reports.report.Section;
import io.durascale.reports.report.SectionView;
import io.durascale.run.RunJson;
import io.durascale.run.Sizing;
import io.durascale.run.jmh.JmhMetric;
import io.durascale.run.jmh.JmhResult;
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
            for (CurveSeries c : KernelThroughputCurves.of(run.run())) {
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

    private static Map<String, Object> sizing(Sizing s) {
        Sizing.Catalog catalog = s.catalog() == null ? new Sizing.Catalog(null, null, null, null, null, null, null) : s.catalog();
        Sizing.Target target = s.target();
        Sizing.Measured measured = s.measured();
        String recommended = s.recommended() == null || s.recommended().sku() == null ? "" : s.recommended().sku();
        String currency = or(catalog.currency(), "USD");
        List<Map<String, Object>> skus = new ArrayList<>();
        for (Sizing.SkuRow sku : s.skus()) {
            skus.add(map("name", sku.name(), "recommended", recommended.equals(sku.name()),
                    "vcpus", or(sku.vcpus(), ""), "memory", Figures.number(Figures.orUnknown(sku.memoryGiB())),
                    "allocatable", Figures.number(Figures.orUnknown(sku.allocatableCpu())) + " CPU / "
                            + Figures.number(Figures.orUnknown(sku.allocatableMemoryGiB())) + " GiB",
                    "price", Figures.price(Figures.orUnknown(sku.pricePerHour())),
                    "perCore", Figures.number(Figures.orUnknown(sku.perCoreBlocksPerSecond())),
                    "efficiency", Figures.percent(Figures.orUnknown(sku.scalingEfficiency())),
                    "extrapolated", Boolean.TRUE.equals(sku.extrapolated()),
                    "pods", or(sku.podsPerNode(), "") + " × " + or(sku.workerConcurrency(), "1"),
                    "requests", or(sku.cpuRequest(), "?") + " CPU, " + or(sku.memoryRequest(), "?"),
                    "nodeRate", Figures.number(Figures.orUnknown(sku.nodeBlocksPerSecond())),
                    "nodes", or(sku.nodesNeeded(), ""),
                    "perMillion", Figures.money(Figures.orUnknown(sku.costPerMillionBlocks()), currency)));
        }
        String targetText = target == null ? "not given" : switch (or(target.kind(), "")) {
            case Sizing.Target.BLOCKS_PER_HOUR -> Figures.number(Figures.orUnknown(target.blocksPerHour())) + " blocks per hour";
            case Sizing.Target.BATCH_WITHIN_DEADLINE -> Figures.number(Figures.orUnknown(target.batchBlocks())) + " blocks within "
                    + Figures.number(Figures.orUnknown(target.deadlineSeconds())) + " s";
            default -> RunJson.MAPPER.valueToTree(target).toString();
        };
        return map("kernel", or(s.kernel(), "?"), "blockSize", or(s.blockSize(), "?"),
                "target", targetText, "skus", skus, "recommended", recommended,
                "reason", s.recommended() == null ? "" : or(s.recommended().reason(), ""),
                "catalog", String.join(", ", List.of(or(catalog.source(), "source not given"),
                        or(catalog.region(), "region not given"), currency, or(catalog.date(), "date not given"))),
                "cpuModel", measured == null ? "?" : or(measured.cpuModel(), "?"),
                "cpus", measured == null ? "?" : or(measured.cpusOnMachine(), "?"),
                "memoryPerSlot", Figures.bytes(measured == null ? Double.NaN : Figures.orUnknown(measured.memoryPerSlotBytes())));
    }

    /** The value as the table prints it, or {@code otherwise} where the file has none. */
    private static String or(Object value, String otherwise) {
        return value == null ? otherwise : value.toString();
    }

    private static Map<String, Object> jmhRow(JmhResult r) {
        JmhMetric p = r.primary();
        JmhMetric alloc = r.secondary(JmhResult.ALLOCATION).orElse(null);
        return map("benchmark", r.shortName(), "full", r.benchmark(), "params", r.paramText(), "mode", r.mode(),
                "threads", r.threads(), "score", Figures.number(p.score()),
                "error", Double.isFinite(p.scoreError()) ? "± " + Figures.number(p.scoreError()) : "(no CI)",
                "unit", or(p.unit(), ""), "alloc", alloc == null ? "" : Figures.number(alloc.score()) + " " + or(alloc.unit(), ""));
    }
}
