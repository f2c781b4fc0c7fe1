package io.durascale.reports.analysis;

import io.durascale.run.Metrics;
import io.durascale.run.RunReader;
import io.durascale.run.TaskHubBench;
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

    private final Map<String, List<ThroughputAtPartitions>> bySeries = new LinkedHashMap<>();

    private PartitionThroughput() {
    }

    public static PartitionThroughput of(RunReader run) {
        PartitionThroughput p = new PartitionThroughput();
        run.metrics().ifPresent(m -> {
            for (Metrics.PartitionStep row : m.throughputPerPartition()) {
                List<Double> per = numbers(row.perPartition());
                p.add(new ThroughputAtPartitions(LOAD_TEST, row.partitions(), num(row.orchestrationsPerSecond()),
                        num(row.storageBoundOrchestrationsPerSecond()), imbalance(row.imbalance(), per), per,
                        "orchestrations/s", row.limitedBy() == null ? "" : row.limitedBy(),
                        row.machineCpu() == null ? Double.NaN : row.machineCpu().mean()));
            }
        });
        run.taskhubBench().ifPresent(t -> {
            for (TaskHubBench.Step step : t.steps()) {
                List<Double> per = numbers(step.episodesPerPartition());
                p.add(new ThroughputAtPartitions("taskhub-bench " + (step.workload() == null ? "workload" : step.workload()),
                        step.partitions(), step.orchestrationsPerSecond(), num(step.storageBoundOrchestrationsPerSecond()),
                        imbalance(step.imbalance(), per), per, "episodes", "", Double.NaN));
            }
        });
        p.bySeries.values().forEach(steps -> steps.sort(Comparator.comparingInt(ThroughputAtPartitions::partitions)));
        return p;
    }

    private void add(ThroughputAtPartitions step) {
        if (step.partitions() > 0) {
            bySeries.computeIfAbsent(step.series(), s -> new ArrayList<>()).add(step);
        }
    }

    public boolean isEmpty() {
        return bySeries.isEmpty();
    }

    public Map<String, List<ThroughputAtPartitions>> bySeries() {
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
    public Optional<ThroughputAtPartitions> needed() {
        return primarySeries().flatMap(series -> {
            List<ThroughputAtPartitions> steps = bySeries.get(series);
            double best = steps.stream().mapToDouble(ThroughputAtPartitions::orchestrationsPerSecond).filter(Double::isFinite)
                    .max().orElse(Double.NaN);
            return steps.stream().filter(s -> s.orchestrationsPerSecond() >= ENOUGH * best).findFirst();
        });
    }

    private static double num(Double value) {
        return value == null ? Double.NaN : value;
    }

    private static List<Double> numbers(List<? extends Number> values) {
        List<Double> out = new ArrayList<>();
        if (values != null) {
            values.forEach(n -> out.add(n == null ? Double.NaN : n.doubleValue()));
        }
        return out;
    }

    /** As given, else the busiest partition over the mean (1.0 is perfectly even). */
    private static double imbalance(Double given, List<Double> per) {
        if (given != null && Double.isFinite(given) || per.isEmpty()) {
            return num(given);
        }
        double mean = per.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double max = per.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return mean > 0 ? max / mean : Double.NaN;
    }
}
