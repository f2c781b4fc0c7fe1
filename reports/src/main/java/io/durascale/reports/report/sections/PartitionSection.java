package io.durascale.reports.report.sections;

import static io.durascale.reports.report.SectionView.map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.durascale.reports.analysis.ThroughputAtPartitions;
import io.durascale.reports.analysis.PartitionThroughput;
import io.durascale.reports.analysis.RunAnalysis;
import io.durascale.reports.report.EChartsOptions;
import io.durascale.reports.report.Figures;
import io.durascale.reports.report.ReportContext;
import io.durascale.reports.report.Section;
import io.durascale.reports.report.SectionView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Orchestration throughput per control-queue partition count: measured bars with the same run's storage
 * bound beside them, and the imbalance between partitions as a line.
 */
public final class PartitionSection implements Section {

    @Override
    public String id() {
        return "partitions";
    }

    @Override
    public String title() {
        return "Throughput per control-queue partition";
    }

    @Override
    public SectionView view(ReportContext context) {
        SectionView view = new SectionView(id());
        // One chart per series (the load test, each task hub benchmark workload), runs side by side in it.
        Map<String, List<RunAnalysis>> seriesRuns = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (RunAnalysis run : context.runs()) {
            PartitionThroughput p = run.partitions();
            if (p.isEmpty()) {
                missing.add((context.comparison() ? run.run().label() + ": " : "")
                        + "neither metrics.json throughputPerPartition nor taskhub-bench.json is in this run.");
            }
            p.bySeries().forEach((series, steps) -> {
                seriesRuns.computeIfAbsent(series, s -> new ArrayList<>()).add(run);
                for (ThroughputAtPartitions s : steps) {
                    rows.add(map("run", run.run().label(), "series", series, "partitions", s.partitions(),
                            "rate", Figures.number(s.orchestrationsPerSecond()),
                            "bound", Figures.number(s.storageBound()),
                            "fraction", Double.isFinite(s.storageBound()) && s.storageBound() > 0
                                    ? Figures.percent(s.orchestrationsPerSecond() / s.storageBound()) : Figures.UNKNOWN,
                            "imbalance", Figures.number(s.imbalance()),
                            "perPartition", s.perPartition().stream().map(Figures::number).collect(Collectors.joining(" · ")),
                            "unit", s.perPartitionUnit(),
                            "limitedBy", s.limitedBy().isEmpty() ? Figures.UNKNOWN : s.limitedBy()
                                    + (Double.isFinite(s.machineCpu()) ? " (CPU " + Figures.percent(s.machineCpu()) + ")" : ""),
                            "needed", p.needed().map(n -> n == s).orElse(false)));
                }
            });
        }
        List<Map<String, Object>> charts = new ArrayList<>();
        seriesRuns.forEach((series, runs) -> charts.add(view.chart(series, chart(context, series, runs), 340)));
        view.put("charts", charts);
        view.put("rows", rows);
        view.put("missing", missing);
        view.put("rule", PartitionThroughput.RULE);
        view.put("comparison", context.comparison());
        return view;
    }

    private static ObjectNode chart(ReportContext context, String series, List<RunAnalysis> runs) {
        TreeSet<Integer> counts = new TreeSet<>();
        runs.forEach(r -> r.partitions().bySeries().get(series).forEach(s -> counts.add(s.partitions())));
        List<Integer> x = new ArrayList<>(counts);
        ObjectNode o = EChartsOptions.base("axis");
        o.set("xAxis", EChartsOptions.categoryAxis("control-queue partitions", x.stream().map(String::valueOf).toList()));
        ArrayNode y = o.putArray("yAxis");
        y.add(EChartsOptions.valueAxis("orchestrations/s").put("nameGap", 50));
        y.add(EChartsOptions.valueAxis("imbalance (busiest / mean)").put("min", 1).put("nameGap", 40));
        ArrayNode s = o.putArray("series");
        for (RunAnalysis run : runs) {
            Map<Integer, ThroughputAtPartitions> byCount = new LinkedHashMap<>();
            run.partitions().bySeries().get(series).forEach(step -> byCount.put(step.partitions(), step));
            s.add(EChartsOptions.bar(context.seriesName(run, "measured"),
                    x.stream().map(c -> byCount.containsKey(c) ? byCount.get(c).orchestrationsPerSecond() : Double.NaN).toList(), 0));
            ObjectNode bound = EChartsOptions.bar(context.seriesName(run, "storage bound (same run)"),
                    x.stream().map(c -> byCount.containsKey(c) ? byCount.get(c).storageBound() : Double.NaN).toList(), 0);
            bound.putObject("itemStyle").put("opacity", 0.45);
            s.add(bound);
            ObjectNode imbalance = EChartsOptions.F.objectNode();
            imbalance.put("name", context.seriesName(run, "imbalance")).put("type", "line").put("yAxisIndex", 1);
            ArrayNode data = imbalance.putArray("data");
            x.forEach(c -> EChartsOptions.add(data, byCount.containsKey(c) ? byCount.get(c).imbalance() : Double.NaN));
            s.add(imbalance);
        }
        return o;
    }
}
