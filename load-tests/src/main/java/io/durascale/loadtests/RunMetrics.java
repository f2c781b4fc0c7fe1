package io.durascale.loadtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.durascale.loadtests.probe.BlockProbe.BlockTimes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The figures a load test derives for {@code metrics.json}, computed from what was recorded: the
 * timeline (replicas, pods, queue depths — from the local autoscaler or the Kubernetes observer),
 * the orchestrations the scenarios ran, and the blocks' enqueue and completion times. Pure
 * functions of those inputs, so each figure's definition is tested on its own.
 *
 * <ul>
 *   <li>Scale-up, for the first step: from the first job enqueued to the first worker pod that
 *   becomes Ready after it; to the moment ready replicas reach the highest desired count seen
 *   before the queue drained; to the first reading of an empty jobs queue after the last job was
 *   enqueued.</li>
 *   <li>Scale to zero: from that empty reading to the first {@code replicas} record with no
 *   current pods; the pod-seconds in between are idle pod-seconds, costed at the price per pod-hour.</li>
 *   <li>Throughput per partition, per step: completed orchestrations over the step's span (first
 *   start to last completion), split by the partition each instance id hashes to.</li>
 * </ul>
 */
public final class RunMetrics {

    /** One line of timeline.jsonl. */
    public record TimelineRecord(long t, String kind, JsonNode values) {

        public long longValue(String field) {
            JsonNode v = values.get(field);
            return v == null || v.isNull() ? 0 : v.asLong();
        }

        public String text(String field) {
            JsonNode v = values.get(field);
            return v == null || v.isNull() ? null : v.asText();
        }
    }

    /** One orchestration as the load test saw it. */
    public record Orchestration(String id, int step, int partition, long startedAt, long finishedAt, String status,
                                int blocks) {

        public boolean completed() {
            return "Completed".equals(status);
        }
    }

    /**
     * A span of the run at one task hub configuration (a partition-sweep step, or the whole run).
     *
     * @param backend for the embedded hub: its own counters over the step (episodes and control
     *                messages per partition, storage operations), else empty
     * @param storageBound the same-run storage bound in orchestrations per second, when measured
     */
    public record Step(String label, String hub, int partitions, Map<String, Object> backend, Double storageBound) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunMetrics() {
    }

    /** Reads timeline.jsonl, skipping lines that are not JSON objects with t and kind. */
    public static List<TimelineRecord> readTimeline(Path file) {
        List<TimelineRecord> records = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return records;
        }
        try (BufferedReader in = Files.newBufferedReader(file)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode node = JSON.readTree(line);
                    if (node.has("t") && node.has("kind")) {
                        records.add(new TimelineRecord(node.get("t").asLong(), node.get("kind").asText(), node));
                    }
                } catch (IOException e) {
                    // a torn last line of a killed writer: skip it
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        records.sort(Comparator.comparingLong(TimelineRecord::t));
        return records;
    }

    // ---- scale-up ----

