package io.durascale.reports.analysis;

import io.durascale.run.Metrics;
import io.durascale.run.RunInfo;
import io.durascale.run.RunReader;
import io.durascale.run.Sizing;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The figures a run's verdicts rest on, each from the file that measured it, else derived from the
 * timeline (and saying so).
 */
public final class RunAnalysis {

    private static final String METRICS = "metrics.json";
    private static final String TIMELINE = "derived from timeline.jsonl";

    private final RunReader run;
    private final ScalingTimeline timeline;
    private final PartitionThroughput partitions;

    public RunAnalysis(RunReader run) {
        this.run = run;
        this.timeline = run.timeline().isEmpty() ? null : ScalingTimeline.of(run.timeline());
        this.partitions = PartitionThroughput.of(run);
    }

    public RunReader run() {
        return run;
    }

    public Optional<ScalingTimeline> timeline() {
        return Optional.ofNullable(timeline);
    }

    public PartitionThroughput partitions() {
        return partitions;
    }

    /** First enqueue to first ready worker pod. */
    public Figure scaleUpMs() {
        return scaleUp(Metrics.ScaleUp::firstEnqueueToFirstReadyMs)
                .or(fromTimeline(timeline == null ? -1 : timeline.firstEnqueue(), timeline == null ? -1 : timeline.firstReady()));
    }

    public Figure desiredReplicasMs() {
        return scaleUp(Metrics.ScaleUp::firstEnqueueToDesiredReplicasMs);
    }

    public Figure queueDrainedMs() {
        return scaleUp(Metrics.ScaleUp::firstEnqueueToQueueDrainedMs)
                .or(fromTimeline(timeline == null ? -1 : timeline.firstEnqueue(), timeline == null ? -1 : timeline.drained()));
    }

    /** Queue empty to zero replicas: the cooldown as it played out. */
    public Figure scaleToZeroMs() {
        return scaleToZero(Metrics.ScaleToZero::queueEmptyToZeroReplicasMs)
                .or(fromTimeline(timeline == null ? -1 : timeline.drained(), timeline == null ? -1 : timeline.zeroReplicas()));
    }

    public Figure idlePodSeconds() {
        return scaleToZero(Metrics.ScaleToZero::idlePodSeconds)
                .or(timeline == null ? Figure.UNKNOWN : new Figure(timeline.idlePodSeconds(), TIMELINE));
    }

    public Figure podSeconds() {
        return timeline == null ? Figure.UNKNOWN : new Figure(timeline.podSeconds(), TIMELINE);
    }

    public Figure peakPods() {
        return timeline == null ? Figure.UNKNOWN : new Figure(timeline.peakPods(), TIMELINE);
    }

    /** Seconds the run's timeline covers, else run.json's start to finish. */
    public Figure windowSeconds() {
        if (timeline != null && timeline.windowSeconds() > 0) {
            return new Figure(timeline.windowSeconds(), TIMELINE);
        }
        return run.run().filter(r -> r.startedAt() != null && r.finishedAt() != null)
                .map(r -> new Figure(Duration.between(r.startedAt(), r.finishedAt()).toMillis() / 1000.0,
                        "run.json startedAt..finishedAt"))
                .orElse(Figure.UNKNOWN);
    }

    /** The idle cost the load test computed, in its currency. */
    public Optional<Metrics.IdleCost> measuredIdleCost() {
        return run.metrics().map(Metrics::scaleToZero).map(Metrics.ScaleToZero::idleCost);
    }

    public Optional<Sizing.Recommended> recommendedSku() {
        return run.sizing().map(Sizing::recommended).filter(r -> r.sku() != null);
    }

    /** The sizing row of the recommended SKU. */
    public Optional<Sizing.SkuRow> recommendedSkuRow() {
        return run.sizing().flatMap(Sizing::recommendedRow);
    }

    /**
     * True when any measurement ran on an emulator (Azurite, the one-machine KEDA emulation): the figures
     * show behaviour, not cloud capacity.
     */
    public boolean emulated() {
        boolean fromRun = run.run().map(RunAnalysis::emulated).orElse(false);
        boolean fromMetrics = run.metrics().map(m -> m.emulated() != null && (m.emulated().storage() || m.emulated().scaling())
                || "embedded".equals(m.target())).orElse(false);
        return fromRun || fromMetrics;
    }

    private static boolean emulated(RunInfo r) {
        return Boolean.TRUE.equals(r.emulator()) || "embedded".equals(r.target())
                || r.storage() != null && r.storage().toLowerCase(Locale.ROOT).contains("azurite");
    }

    private Figure scaleUp(Function<Metrics.ScaleUp, Number> figure) {
        return metric(run.metrics().map(Metrics::scaleUp).map(figure));
    }

    private Figure scaleToZero(Function<Metrics.ScaleToZero, Number> figure) {
        return metric(run.metrics().map(Metrics::scaleToZero).map(figure));
    }

    private static Figure metric(Optional<Number> value) {
        return value.map(v -> new Figure(v.doubleValue(), METRICS)).filter(Figure::known).orElse(Figure.UNKNOWN);
    }

    private static Figure fromTimeline(long from, long to) {
        return from >= 0 && to >= from ? new Figure(to - from, TIMELINE) : Figure.UNKNOWN;
    }
}
