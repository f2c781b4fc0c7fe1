package io.durascale.reports.report.sections;

import static io.durascale.reports.report.SectionView.map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.durascale.reports.analysis.Figure;
import io.durascale.reports.analysis.RunAnalysis;
import io.durascale.reports.analysis.ScalingTimeline;
import io.durascale.reports.analysis.StepSeries;
import io.durascale.reports.analysis.TierReplicas;
import io.durascale.run.figures.Tiers;
import io.durascale.reports.report.EChartsOptions;
import io.durascale.reports.report.Figures;
import io.durascale.reports.report.ReportContext;
import io.durascale.reports.report.Section;
import io.durascale.reports.report.SectionView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The scale-up timeline: queue depth against desired/ready replicas, pods by phase, node additions. */
public final class TimelineSection implements Section {

    /** A chart needs no more points than it has pixels. */
    private static final int MAX_POINTS = 1500;
    /** The pod lifecycle chart shows the first pods; a long run's later pods repeat the pattern. */
    private static final int MAX_PODS = 40;
    private static final Map<String, String> PHASE_COLOURS = Map.of("Pending", "#f2c94c", "ContainerCreating", "#f2994a",
            "Running", "#56ccf2", "Ready", "#27ae60", "CrashLoopBackOff", "#eb5757", "Terminating", "#9b51e0");

    @Override
    public String id() {
        return "timeline";
    }

    @Override
    public String title() {
        return "Scale-up timeline";
    }

    @Override
    public SectionView view(ReportContext context) {
        SectionView view = new SectionView(id());
        List<Map<String, Object>> runs = new ArrayList<>();
        ObjectNode overlay = overlayBase();
        ArrayNode overlaySeries = overlay.putArray("series");
        for (RunAnalysis run : context.runs()) {
            Map<String, Object> r = map("label", run.run().label());
            r.put("figures", figures(run));
            run.timeline().ifPresentOrElse(t -> {
                r.put("chart", view.chart(context.comparison() ? run.run().label() : "Queue depth and replicas",
                        timelineChart(t, TierReplicas.of(run.run().timeline())), 380));
                if (!t.podHistory().isEmpty()) {
                    int pods = Math.min(MAX_PODS, t.podHistory().size());
                    r.put("phases", view.chart("Worker pod phases (" + t.podHistory().size() + " pods"
                            + (t.podHistory().size() > MAX_PODS ? ", first " + MAX_PODS + " shown" : "") + ")",
                            phasesChart(t), 90 + 26 * pods));
                }
                r.put("markers", t.markers().stream().filter(m -> m.kind().equals("node")).count());
                addOverlay(overlaySeries, run, t);
            }, () -> r.put("missing", "timeline.jsonl is not in this run (written by local KEDA and the load-test probes)."));
            runs.add(r);
        }
        view.put("runs", runs);
        if (context.comparison() && !overlaySeries.isEmpty()) {
            view.put("overlay", view.chart("Runs compared, aligned at the first enqueue", overlay, 380));
        }
        return view;
    }

    private static List<Map<String, Object>> figures(RunAnalysis run) {
        List<Map<String, Object>> f = new ArrayList<>();
        addMillis(f, "first enqueue → first ready pod", run.scaleUpMs());
        addMillis(f, "first enqueue → desired replicas", run.desiredReplicasMs());
        addMillis(f, "first enqueue → queue drained", run.queueDrainedMs());
        addMillis(f, "queue empty → zero replicas", run.scaleToZeroMs());
        Figure peak = run.peakPods();
        f.add(map("name", "most pods at once", "value", Figures.number(peak.value()), "source", peak.source()));
        run.timeline().ifPresent(t -> f.add(map("name", "nodes added", "value", String.valueOf(t.nodesAdded()),
                "source", "derived from timeline.jsonl")));
        Figure ps = run.podSeconds();
        f.add(map("name", "pod-seconds", "value", Figures.number(ps.value()), "source", ps.source()));
        Figure idle = run.idlePodSeconds();
        f.add(map("name", "idle pod-seconds", "value", Figures.number(idle.value()), "source", idle.source()));
        return f;
    }

    private static void addMillis(List<Map<String, Object>> f, String name, Figure figure) {
        f.add(map("name", name, "value", Figures.millis(figure.value()), "source", figure.source()));
    }

