package io.durascale.reports.report.sections;

import static io.durascale.reports.report.SectionView.map;

import io.durascale.reports.analysis.Figure;
import io.durascale.reports.analysis.ThroughputAtPartitions;
import io.durascale.reports.analysis.PartitionThroughput;
import io.durascale.reports.analysis.RunAnalysis;
import io.durascale.reports.cost.CostEstimate;
import io.durascale.reports.report.Figures;
import io.durascale.reports.report.ReportContext;
import io.durascale.reports.report.Section;
import io.durascale.reports.report.SectionView;
import io.durascale.run.RunInfo;
import io.durascale.run.Sizing;
import io.durascale.run.WhatIfAnswer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The verdicts a reader came for: which SKU, how many pods, scale-up latency, partitions, idle cost. */
public final class SummarySection implements Section {

    @Override
    public String id() {
        return "summary";
    }

    @Override
    public String title() {
        return "Verdicts";
    }

    @Override
    public SectionView view(ReportContext context) {
        SectionView view = new SectionView(id());
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(row("VM size (SKU)", context, this::sku));
        rows.add(row("Worker pods", context, this::pods));
        rows.add(row("Scale-up latency", context, this::scaleUp));
        rows.add(row("Control-queue partitions", context, this::partitions));
        rows.add(row("Idle cost of scaling to zero", context, run -> idleCost(run, context)));
        rows.add(row("Storage", context, this::storage));
        if (context.runs().stream().anyMatch(r -> r.run().whatIf().isPresent())) {
            rows.add(row("At cloud scale (simulated what-if)", context, this::whatIf));
        }
        view.put("runs", context.runs().stream().map(r -> r.run().label()).toList());
        view.put("rows", rows);
        view.put("emulated", context.runs().stream().anyMatch(RunAnalysis::emulated));
        List<String> problems = new ArrayList<>();
        for (RunAnalysis run : context.runs()) {
            run.run().problems().forEach(p -> problems.add((context.comparison() ? run.run().label() + ": " : "") + p));
        }
        view.put("problems", problems);
        return view;
    }

    private static Map<String, Object> row(String verdict, ReportContext context, Function<RunAnalysis, Map<String, Object>> cell) {
        return map("verdict", verdict, "cells", context.runs().stream().map(cell).toList());
    }

    private static Map<String, Object> cell(String value, String note) {
        return map("value", value, "note", note, "missing", false);
    }

    private static Map<String, Object> missing(String what) {
        return map("value", "not measured", "note", what, "missing", true);
    }

    private Map<String, Object> sku(RunAnalysis run) {
        Optional<Sizing.Recommended> rec = run.recommendedSku();
        if (rec.isEmpty()) {
            return missing("needs sizing.json (the sizing command)");
        }
        return cell(rec.get().sku(), rec.get().reason() == null ? "" : rec.get().reason());
    }

    private Map<String, Object> pods(RunAnalysis run) {
        Optional<Sizing.SkuRow> row = run.recommendedSkuRow();
        Figure peak = run.peakPods();
        String peakText = peak.known() ? "at most " + Figures.number(peak.value()) + " pod(s) at once in this run" : null;
        if (row.isPresent()) {
            Sizing.SkuRow r = row.get();
            int nodes = r.nodesNeeded() == null ? 0 : r.nodesNeeded().intValue();
            int perNode = r.podsPerNode() == null ? 0 : r.podsPerNode();
            Sizing.Target target = run.run().sizing().map(Sizing::target).orElse(null);
            String targetText = target != null && target.blocksPerHour() != null
                    ? "for " + Figures.number(target.blocksPerHour()) + " blocks/h"
                    : target != null && target.batchBlocks() != null ? "for " + Figures.number(target.batchBlocks())
                    + " blocks within " + Figures.number(target.deadlineSeconds() == null ? 0 : target.deadlineSeconds()) + " s"
                    : "for the sizing target";
            return cell(nodes * perNode + (nodes * perNode == 1 ? " pod" : " pods") + " on " + nodes + " × " + r.name(),
                    targetText + " (" + perNode + " per node, " + (r.cpuRequest() == null ? "?" : r.cpuRequest()) + " CPU, "
                            + (r.memoryRequest() == null ? "?" : r.memoryRequest()) + " each)"
                            + (peakText == null ? "" : "; " + peakText));
        }
        return peak.known() ? cell(Figures.number(peak.value()) + " pods (peak)", peakText + "; sizing.json would give the need")
                : missing("needs sizing.json or timeline.jsonl");
    }

