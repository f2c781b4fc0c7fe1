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

    /** What the calibration took from the run, and what it could not. */
    static void calibration(io.durascale.simulator.profile.Calibration.Result c, PrintStream out) {
        out.println("calibrated from the measured run (" + c.calibrated().size() + " values):");
        for (var item : c.calibrated()) {
            out.println(String.format(Locale.ROOT, "  %-26s %-34s %s", item.key(), abbreviate(item.value(), 34), item.how()));
        }
        out.println("not calibrated (kept from the base profile):");
        for (var item : c.notCalibrated()) {
            out.println(String.format(Locale.ROOT, "  %-26s %-34s %s", item.key(), abbreviate(item.value(), 34), item.how()));
        }
    }

    /** The replay's table: each figure measured and simulated, its error and target. */
    static void validation(io.durascale.run.Validation v, PrintStream out) {
        out.println("replay validation (simulated vs measured):");
        out.println(String.format(Locale.ROOT, "  %-42s %12s %12s %8s %7s", "figure", "measured", "simulated", "error",
                "target"));
        for (var f : v.figures()) {
            out.println(String.format(Locale.ROOT, "  %-42s %12s %12s %8s %6.0f%% %s", f.figure(), value(f.measured(), f.unit()),
                    value(f.predicted(), f.unit()), f.relativeError() == null ? "-" : String.format(Locale.ROOT, "%.1f%%",
                            f.relativeError() * 100), f.target() * 100, f.withinTarget() == null ? "(not compared)"
                            : f.withinTarget() ? "ok" : "MISSED"));
        }
        out.println(v.outsideTargets() == 0 ? "  every compared figure is within its target"
                : "  " + v.outsideTargets() + " figure(s) outside their target");
        if (v.note() != null) {
            out.println("  " + v.note());
        }
    }

    private static String value(Double v, String unit) {
        if (v == null) {
            return "-";
        }
        return switch (unit) {
            case "ms" -> String.format(Locale.ROOT, "%.1f s", v / 1000);
            case "1/s" -> String.format(Locale.ROOT, "%.2f/s", v);
            default -> String.format(Locale.ROOT, "%.0f %s", v, unit);
        };
    }

    private static String abbreviate(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }

    /** The benchmark's verdict lines: wall time, events per second, peak heap, and the 10 s / 1 GiB targets. */
    static void benchmark(SimulationRunner.Result r, PrintStream out) {
        long peak = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        long max = Runtime.getRuntime().maxMemory();
        out.println(String.format(Locale.ROOT, "  benchmark: %,d blocks, %,d simulated events in %.2f s wall time "
                        + "(%,.0f events/s; target 10 s), peak heap %,d MiB of %,d MiB (target 1,024 MiB)",
                r.metrics().latency().get("blockCompute") == null ? 0 : r.metrics().latency().get("blockCompute").count(),
                r.outcome().events(), r.wallMillis() / 1000.0, r.eventsPerSecond(), peak >> 20, max >> 20));
    }

    /** The cloud question's answer, one line per partition count. */
    static void whatIf(java.util.List<io.durascale.simulator.run.WhatIf.Answer> answers, PrintStream out) {
        if (answers.isEmpty()) {
            return;
        }
        out.println("what-if (simulated, cloud profile): " + answers.get(0).question());
        for (var a : answers) {
            out.println(String.format(Locale.ROOT, "  %2d partitions: %d pods on %d nodes steady (peak %d on %d), %.1f blocks/s, "
                            + "desired replicas ready %s after the first enqueue, queue drained %s after the last arrival, "
                            + "end-to-end p95 %s, %,.2f %s/month", a.partitions(), a.steadyPods(), a.steadyNodes(),
                    a.peakPods(), a.peakNodes(), a.blocksPerSecond(),
                    seconds(a.firstEnqueueToDesiredReplicasMs()), seconds(a.lastArrivalToQueueDrainedMs()),
                    a.orchestrationEndToEndP95Ms() == null ? "-" : String.format(Locale.ROOT, "%.1f s",
                            a.orchestrationEndToEndP95Ms() / 1000), a.monthlyCost(), a.currency()));
        }
        Integer helping = answers.get(0).partitionsThatStillHelp();
        out.println("  partitions that still help: " + (helping == null ? "none measurably" : "up to " + helping
                + " (more do not lower the end-to-end p95 by 5 %)"));
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
