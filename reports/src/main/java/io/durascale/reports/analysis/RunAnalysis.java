package io.durascale.reports.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.durascale.reports.run.RunDirectory;
import java.util.Optional;

/**
 * The figures a run's verdicts rest on, each from the file that measured it, else derived from the
 * timeline (and saying so).
 */
public final class RunAnalysis {

    private static final String METRICS = "metrics.json";
    private static final String TIMELINE = "derived from timeline.jsonl";

    private final RunDirectory run;
    private final ScalingTimeline timeline;
    private final PartitionThroughput partitions;

    public RunAnalysis(RunDirectory run) {
        this.run = run;
        this.timeline = run.timeline().isEmpty() ? null : ScalingTimeline.of(run.timeline());
        this.partitions = PartitionThroughput.of(run);
    }

    public RunDirectory run() {
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
        return metric("scaleUp", "firstEnqueueToFirstReadyMs")
                .or(fromTimeline(timeline == null ? -1 : timeline.firstEnqueue(), timeline == null ? -1 : timeline.firstReady()));
    }

    public Figure desiredReplicasMs() {
        return metric("scaleUp", "firstEnqueueToDesiredReplicasMs");
    }

    public Figure queueDrainedMs() {
        return metric("scaleUp", "firstEnqueueToQueueDrainedMs")
                .or(fromTimeline(timeline == null ? -1 : timeline.firstEnqueue(), timeline == null ? -1 : timeline.drained()));
    }

    /** Queue empty to zero replicas: the cooldown as it played out. */
    public Figure scaleToZeroMs() {
        return metric("scaleToZero", "queueEmptyToZeroReplicasMs")
                .or(fromTimeline(timeline == null ? -1 : timeline.drained(), timeline == null ? -1 : timeline.zeroReplicas()));
    }

    public Figure idlePodSeconds() {
        return metric("scaleToZero", "idlePodSeconds")
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
        return run.run().map(r -> {
            try {
                double s = java.time.Duration.between(java.time.Instant.parse(r.path("startedAt").asText()),
                        java.time.Instant.parse(r.path("finishedAt").asText())).toMillis() / 1000.0;
                return new Figure(s, "run.json startedAt..finishedAt");
            } catch (RuntimeException e) {
                return Figure.UNKNOWN;
            }
        }).orElse(Figure.UNKNOWN);
    }

    /** The idle cost the load test computed, in its currency. */
    public Optional<JsonNode> measuredIdleCost() {
        return run.metrics().map(m -> m.path("scaleToZero").path("idleCost")).filter(JsonNode::isObject);
    }

    public Optional<JsonNode> recommendedSku() {
        return run.sizing().map(s -> s.path("recommended")).filter(r -> r.hasNonNull("sku"));
    }

    /** The sizing row of the recommended SKU. */
    public Optional<JsonNode> recommendedSkuRow() {
        return recommendedSku().flatMap(rec -> {
            for (JsonNode sku : run.sizing().get().path("skus")) {
                if (sku.path("name").asText().equals(rec.path("sku").asText())) {
                    return Optional.of(sku);
                }
            }
            return Optional.empty();
        });
    }

    /**
     * True when any measurement ran on an emulator (Azurite, the one-machine KEDA emulation): the figures
     * show behaviour, not cloud capacity.
     */
    public boolean emulated() {
        boolean fromRun = run.run().map(r -> r.path("emulator").asBoolean(false)
                || r.path("target").asText().equals("embedded")
                || r.path("storage").asText().toLowerCase().contains("azurite")).orElse(false);
        boolean fromMetrics = run.metrics().map(m -> m.path("emulated").path("storage").asBoolean(false)
                || m.path("emulated").path("scaling").asBoolean(false)
                || m.path("target").asText().equals("embedded")).orElse(false);
        return fromRun || fromMetrics;
    }

    private Figure metric(String group, String key) {
        return run.metrics().map(m -> m.path(group).path(key)).filter(JsonNode::isNumber)
                .map(v -> new Figure(v.asDouble(), METRICS)).orElse(Figure.UNKNOWN);
    }

    private static Figure fromTimeline(long from, long to) {
        return from >= 0 && to >= from ? new Figure(to - from, TIMELINE) : Figure.UNKNOWN;
    }
}