    private Map<String, Object> scaleUp(RunAnalysis run) {
        Figure up = run.scaleUpMs();
        if (!up.known()) {
            return missing("needs metrics.json scaleUp or timeline.jsonl with queue and replica events");
        }
        Figure desired = run.desiredReplicasMs();
        Figure drained = run.queueDrainedMs();
        return cell(Figures.millis(up.value()), "first enqueue to first ready pod (" + up.source() + ")"
                + (desired.known() ? "; desired replicas after " + Figures.millis(desired.value()) : "")
                + (drained.known() ? "; queue drained after " + Figures.millis(drained.value()) : ""));
    }

    private Map<String, Object> partitions(RunAnalysis run) {
        Optional<ThroughputAtPartitions> needed = run.partitions().needed();
        if (needed.isEmpty()) {
            return missing("needs metrics.json throughputPerPartition or taskhub-bench.json");
        }
        ThroughputAtPartitions s = needed.get();
        double best = run.partitions().bySeries().get(s.series()).stream()
                .mapToDouble(ThroughputAtPartitions::orchestrationsPerSecond).max().orElse(Double.NaN);
        List<String> limits = run.partitions().bySeries().get(s.series()).stream().map(ThroughputAtPartitions::limitedBy)
                .filter(l -> !l.isEmpty()).distinct().toList();
        String limit = limits.size() == 1 && !limits.get(0).equals("storage")
                ? "; every step was limited by " + limits.get(0) + ", so this is that limit's answer, not the partitions'" : "";
        return cell(String.valueOf(s.partitions()), PartitionThroughput.RULE + ": " + Figures.number(s.orchestrationsPerSecond())
                + " of " + Figures.number(best) + " orchestrations/s (" + s.series() + ")" + limit);
    }

    private Map<String, Object> idleCost(RunAnalysis run, ReportContext context) {
        CostEstimate cost = CostEstimate.of(run, context.pricing());
        if (!Double.isFinite(cost.idleCost())) {
            return missing("needs metrics.json scaleToZero or timeline.jsonl");
        }
        Figure idle = run.idlePodSeconds();
        Figure zero = run.scaleToZeroMs();
        return cell(Figures.money(cost.idleCost(), cost.currency()) + " per scale-down",
                (idle.known() ? Figures.number(idle.value()) + " idle pod-seconds" : "")
                        + (zero.known() ? "; queue empty to zero replicas in " + Figures.millis(zero.value()) : "")
                        + " (" + cost.idleCostSource() + ")");
    }

    /** The what-if's answer at the partitions that still help (else the first point), labelled simulated. */
    private Map<String, Object> whatIf(RunAnalysis run) {
        Optional<WhatIfAnswer> answer = run.run().whatIf().filter(a -> !a.points().isEmpty());
        if (answer.isEmpty()) {
            return missing("needs what-if.json (the study's what-if step)");
        }
        WhatIfAnswer a = answer.get();
        WhatIfAnswer.Point p = a.points().stream().filter(x -> a.partitionsThatStillHelp() != null
                && x.partitions() == a.partitionsThatStillHelp()).findFirst().orElse(a.points().get(0));
        return cell(p.steadyPods() + " pods on " + p.steadyNodes() + " × " + a.sku() + ", "
                        + Figures.money(p.monthlyCost(), p.currency()) + "/month",
                "simulated: " + a.question() + ", " + p.partitions() + " partitions; end-to-end p95 "
                        + Figures.millis(Figures.orUnknown(p.orchestrationEndToEndP95Ms())) + " (see the what-if section)");
    }

    private Map<String, Object> storage(RunAnalysis run) {
        Optional<RunInfo> r = run.run().run();
        String storage = r.map(RunInfo::storage).filter(s -> !s.isBlank()).map(EnvironmentSection::redact).orElse(null);
        if (run.emulated()) {
            return cell("emulated", (storage == null ? "" : storage + ". ")
                    + "Figures show behaviour, not cloud capacity.");
        }
        if (r.isEmpty() && run.run().metrics().isEmpty()) {
            return missing("needs run.json");
        }
        return cell(r.map(RunInfo::target).orElse("cluster"), storage == null ? "" : storage);
    }
}
