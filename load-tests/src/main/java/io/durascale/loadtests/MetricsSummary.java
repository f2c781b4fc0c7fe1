package io.durascale.loadtests;

import io.durascale.run.Metrics;
import io.durascale.run.Metrics.PartitionStep;
import java.io.PrintStream;

/** The figures of metrics.json as a few console lines at the end of a load test. */
public final class MetricsSummary {

    private MetricsSummary() {
    }

    public static void print(Metrics metrics, PrintStream out) {
        boolean scalingEmulated = metrics.emulated() != null && metrics.emulated().scaling();
        out.println("durascale figures (" + metrics.target() + (scalingEmulated ? ", scaling emulated" : "") + "):");
        if (metrics.orchestrations() != null) {
            Metrics.OrchestrationCounts o = metrics.orchestrations();
            out.printf("  orchestrations: %s started, %s completed, %s failed, %s unfinished%n", o.started(), o.completed(),
                    o.failed(), o.unfinished());
        }
        if (metrics.scaleUp() != null && metrics.scaleUp().firstEnqueue() != null) {
            Metrics.ScaleUp s = metrics.scaleUp();
            out.printf("  scale-up: first job → first pod Ready %s, → %s desired replicas ready %s, → queue drained %s%n",
                    ms(s.firstEnqueueToFirstReadyMs()), s.peakDesiredReplicas(), ms(s.firstEnqueueToDesiredReplicasMs()),
                    ms(s.firstEnqueueToQueueDrainedMs()));
        }
        if (metrics.scaleToZero() != null) {
            Metrics.ScaleToZero z = metrics.scaleToZero();
            out.printf("  scale to zero: %s after the queue emptied; %s idle pod-seconds = %s %s at %s/pod-hour%n",
                    z.reachedZero() ? ms(z.queueEmptyToZeroReplicasMs()) : "not reached", z.idlePodSeconds(),
                    money(z.idleCost().amount()), z.idleCost().currency(), significant(z.idleCost().pricePerPodHour(), 4));
        }
        if (metrics.orchestrationTier() != null) {
            Metrics.OrchestrationTier t = metrics.orchestrationTier();
            out.printf("  orchestration tier from zero: start → active %s, → first episode %s, → first job %s, → first host "
                            + "Ready %s; back to zero %s after its last work; %s pod-seconds, peak %s%n",
                    ms(t.startToTierActiveMs()), ms(t.startToFirstEpisodeMs()), ms(t.startToFirstJobEnqueuedMs()),
                    ms(t.startToFirstHostReadyMs()), t.lastWorkToZeroReplicasMs() == null ? "not reached"
                            : ms(t.lastWorkToZeroReplicasMs()), t.podSeconds() == null ? "n/a"
                            : String.format("%.1f", t.podSeconds()), t.peakReplicas());
        }
        for (PartitionStep step : metrics.throughputPerPartition()) {
            if (step.orchestrationsPerSecond() == null) {
                out.printf("  %2s partition(s): nothing completed%n", step.partitions());
                continue;
            }
            out.printf("  %2s partition(s): %s orch/s (%s per partition), %s events/s, imbalance %s%s%s; limited by %s%n",
                    step.partitions(), step.orchestrationsPerSecond(), step.orchestrationsPerSecondPerPartition(),
                    step.eventsPerSecond(), step.imbalance(),
                    step.storageBoundOrchestrationsPerSecond() != null
                            ? ", storage bound " + step.storageBoundOrchestrationsPerSecond() + " orch/s" : "",
                    step.machineCpu() != null ? String.format(", machine CPU %.0f%%", step.machineCpu().mean() * 100) : "",
                    step.limitedBy());
        }
        metrics.latency().forEach((name, s) -> out.printf("  %s: p50 %s ms, p95 %s ms, max %s ms (n=%s)%n", name,
                whole(s.p50()), whole(s.p95()), whole(s.max()), s.count()));
    }

    /** Money as people write it: cents for amounts of a cent or more, three significant digits below. */
    static String money(double amount) {
        return Math.abs(amount) >= 0.01 || amount == 0 ? String.format("%,.2f", amount) : significant(amount, 3);
    }

    /** A price or a small amount to {@code digits} significant digits, never in E notation. */
    static String significant(double value, int digits) {
        return new java.math.BigDecimal(value).round(new java.math.MathContext(digits)).stripTrailingZeros().toPlainString();
    }

    private static String ms(Long value) {
        return value == null ? "n/a" : String.format("%.1f s", value / 1000.0);
    }

    /** Histogram values are whole milliseconds: printed as such, not as 4100.0. */
    private static String whole(Double value) {
        return value == null ? "n/a" : value == Math.rint(value) ? Long.toString(value.longValue()) : value.toString();
    }
}
