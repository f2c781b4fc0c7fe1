package io.durascale.simulator.cli;

import io.durascale.run.Metrics;
import io.durascale.simulator.run.SimulationRunner;
import java.io.PrintStream;
import java.util.Locale;

/** What a simulated run prints: its figures, each labelled simulated, how fast it ran, and where it is. */
final class Console {

    private Console() {
    }

    static void print(SimulationRunner.Result r, PrintStream out) {
        Metrics m = r.metrics();
        Metrics.ScaleUp up = m.scaleUp();
        if (up != null && up.firstEnqueue() != null) {
            out.println("  simulated scale-up: first ready " + seconds(up.firstEnqueueToFirstReadyMs()) + ", "
                    + up.peakDesiredReplicas() + " desired replicas ready " + seconds(up.firstEnqueueToDesiredReplicasMs())
                    + ", queue drained " + seconds(up.firstEnqueueToQueueDrainedMs()) + " after the first enqueue");
        }
        if (m.scaleToZero() != null) {
            out.println("  simulated scale to zero: " + (m.scaleToZero().reachedZero()
                    ? seconds(m.scaleToZero().queueEmptyToZeroReplicasMs()) + " after the queue emptied, "
                    : "not reached, ") + String.format(Locale.ROOT, "%.0f", m.scaleToZero().idlePodSeconds())
                    + " idle pod-seconds");
        }
        for (Metrics.PartitionStep s : m.throughputPerPartition()) {
            out.println("  simulated " + s.step() + ": " + s.orchestrations() + " orchestrations, "
                    + (s.orchestrationsPerSecond() == null ? "none completed"
                    : String.format(Locale.ROOT, "%.2f orch/s over %.1f s", s.orchestrationsPerSecond(), s.seconds())));
        }
        var e2e = m.latency().get("orchestrationEndToEnd");
        if (e2e != null) {
            out.println(String.format(Locale.ROOT, "  simulated orchestration end to end: p50 %.1f s, p95 %.1f s (%d)",
                    e2e.p50() / 1000, e2e.p95() / 1000, e2e.count()));
        }
        out.println(String.format(Locale.ROOT, "  simulation: %,d events in %.2f s wall time (%,.0f events/s), %s simulated, "
                        + "%,d pods started%s", r.outcome().events(), r.wallMillis() / 1000.0, r.eventsPerSecond(),
                duration(r.outcome().endedAt() - r.outcome().startedAt()), r.outcome().podsStarted(),
                r.outcome().finished() ? "" : " - stopped at the horizon before every orchestration finished"));
        out.println("  run directory (simulated): " + r.run().path());
    }

    static String seconds(Long millis) {
        return millis == null ? "not reached" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    static String duration(long millis) {
        long s = millis / 1000;
        return s >= 3600 ? String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60) : s + " s";
    }
}
