package io.durascale.simulator.run;

import io.durascale.run.LatencySummary;
import io.durascale.run.Metrics;
import io.durascale.run.RunReader;
import io.durascale.run.Validation;
import io.durascale.run.figures.RunFigures;
import io.durascale.run.timeline.TimelineEvent;
import io.durascale.run.timeline.TimelineEvent.KedaSettings;
import io.durascale.run.timeline.TimelineEvent.Replicas;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A replay beside its measured run, figure by figure, each from the two runs' own metrics.json and timeline with
 * the same definitions: the scale-up times from the first enqueue (first ready: target 20 %, desired replicas
 * ready: 20 %, queue drained: 10 %), queue empty to zero replicas (20 %), the first step's worker pod-seconds (10 %),
 * orchestrations per second of each sweep step (20 %) and the orchestrations' end-to-end p50 and p95 (20 %).
 */
public final class ReplayValidation {

    public static final double TIGHT = 0.10;
    public static final double LOOSE = 0.20;

    private ReplayValidation() {
    }

    public static Validation compare(RunReader measured, RunReader simulated, String profileName) {
        Metrics m = measured.metrics().orElseThrow();
        Metrics s = simulated.metrics().orElseThrow();
        List<Validation.Figure> figures = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        figures.add(figure("firstEnqueueToFirstReady", "ms", up(m, Metrics.ScaleUp::firstEnqueueToFirstReadyMs),
                up(s, Metrics.ScaleUp::firstEnqueueToFirstReadyMs), LOOSE, missing));
        figures.add(figure("firstEnqueueToDesiredReplicas", "ms", up(m, Metrics.ScaleUp::firstEnqueueToDesiredReplicasMs),
                up(s, Metrics.ScaleUp::firstEnqueueToDesiredReplicasMs), LOOSE, missing));
        figures.add(figure("firstEnqueueToQueueDrained", "ms", up(m, Metrics.ScaleUp::firstEnqueueToQueueDrainedMs),
                up(s, Metrics.ScaleUp::firstEnqueueToQueueDrainedMs), TIGHT, missing));
        figures.add(figure("queueEmptyToZeroReplicas", "ms", zero(m), zero(s), LOOSE, missing));
        figures.add(figure("podSeconds", "pod-s", podSeconds(measured), podSeconds(simulated), TIGHT, missing));
        for (Metrics.PartitionStep step : m.throughputPerPartition()) {
            Double predicted = s.throughputPerPartition().stream().filter(r -> r.step().equals(step.step())).findFirst()
                    .map(Metrics.PartitionStep::orchestrationsPerSecond).orElse(null);
            figures.add(figure("orchestrationsPerSecond[" + step.step() + "]", "1/s", step.orchestrationsPerSecond(),
                    predicted, LOOSE, missing));
        }
        figures.add(figure("orchestrationEndToEndP50", "ms", latency(m, LatencySummary::p50), latency(s, LatencySummary::p50),
                LOOSE, missing));
        figures.add(figure("orchestrationEndToEndP95", "ms", latency(m, LatencySummary::p95), latency(s, LatencySummary::p95),
                LOOSE, missing));
        int outside = (int) figures.stream().filter(f -> Boolean.FALSE.equals(f.withinTarget())).count();
        String note = missing.isEmpty() ? null : "not compared (the measured run does not have them): "
                + String.join(", ", missing);
        return new Validation(measured.path().toString(), measured.run().map(r -> r.simulation()).orElse(null),
                profileName, figures, outside, note);
    }

    private static Validation.Figure figure(String name, String unit, Double measured, Double predicted, double target,
                                            List<String> missing) {
        if (measured == null || measured == 0 || predicted == null) {
            if (measured == null || measured == 0) {
                missing.add(name);
            }
            return new Validation.Figure(name, unit, measured, predicted, null, target, null,
                    measured == null || measured == 0 ? "not in the measured run" : "not reached in the simulation");
        }
        double error = Math.abs(predicted - measured) / Math.abs(measured);
        return new Validation.Figure(name, unit, measured, predicted, RunFigures.round(error, 3), target, error <= target,
                null);
    }

    private static Double up(Metrics m, Function<Metrics.ScaleUp, Long> figure) {
        return m.scaleUp() == null ? null : Optional.ofNullable(figure.apply(m.scaleUp())).map(Long::doubleValue).orElse(null);
    }

    private static Double zero(Metrics m) {
        return m.scaleToZero() == null || m.scaleToZero().queueEmptyToZeroReplicasMs() == null ? null
                : m.scaleToZero().queueEmptyToZeroReplicasMs().doubleValue();
    }

    private static Double latency(Metrics m, Function<LatencySummary, Double> p) {
        LatencySummary l = m.latency().get("orchestrationEndToEnd");
        return l == null ? null : p.apply(l);
    }

    /**
     * The worker pod-seconds of the first step: the current replicas integrated from the first enqueue to zero
     * replicas after the queue emptied (else to the end of the first stack).
     */
    static Double podSeconds(RunReader run) {
        Metrics m = run.metrics().orElseThrow();
        if (m.scaleUp() == null || m.scaleUp().firstEnqueue() == null) {
            return null;
        }
        long from = m.scaleUp().firstEnqueue();
        List<TimelineEvent> events = run.timeline().events();
        List<KedaSettings> stacks = run.timeline().of(KedaSettings.class);
        long firstStackEnd = stacks.size() > 1 ? stacks.get(1).t() : run.timeline().end();
        long to = m.scaleToZero() != null && m.scaleToZero().reachedZero() && m.scaleToZero().queueEmptyToZeroReplicasMs() != null
                ? m.scaleToZero().queueEmptyAt() + m.scaleToZero().queueEmptyToZeroReplicasMs() : firstStackEnd;
        List<Replicas> replicas = TimelineEvent.ofType(events.stream().filter(e -> e.t() < firstStackEnd).toList(),
                Replicas.class);
        return RunFigures.round(RunFigures.podSeconds(replicas, from, to), 1);
    }
}
