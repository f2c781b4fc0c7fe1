package io.durascale.reports.compare;

import io.durascale.reports.analysis.Figure;
import io.durascale.reports.analysis.RunAnalysis;
import io.durascale.reports.cost.CostEstimate;
import io.durascale.reports.cost.Pricing;
import io.durascale.reports.report.Figures;
import io.durascale.run.Metrics;
import io.durascale.run.RunReader;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.BiFunction;

/** The headline figures of a comparison page, one column each, read as the capacity report reads them. */
public enum ComparisonFigure {

    DESIRED_REPLICAS("desiredReplicas", "first enqueue → desired replicas", "s", (run, pricing) -> run.desiredReplicasMs()),
    QUEUE_DRAINED("queueDrained", "first enqueue → queue drained", "s", (run, pricing) -> run.queueDrainedMs()),
    SCALE_TO_ZERO("scaleToZero", "queue empty → zero replicas", "s", (run, pricing) -> run.scaleToZeroMs()),
    POD_SECONDS("podSeconds", "worker pod-seconds", "pod-s", (run, pricing) -> run.podSeconds()),
    ORCHESTRATIONS_PER_SECOND("orchestrationsPerSecond", "orchestrations/s (best step)", "1/s",
            (run, pricing) -> bestRate(run.run())),
    END_TO_END_P50("endToEndP50", "end-to-end p50", "s", (run, pricing) -> endToEnd(run.run(), true)),
    END_TO_END_P95("endToEndP95", "end-to-end p95", "s", (run, pricing) -> endToEnd(run.run(), false)),
    COST("cost", "cost of the run (AKS + KEDA)", "money", ComparisonFigure::cost);

    private final String key;
    private final String title;
    private final String unit;
    private final BiFunction<RunAnalysis, Pricing, Figure> read;

    ComparisonFigure(String key, String title, String unit, BiFunction<RunAnalysis, Pricing, Figure> read) {
        this.key = key;
        this.title = title;
        this.unit = unit;
        this.read = read;
    }

    public String key() {
        return key;
    }

    public String title() {
        return title;
    }

    /** The figure of one run: times in ms, rates per second, money in the pricing's currency; unknown when absent. */
    public Figure of(RunAnalysis run, Pricing pricing) {
        return read.apply(run, pricing);
    }

    public boolean money() {
        return "money".equals(unit);
    }

    /** As a person reads it. */
    public String format(double value, String currency) {
        return switch (unit) {
            case "s" -> Figures.millis(value);
            case "money" -> Figures.money(value, currency);
            default -> Figures.number(value);
        };
    }

    /** The chart's value in its axis unit (times in seconds). */
    public double chartValue(double value) {
        return "s".equals(unit) ? value / 1000 : value;
    }

    public String axisName(String currency) {
        return switch (unit) {
            case "s" -> title + " (s)";
            case "money" -> title + " (" + currency + ")";
            default -> title + " (" + unit + ")";
        };
    }

    /**
     * @throws IllegalArgumentException naming the figures there are
     */
    public static ComparisonFigure of(String key) {
        return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown figure \"" + key + "\": use one of " + String.join(", ",
                        Arrays.stream(values()).map(ComparisonFigure::key).toList())));
    }

    private static Figure bestRate(RunReader run) {
        return run.metrics().map(Metrics::throughputPerPartition).flatMap(steps -> steps.stream()
                        .map(Metrics.PartitionStep::orchestrationsPerSecond).filter(Objects::nonNull).max(Double::compare))
                .map(v -> new Figure(v, "metrics.json throughputPerPartition")).orElse(Figure.UNKNOWN);
    }

    private static Figure endToEnd(RunReader run, boolean median) {
        return run.latencySummaries().stream().filter(l -> l.name().equals("orchestrationEndToEnd")).findFirst()
                .map(l -> median ? l.summary().p50() : l.summary().p95()).filter(Objects::nonNull)
                .map(v -> new Figure(v, "orchestrationEndToEnd")).orElse(Figure.UNKNOWN);
    }

    private static Figure cost(RunAnalysis run, Pricing pricing) {
        CostEstimate cost = CostEstimate.of(run, pricing);
        return cost.scenarios().isEmpty() ? Figure.UNKNOWN
                : new Figure(cost.scenarios().get(0).perRun(), cost.scenarios().get(0).formula());
    }
}
