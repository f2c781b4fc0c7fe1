package io.durascale.reports.gate;

import com.fasterxml.jackson.databind.JsonNode;
import io.durascale.reports.run.JmhResult;
import io.durascale.reports.run.JmhScore;
import io.durascale.reports.run.LatencySummary;
import io.durascale.reports.run.RunDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The gateable figures of a run directory: JMH scores and allocation, latency percentiles, scaling times, rates. */
public final class RunMetrics {

    private static final List<String> PERCENTILES = List.of("p50", "p90", "p95", "p99");
    private static final List<String> SCALE_UP = List.of("firstEnqueueToFirstReadyMs", "firstEnqueueToDesiredReplicasMs",
            "firstEnqueueToQueueDrainedMs");

    private RunMetrics() {
    }

    public static List<Metric> of(RunDirectory run) {
        List<Metric> metrics = new ArrayList<>();
        for (JmhResult r : run.jmh()) {
            JmhScore p = r.primary();
            metrics.add(new Metric(MetricKind.JMH, r.benchmark(), r.params(), r.mode(), r.threads(), p.unit(), p.score(),
                    p.low(), p.high()));
            JmhScore alloc = r.secondary().get(JmhResult.ALLOCATION);
            if (alloc != null && Double.isFinite(alloc.score())) {
                metrics.add(new Metric(MetricKind.ALLOCATION, r.benchmark(), r.params(), r.mode(), r.threads(), alloc.unit(),
                        alloc.score(), alloc.low(), alloc.high()));
            }
        }
        for (LatencySummary l : run.latencySummaries()) {
            for (String p : PERCENTILES) {
                if (Double.isFinite(l.get(p))) {
                    metrics.add(simple(MetricKind.LATENCY, l.name() + "." + p, "ms", l.get(p)));
                }
            }
        }
        run.metrics().ifPresent(m -> {
            for (String key : SCALE_UP) {
                if (m.path("scaleUp").path(key).isNumber()) {
                    metrics.add(simple(MetricKind.TIME, "scaleUp." + key, "ms", m.path("scaleUp").path(key).asDouble()));
                }
            }
            JsonNode zero = m.path("scaleToZero").path("queueEmptyToZeroReplicasMs");
            if (zero.isNumber()) {
                metrics.add(simple(MetricKind.TIME, "scaleToZero.queueEmptyToZeroReplicasMs", "ms", zero.asDouble()));
            }
            for (JsonNode row : m.path("throughputPerPartition")) {
                if (row.path("orchestrationsPerSecond").isNumber()) {
                    metrics.add(simple(MetricKind.RATE, "loadTest.partitions=" + row.path("partitions").asInt(),
                            "orchestrations/s", row.path("orchestrationsPerSecond").asDouble()));
                }
            }
        });
        run.taskhubBench().ifPresent(t -> {
            for (JsonNode step : t.path("steps")) {
                if (step.path("orchestrationsPerSecond").isNumber()) {
                    metrics.add(simple(MetricKind.RATE, "taskhubBench." + step.path("workload").asText("workload")
                                    + ".partitions=" + step.path("partitions").asInt(),
                            "orchestrations/s", step.path("orchestrationsPerSecond").asDouble()));
                }
            }
        });
        return metrics;
    }

    private static Metric simple(MetricKind kind, String name, String unit, double value) {
        return new Metric(kind, name, new TreeMap<>(Map.of()), "", 1, unit, value, Double.NaN, Double.NaN);
    }
}