    /** The scale-up figures of a burst whose blocks are given (or, without blocks, the first jobs seen queued). */
    public static Map<String, Object> scaleUp(List<TimelineRecord> timeline, List<BlockTimes> blocks, String jobsQueue) {
        Map<String, Object> m = new LinkedHashMap<>();
        Optional<Long> first = blocks.stream().map(b -> b.enqueuedAt().toEpochMilli()).min(Long::compare)
                .or(() -> timeline.stream().filter(r -> isQueue(r, jobsQueue) && r.longValue("depth") > 0)
                        .map(TimelineRecord::t).findFirst());
        if (first.isEmpty()) {
            m.put("note", "no job was seen enqueued");
            return m;
        }
        long t0 = first.get();
        long lastEnqueue = blocks.stream().mapToLong(b -> b.enqueuedAt().toEpochMilli()).max().orElse(t0);
        long drained = drainedAt(timeline, blocks, jobsQueue, t0, lastEnqueue);
        int readyAtStart = lastBefore(timeline, "replicas", t0).map(r -> (int) r.longValue("ready")).orElse(0);
        m.put("firstEnqueue", t0);
        m.put("readyReplicasAtFirstEnqueue", readyAtStart);
        Optional<Long> firstReady = timeline.stream()
                .filter(r -> r.t() >= t0 && "pod".equals(r.kind()) && "Ready".equals(r.text("phase")))
                .map(TimelineRecord::t).findFirst();
        m.put("firstEnqueueToFirstReadyMs", firstReady.map(t -> t - t0).orElse(null));
        int peakDesired = timeline.stream().filter(r -> "replicas".equals(r.kind()) && r.t() >= t0 && r.t() <= drained)
                .mapToInt(r -> (int) r.longValue("desired")).max().orElse(0);
        m.put("peakDesiredReplicas", peakDesired);
        Optional<Long> reached = peakDesired == 0 ? Optional.empty() : timeline.stream()
                .filter(r -> "replicas".equals(r.kind()) && r.t() >= t0 && r.longValue("ready") >= peakDesired)
                .map(TimelineRecord::t).findFirst();
        m.put("firstEnqueueToDesiredReplicasMs", reached.map(t -> t - t0).orElse(null));
        m.put("firstEnqueueToQueueDrainedMs", drained - t0);
        blocks.stream().mapToLong(b -> b.completedAt().toEpochMilli()).max()
                .ifPresent(last -> m.put("firstEnqueueToLastOutputMs", last - t0));
        if (readyAtStart > 0) {
            m.put("note", readyAtStart + " worker pod(s) were already ready when the first job was enqueued");
        }
        return m;
    }

    /**
     * When the jobs queue was first read empty after the last enqueue; without queue readings, the
     * last block's completion.
     */
    public static long drainedAt(List<TimelineRecord> timeline, List<BlockTimes> blocks, String jobsQueue, long t0,
                                 long lastEnqueue) {
        return timeline.stream().filter(r -> isQueue(r, jobsQueue) && r.t() >= lastEnqueue && r.longValue("depth") == 0)
                .map(TimelineRecord::t).findFirst()
                .orElseGet(() -> blocks.stream().mapToLong(b -> b.completedAt().toEpochMilli()).max().orElse(t0));
    }

    // ---- scale to zero ----

