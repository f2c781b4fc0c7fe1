package io.durascale.reports.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.durascale.reports.run.RunDirectory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Throughput per control-queue partition count, from the load test (metrics.json) and the task hub
 * benchmark (taskhub-bench.json), and the partition count the run suggests.
 */
public final class PartitionThroughput {

    /** The share of the best measured rate a partition count must reach to be "enough". */
    public static final double ENOUGH = 0.90;
    public static final String RULE = "the fewest partitions reaching " + Math.round(ENOUGH * 100)
            + "% of the best measured orchestrations/s";
    public static final String LOAD_TEST = "load test";

    private final Map<String, List<PartitionStep>> bySeries = new LinkedHashMap<>();

    private PartitionThroughput() {
    }

    public static PartitionThroughput of(RunDirectory run) {
        PartitionThroughput p = new PartitionThroughput();
        run.metrics().ifPresent(m -> {
            for (JsonNode row : m.path("throughputPerPartition")) {
                List<Double> per = numbers(row.path("perPartition"));
                p.add(new PartitionStep(LOAD_TEST, row.path("partitions").asInt(), num(row, "orchestrationsPerSecond"),
                        num(row, "storageBoundOrchestrationsPerSecond"), imbalance(row, per), per, "orchestrations/s",
                        row.path("limitedBy").asText(""), num(row.path("machineCpu"), "mean")));
            }
        });
        run.taskhubBench().ifPresent(t -> {
            for (JsonNode step : t.path("steps")) {
                List<Double> per = numbers(step.path("episodesPerPartition"));
                p.add(new PartitionStep("taskhub-bench " + step.path("workload").asText("workload"),
                        step.path("partitions").asInt(), num(step, "orchestrationsPerSecond"),
                        num(step, "storageBoundOrchestrationsPerSecond"), imbalance(step, per), per, "episodes", "",
                        Double.NaN));
            }
        });
        p.bySeries.values().forEach(steps -> steps.sort(Comparator.comparingInt(PartitionStep::partitions)));
        return p;
    }

    private void add(PartitionStep step) {
        if (step.partitions() > 0) {
            bySeries.computeIfAbsent(step.series(), s -> new ArrayList<>()).add(step);
        }
    }

    public boolean isEmpty() {
        return bySeries.isEmpty();
    }

    public Map<String, List<PartitionStep>> bySeries() {
        return bySeries;
    }

    /** The series the verdict uses: the load test if measured, else the task hub benchmark with most steps. */
    public Optional<String> primarySeries() {
        if (bySeries.containsKey(LOAD_TEST)) {
            return Optional.of(LOAD_TEST);
        }
        return bySeries.entrySet().stream().max(Comparator.comparingInt(e -> e.getValue().size())).map(Map.Entry::getKey);
    }

    /** The partition count {@link #RULE} picks in the primary series. */
    public Optional<PartitionStep> needed() {
        return primarySeries().flatMap(series -> {
            List<PartitionStep> steps = bySeries.get(series);
            double best = steps.stream().mapToDouble(PartitionStep::orchestrationsPerSecond).filter(Double::isFinite)
                    .max().orElse(Double.NaN);
            return steps.stream().filter(s -> s.orchestrationsPerSecond() >= ENOUGH * best).findFirst();
        });
    }

    private static double num(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v != null && v.isNumber() ? v.asDouble() : Double.NaN;
    }

    private static List<Double> numbers(JsonNode array) {
        List<Double> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(n.isNumber() ? n.asDouble() : Double.NaN);
        }
        return out;
    }

    /** As given, else the busiest partition over the mean (1.0 is perfectly even). */
    private static double imbalance(JsonNode node, List<Double> per) {
        double given = num(node, "imbalance");
        if (Double.isFinite(given) || per.isEmpty()) {
            return given;
        }
        double mean = per.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double max = per.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return mean > 0 ? max / mean : Double.NaN;
    }
}
