package io.durascale.reports.gate;

import io.durascale.run.Metrics;
import io.durascale.run.RunReader;
import io.durascale.run.TaskHubBench;
import io.durascale.run.jmh.JmhMetric;
import io.durascale.run.jmh.JmhResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The figures of a run directory the gate judges: JMH scores and allocation, latency percentiles, scaling times,
 * orchestration rates (the load tests' own figures are {@code RunFigures} in run-format; these are what the gate
 * reads back from the files).
 */
public final class GateableMetrics {

    private static final List<String> PERCENTILES = List.of("p50", "p90", "p95", "p99");
    private static final Map<String, Function<Metrics.ScaleUp, Long>> SCALE_UP = scaleUp();

    private GateableMetrics() {
    }

    private static Map<String, Function<Metrics.ScaleUp, Long>> scaleUp() {
        Map<String, Function<Metrics.ScaleUp, Long>> m = new LinkedHashMap<>();
        m.put("firstEnqueueToFirstReadyMs", Metrics.ScaleUp::firstEnqueueToFirstReadyMs);
        m.put("firstEnqueueToDesiredReplicasMs", Metrics.ScaleUp::firstEnqueueToDesiredReplicasMs);
        m.put("firstEnqueueToQueueDrainedMs", Metrics.ScaleUp::firstEnqueueToQueueDrainedMs);
        m.put("podStartMedianMs", Metrics.ScaleUp::podStartMedianMs);
        return m;
    }

    public static List<Metric> of(RunReader run) {
        List<Metric> metrics = new ArrayList<>();
        for (JmhResult r : run.jmh()) {
            JmhMetric p = r.primary();
            metrics.add(new Metric(MetricKind.JMH, r.benchmark(), new TreeMap<>(r.params()), r.mode(), r.threads(),
                    unit(p), p.score(), p.low(), p.high()));
            r.secondary(JmhResult.ALLOCATION).filter(alloc -> Double.isFinite(alloc.score())).ifPresent(alloc ->
                    metrics.add(new Metric(MetricKind.ALLOCATION, r.benchmark(), new TreeMap<>(r.params()), r.mode(),
                            r.threads(), unit(alloc), alloc.score(), alloc.low(), alloc.high())));
        }
        for (RunReader.Latency l : run.latencySummaries()) {
            for (String p : PERCENTILES) {
                double value = l.summary().value(p);
                if (Double.isFinite(value)) {
                    metrics.add(simple(MetricKind.LATENCY, l.name() + "." + p, "ms", value));
                }
            }
        }
        run.metrics().ifPresent(m -> {
            if (m.scaleUp() != null) {
                SCALE_UP.forEach((name, figure) -> {
                    Long ms = figure.apply(m.scaleUp());
                    if (ms != null) {
                        metrics.add(simple(MetricKind.TIME, "scaleUp." + name, "ms", ms));
                    }
                });
            }
            if (m.scaleToZero() != null && m.scaleToZero().queueEmptyToZeroReplicasMs() != null) {
                metrics.add(simple(MetricKind.TIME, "scaleToZero.queueEmptyToZeroReplicasMs", "ms",
                        m.scaleToZero().queueEmptyToZeroReplicasMs()));
            }
            for (Metrics.PartitionStep row : m.throughputPerPartition()) {
                if (row.orchestrationsPerSecond() != null && Double.isFinite(row.orchestrationsPerSecond())) {
                    metrics.add(simple(MetricKind.RATE, "loadTest.partitions=" + row.partitions(), "orchestrations/s",
                            row.orchestrationsPerSecond()));
                }
                if (row.backend() != null && row.backend().hubOperations() != null && row.orchestrations() > 0) {
                    long work = workOperations(row.backend().hubOperations());
                    metrics.add(simple(MetricKind.COUNT, "loadTest.partitions=" + row.partitions()
                            + ".workOperationsPerOrchestration", "operations/orchestration",
                            (double) work / row.orchestrations()));
                }
            }
        });
        run.taskhubBench().ifPresent(t -> {
            for (TaskHubBench.Step step : t.steps()) {
                String name = "taskhubBench." + (step.workload() == null ? "workload" : step.workload())
                        + ".partitions=" + step.partitions();
                if (Double.isFinite(step.orchestrationsPerSecond())) {
                    metrics.add(simple(MetricKind.RATE, name, "orchestrations/s", step.orchestrationsPerSecond()));
                }
                if (Double.isFinite(step.workOperationsPerOrchestration()) && step.workOperationsPerOrchestration() > 0) {
                    metrics.add(simple(MetricKind.COUNT, name + ".workOperationsPerOrchestration", "operations/orchestration",
                            step.workOperationsPerOrchestration()));
                }
            }
        });
        return metrics;
    }

    /**
     * The operations the work itself makes: queue sends, updates and deletes, table writes, blob reads and writes.
     * Receives, queue metadata, listings, leases and table reads follow time (polling, lease renewal, and the load
     * test's status polls, one instance-row read each: 232 and 293 reads for the same 24 orchestrations in two idle
     * runs), not work, so a slower or faster machine changes them; the rest is counted the same on any machine.
     */
    static long workOperations(Map<String, Long> byKind) {
        return byKind.entrySet().stream()
                .filter(e -> !e.getKey().equals("queue.receive") && !e.getKey().equals("queue.metadata")
                        && !e.getKey().equals("blob.list") && !e.getKey().equals("blob.lease")
                        // The client's status polls: one instance-row read each, as many as the step lasts.
                        && !e.getKey().equals("table.read"))
                .mapToLong(e -> e.getValue() == null ? 0 : e.getValue()).sum();
    }

    /** JMH's unit label; an entry without one has none (the gate then cannot tell which way is better). */
    private static String unit(JmhMetric metric) {
        return metric.unit() == null ? "" : metric.unit();
    }

    private static Metric simple(MetricKind kind, String name, String unit, double value) {
        return new Metric(kind, name, new TreeMap<>(), "", 1, unit, value, Double.NaN, Double.NaN);
    }
}