    private static ObjectNode timelineChart(ScalingTimeline t, TierReplicas tiers) {
        ObjectNode o = EChartsOptions.base("axis");
        o.set("xAxis", EChartsOptions.valueAxis("seconds since the first event"));
        ArrayNode y = o.putArray("yAxis");
        y.add(EChartsOptions.valueAxis("queue depth (messages)").put("nameGap", 50));
        y.add(EChartsOptions.valueAxis("replicas").put("minInterval", 1).put("nameGap", 30));
        ArrayNode series = o.putArray("series");
        for (Map.Entry<String, StepSeries> q : t.queueDepth().entrySet()) {
            boolean scaled = q.getKey().equals(t.scaledQueue());
            ObjectNode s = EChartsOptions.line("queue " + q.getKey(), q.getValue().points(t.start(), MAX_POINTS), null, 0);
            if (scaled) {
                s.put("color", "#2f80ed").putObject("areaStyle").put("opacity", 0.15);
            } else {
                s.putObject("lineStyle").put("width", 1).put("opacity", 0.7);
            }
            series.add(s);
        }
        for (Map.Entry<String, StepSeries> r : t.replicas().entrySet()) {
            ObjectNode s = EChartsOptions.line(r.getKey() + " replicas", r.getValue().points(t.start(), MAX_POINTS), "end", 1);
            ObjectNode style = s.putObject("lineStyle");
            switch (r.getKey()) {
                case "ready" -> { s.put("color", "#27ae60"); style.put("width", 3); }
                case "current" -> { s.put("color", "#1b3a57"); style.put("width", 1.5); }
                case "desired" -> { s.put("color", "#eb5757"); style.put("width", 2).put("type", "dashed"); }
                default -> { s.put("color", "#9b9b9b"); style.put("width", 1).put("type", "dotted"); }
            }
            series.add(s);
        }
        // The other scaled tiers (the orchestration tier, 0..partitions) beside the workers' replicas.
        for (TierReplicas.Tier tier : tiers.tiers()) {
            if (tier.scaled() && !tier.deployment().equals(Tiers.WORKER)) {
                ObjectNode s = EChartsOptions.line(tier.deployment() + " pods", tier.replicas().points(t.start(), MAX_POINTS),
                        "end", 1);
                s.put("color", "#8e44ad").putObject("lineStyle").put("width", 2);
                series.add(s);
            }
        }
        if (!t.markers().isEmpty()) {
            // Marker lines hang on a series of their own, so hiding a queue in the legend keeps them.
            ObjectNode events = EChartsOptions.line("events (nodes, load, KEDA)", List.of(), null, 0);
            events.set("markLine", EChartsOptions.markLines(t.markers(), t.start()));
            series.add(events);
        }
        o.putObject("dataZoom").put("type", "inside");
        return o;
    }

    /**
     * Each pod as a row of stacked bars, one per phase, after a transparent bar up to its creation: a Gantt
     * chart of the pod lifecycles. A pod that re-enters a phase shows the phase's total time in one piece.
     */
    private static ObjectNode phasesChart(ScalingTimeline t) {
        List<ScalingTimeline.PodLife> all = t.podLives();
        List<ScalingTimeline.PodLife> lives = all.size() > MAX_PODS ? all.subList(0, MAX_PODS) : all;
        ObjectNode o = EChartsOptions.base("axis");
        o.withObjectProperty("tooltip").putObject("axisPointer").put("type", "shadow");
        o.withObjectProperty("grid").put("left", 110);
        o.set("xAxis", EChartsOptions.valueAxis("seconds since the first event"));
        o.set("yAxis", EChartsOptions.categoryAxis("", lives.stream().map(ScalingTimeline.PodLife::pod).toList())
                .put("inverse", true));
        ArrayNode series = o.putArray("series");
        ObjectNode offset = EChartsOptions.bar("created", lives.stream()
                .map(l -> (l.created() - t.start()) / 1000.0).toList(), 0);
        offset.put("stack", "life").put("silent", true);
        offset.putObject("itemStyle").put("color", "transparent");
        offset.putObject("tooltip").put("show", false);
        series.add(offset);
        for (String phase : ScalingTimeline.PHASES) {
            if (lives.stream().anyMatch(l -> l.secondsInPhase().containsKey(phase))) {
                ObjectNode bar = EChartsOptions.bar(phase, lives.stream()
                        .map(l -> l.secondsInPhase().getOrDefault(phase, 0.0)).toList(), 0);
                bar.put("stack", "life").put("barMaxWidth", 18);
                bar.putObject("itemStyle").put("color", PHASE_COLOURS.getOrDefault(phase, "#999999"));
                series.add(bar);
            }
        }
        ArrayNode legend = o.withObjectProperty("legend").putArray("data");
        ScalingTimeline.PHASES.stream().filter(p -> lives.stream().anyMatch(l -> l.secondsInPhase().containsKey(p)))
                .forEach(legend::add);
        return o;
    }

    private static ObjectNode overlayBase() {
        ObjectNode o = EChartsOptions.base("axis");
        o.set("xAxis", EChartsOptions.valueAxis("seconds since the first enqueue"));
        ArrayNode y = o.putArray("yAxis");
        y.add(EChartsOptions.valueAxis("queue depth (messages)").put("nameGap", 50));
        y.add(EChartsOptions.valueAxis("ready replicas").put("minInterval", 1).put("nameGap", 30));
        return o;
    }

    private static void addOverlay(ArrayNode series, RunAnalysis run, ScalingTimeline t) {
        long origin = t.firstEnqueue() >= 0 ? t.firstEnqueue() : t.start();
        String queue = t.scaledQueue() != null && t.queueDepth().containsKey(t.scaledQueue()) ? t.scaledQueue()
                : t.queueDepth().keySet().stream().findFirst().orElse(null);
        if (queue != null) {
            series.add(EChartsOptions.line(run.run().label() + ": queue " + queue,
                    t.queueDepth().get(queue).points(origin, MAX_POINTS), null, 0));
        }
        StepSeries ready = t.replicas().get(ScalingTimeline.READY);
        if (ready != null) {
            series.add(EChartsOptions.line(run.run().label() + ": ready replicas", ready.points(origin, MAX_POINTS), "end", 1));
        }
    }
}
