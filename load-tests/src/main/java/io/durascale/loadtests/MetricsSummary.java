package io.durascale.loadtests;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** The figures of metrics.json as a few console lines at the end of a load test. */
public final class MetricsSummary {

    private MetricsSummary() {
    }

    @SuppressWarnings("unchecked")
    public static void print(Map<String, Object> metrics, PrintStream out) {
        out.println("durascale figures (" + metrics.get("target") + (Boolean.TRUE.equals(
                ((Map<String, Object>) metrics.getOrDefault("emulated", Map.of())).get("scaling")) ? ", scaling emulated" : "")
                + "):");
        if (metrics.get("orchestrations") instanceof Map<?, ?> o) {
            out.printf("  orchestrations: %s started, %s completed, %s failed, %s unfinished%n", o.get("started"),
                    o.get("completed"), o.get("failed"), o.get("unfinished"));
        }
        if (metrics.get("scaleUp") instanceof Map<?, ?> s && s.containsKey("firstEnqueue")) {
            out.printf("  scale-up: first job → first pod Ready %s, → %s desired replicas ready %s, → queue drained %s%n",
                    ms(s.get("firstEnqueueToFirstReadyMs")), s.get("peakDesiredReplicas"),
                    ms(s.get("firstEnqueueToDesiredReplicasMs")), ms(s.get("firstEnqueueToQueueDrainedMs")));
        }
        if (metrics.get("scaleToZero") instanceof Map<?, ?> z) {
            Map<String, Object> cost = (Map<String, Object>) z.get("idleCost");
            out.printf("  scale to zero: %s after the queue emptied; %s idle pod-seconds = %s %s at %s/pod-hour%n",
                    Boolean.TRUE.equals(z.get("reachedZero")) ? ms(z.get("queueEmptyToZeroReplicasMs")) : "not reached",
                    z.get("idlePodSeconds"), cost.get("amount"), cost.get("currency"), cost.get("pricePerPodHour"));
        }
        if (metrics.get("throughputPerPartition") instanceof List<?> steps) {
            for (Object item : steps) {
                Map<String, Object> step = (Map<String, Object>) item;
                if (!step.containsKey("orchestrationsPerSecond")) {
                    out.printf("  %2s partition(s): nothing completed%n", step.get("partitions"));
                    continue;
                }
                Object cpu = step.get("machineCpu") instanceof Map<?, ?> c ? c.get("mean") : null;
                out.printf("  %2s partition(s): %s orch/s (%s per partition), %s events/s, imbalance %s%s%s; limited by %s%n",
                        step.get("partitions"), step.get("orchestrationsPerSecond"),
                        step.get("orchestrationsPerSecondPerPartition"), step.get("eventsPerSecond"), step.get("imbalance"),
                        step.containsKey("storageBoundOrchestrationsPerSecond")
                                ? ", storage bound " + step.get("storageBoundOrchestrationsPerSecond") + " orch/s" : "",
                        cpu != null ? String.format(", machine CPU %.0f%%", ((Number) cpu).doubleValue() * 100) : "",
                        step.get("limitedBy"));
            }
        }
        if (metrics.get("latency") instanceof Map<?, ?> latency) {
            latency.forEach((name, value) -> {
                Map<String, Object> s = (Map<String, Object>) value;
                out.printf("  %s: p50 %s ms, p95 %s ms, max %s ms (n=%s)%n", name, s.get("p50"), s.get("p95"), s.get("max"),
                        s.get("count"));
            });
        }
    }

    private static String ms(Object value) {
        return value == null ? "n/a" : String.format("%.1f s", ((Number) value).doubleValue() / 1000);
    }
}