    /**
     * From the queue going empty to zero worker replicas, the pod-seconds spent idle in between, and
     * their cost at {@code pricePerPodHour}. If zero is never reached, the idle time runs to the
     * last record and {@code reachedZero} is false.
     */
    public static Map<String, Object> scaleToZero(List<TimelineRecord> timeline, long emptyAt, double pricePerPodHour,
                                                  String priceSource) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<TimelineRecord> replicas = timeline.stream().filter(r -> "replicas".equals(r.kind())).toList();
        Optional<Long> zeroAt = replicas.stream().filter(r -> r.t() >= emptyAt && r.longValue("current") == 0)
                .map(TimelineRecord::t).findFirst();
        long end = zeroAt.orElse(timeline.isEmpty() ? emptyAt : Math.max(emptyAt, timeline.get(timeline.size() - 1).t()));
        double idlePodSeconds = podSeconds(replicas, emptyAt, end);
        m.put("queueEmptyAt", emptyAt);
        m.put("reachedZero", zeroAt.isPresent());
        m.put("queueEmptyToZeroReplicasMs", zeroAt.map(t -> t - emptyAt).orElse(null));
        m.put("idlePodSeconds", round(idlePodSeconds, 1));
        m.put("podsWhenQueueEmptied", lastBefore(replicas, "replicas", emptyAt).map(r -> r.longValue("current")).orElse(0L));
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("pricePerPodHour", pricePerPodHour);
        cost.put("amount", round(idlePodSeconds / 3600.0 * pricePerPodHour, 6));
        cost.put("currency", "USD");
        cost.put("priceSource", priceSource);
        m.put("idleCost", cost);
        return m;
    }

    /** The integral of current replicas over [from, to], in pod-seconds (a step function between records). */
    public static double podSeconds(List<TimelineRecord> replicas, long from, long to) {
        if (to <= from) {
            return 0;
        }
        double total = 0;
        long current = lastBefore(replicas, "replicas", from).map(r -> r.longValue("current")).orElse(0L);
        long at = from;
        for (TimelineRecord r : replicas) {
            if (!"replicas".equals(r.kind()) || r.t() <= from) {
                continue;
            }
            if (r.t() >= to) {
                break;
            }
            total += current * (r.t() - at) / 1000.0;
            at = r.t();
            current = r.longValue("current");
        }
        total += current * (to - at) / 1000.0;
        return total;
    }

    // ---- throughput per partition ----

    /** Throughput of one step, split by partition. */
    public static Map<String, Object> throughput(Step step, List<Orchestration> orchestrations) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", step.label());
        m.put("hub", step.hub());
        m.put("partitions", step.partitions());
        List<Orchestration> done = orchestrations.stream().filter(Orchestration::completed).toList();
        m.put("orchestrations", done.size());
        m.put("failed", orchestrations.size() - done.size());
        if (done.isEmpty()) {
            return m;
        }
        long start = orchestrations.stream().mapToLong(Orchestration::startedAt).min().orElseThrow();
        long end = done.stream().mapToLong(Orchestration::finishedAt).max().orElseThrow();
        double seconds = Math.max(0.001, (end - start) / 1000.0);
        double[] perPartition = new double[step.partitions()];
        double[] eventsPerPartition = new double[step.partitions()];
        for (Orchestration o : done) {
            if (o.partition() >= 0 && o.partition() < perPartition.length) {
                perPartition[o.partition()] += 1;
                eventsPerPartition[o.partition()] += o.blocks();
            }
        }
        long events = done.stream().mapToLong(Orchestration::blocks).sum();
        double total = done.size() / seconds;
        m.put("seconds", round(seconds, 2));
        m.put("orchestrationsPerSecond", round(total, 2));
        m.put("eventsPerSecond", round(events / seconds, 1));
        List<Double> rates = new ArrayList<>();
        for (double count : perPartition) {
            rates.add(round(count / seconds, 3));
        }
        m.put("perPartition", rates);
        List<Double> eventRates = new ArrayList<>();
        for (double count : eventsPerPartition) {
            eventRates.add(round(count / seconds, 2));
        }
        m.put("eventsPerSecondPerPartition", eventRates);
        m.put("orchestrationsPerSecondPerPartition", round(total / step.partitions(), 3));
        m.put("imbalance", round(imbalance(perPartition), 2));
        if (step.storageBound() != null) {
            m.put("storageBoundOrchestrationsPerSecond", round(step.storageBound(), 1));
            m.put("fractionOfBound", round(total / step.storageBound(), 3));
        }
        if (!step.backend().isEmpty()) {
            m.put("backend", step.backend());
        }
        return m;
    }

    /** Storage at this fraction of its same-run bound or more is the limit. */
    public static final double STORAGE_LIMIT = 0.7;
    /** The machine at this CPU use or more is the limit. */
    public static final double CPU_LIMIT = 0.85;

    /**
     * What most likely held a step's throughput down: the storage when the step reached
     * {@link #STORAGE_LIMIT} of its same-run bound, else the machine when its CPU was at least
     * {@link #CPU_LIMIT} busy, else nothing saturated — the step's work was too little to fill
     * the pipeline, and its time is mostly end-to-end latency.
     */
    public static String limitedBy(Double fractionOfBound, Double machineCpu) {
        if (fractionOfBound != null && fractionOfBound >= STORAGE_LIMIT) {
            return "storage";
        }
        if (machineCpu != null && machineCpu >= CPU_LIMIT) {
            return "machine CPU";
        }
        return "latency (nothing saturated)";
    }

    /** The busiest partition's load over the mean (1.0 is perfectly even); 0 when nothing ran. */
    public static double imbalance(double[] perPartition) {
        double sum = 0;
        double max = 0;
        for (double v : perPartition) {
            sum += v;
            max = Math.max(max, v);
        }
        return sum == 0 ? 0 : max / (sum / perPartition.length);
    }

    // ---- helpers ----

    private static boolean isQueue(TimelineRecord r, String queue) {
        return "queue".equals(r.kind()) && queue.equals(r.text("queue"));
    }

    private static Optional<TimelineRecord> lastBefore(List<TimelineRecord> timeline, String kind, long t) {
        TimelineRecord last = null;
        for (TimelineRecord r : timeline) {
            if (r.t() > t) {
                break;
            }
            if (kind.equals(r.kind())) {
                last = r;
            }
        }
        return Optional.ofNullable(last);
    }

    static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
