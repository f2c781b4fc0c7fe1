package io.durascale.run.figures;

import io.durascale.run.Metrics;
import io.durascale.run.Metrics.IdleCost;
import io.durascale.run.Metrics.PartitionStep;
import io.durascale.run.Metrics.ScaleToZero;
import io.durascale.run.Metrics.ScaleUp;
import io.durascale.run.timeline.TimelineEvent;
import io.durascale.run.timeline.TimelineEvent.PodPhase;
import io.durascale.run.timeline.TimelineEvent.QueueDepth;
import io.durascale.run.timeline.TimelineEvent.Replicas;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The derived figures of {@code metrics.json}, defined once for every instrument that writes one (the load
 * tests and the simulator): computed from what was recorded or simulated — the timeline (replicas, pods,
 * queue depths, from the local autoscaler, the Kubernetes observer or the simulator, as
 * {@link io.durascale.run.timeline.TimelineFile} reads them), the orchestrations that ran, and the blocks'
 * enqueue and completion times. Pure functions of those inputs, so each figure's definition is tested on its own.
 *
 * <ul>
 *   <li>Scale-up, for the first step: from the first job enqueued to the first worker pod that
 *   becomes Ready after it; to the moment ready replicas reach the highest desired count seen
 *   before the queue drained; to the first reading of an empty jobs queue after the last job was
 *   enqueued.</li>
 *   <li>Scale to zero: from that empty reading to the first {@code replicas} record with no
 *   current pods; the pod-seconds in between are idle pod-seconds, costed at the price per pod-hour.</li>
 *   <li>Both read the worker tier's replicas and pods only ({@link Tiers#workerTier}); the orchestration tier's
 *   scale from zero is {@link OrchestrationTierFigures}.</li>
 *   <li>Throughput per partition, per step: completed orchestrations over the step's span (first
 *   start to last completion), split by the partition each instance id hashes to.</li>
 * </ul>
 */
public final class RunFigures {

    /** One block's enqueue and output times, epoch milliseconds. */
    public record BlockTimes(long enqueuedAt, long completedAt) {
    }

    /** One orchestration as the load test (or the simulator) saw it. */
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
     *                messages per partition, storage operations), else null
     * @param storageBound the same-run storage bound in orchestrations per second, when measured
     */
    public record Step(String label, String hub, int partitions, Metrics.Backend backend, Double storageBound) {
    }

    /** Storage at this fraction of its same-run bound or more is the limit. */
    public static final double STORAGE_LIMIT = 0.7;
    /** The machine at this CPU use or more is the limit. */
    public static final double CPU_LIMIT = 0.85;

    private RunFigures() {
    }

    // ---- scale-up ----

    /**
     * The scale-up figures of a burst whose blocks are given (or, without blocks, the first jobs seen queued).
     *
     * @param timeline the run's events in time order
     */
    public static ScaleUp scaleUp(List<TimelineEvent> run, List<BlockTimes> blocks, String jobsQueue) {
        List<TimelineEvent> timeline = Tiers.workerTier(run);
        Optional<Long> first = blocks.stream().map(BlockTimes::enqueuedAt).min(Long::compare)
                .or(() -> depthsOf(timeline, jobsQueue).filter(q -> q.depth() > 0).map(QueueDepth::t).findFirst());
        if (first.isEmpty()) {
            return ScaleUp.notMeasured("no job was seen enqueued");
        }
        long t0 = first.get();
        long lastEnqueue = blocks.stream().mapToLong(BlockTimes::enqueuedAt).max().orElse(t0);
        long drained = drainedAt(timeline, blocks, jobsQueue, t0, lastEnqueue);
        List<Replicas> replicas = TimelineEvent.ofType(timeline, Replicas.class);
        int readyAtStart = lastAtOrBefore(replicas, t0).map(Replicas::ready).orElse(0);
        Long firstReady = timeline.stream()
                .filter(e -> e.t() >= t0 && e instanceof PodPhase pod && "Ready".equals(pod.phase()))
                .map(TimelineEvent::t).findFirst().map(t -> t - t0).orElse(null);
        int peakDesired = replicas.stream().filter(r -> r.t() >= t0 && r.t() <= drained)
                .mapToInt(Replicas::desired).max().orElse(0);
        Long reached = peakDesired == 0 ? null : replicas.stream()
                .filter(r -> r.t() >= t0 && r.ready() >= peakDesired)
                .map(Replicas::t).findFirst().map(t -> t - t0).orElse(null);
        Long lastOutput = blocks.isEmpty() ? null
                : blocks.stream().mapToLong(BlockTimes::completedAt).max().getAsLong() - t0;
        String note = readyAtStart > 0 ? readyAtStart + " worker pod(s) were already ready when the first job was enqueued"
                : null;
        List<Long> podStarts = podStarts(timeline, t0, drained);
        return new ScaleUp(t0, readyAtStart, firstReady, peakDesired, reached, drained - t0, lastOutput,
                podStarts.isEmpty() ? null : median(podStarts), podStarts.isEmpty() ? null : podStarts.size(), note);
    }

    /**
     * How long each pod that started in [from, to] took from its process start ({@code Running}, the container
     * started) to {@code Ready}: the part of scale-up the worker's own start-up decides.
     */
    public static List<Long> podStarts(List<TimelineEvent> timeline, long from, long to) {
        java.util.Map<String, Long> running = new java.util.HashMap<>();
        List<Long> starts = new java.util.ArrayList<>();
        for (PodPhase pod : TimelineEvent.ofType(Tiers.workerTier(timeline), PodPhase.class)) {
            if (pod.t() < from || pod.t() > to) {
                continue;
            }
            if ("Running".equals(pod.phase())) {
                running.putIfAbsent(pod.pod(), pod.t());
            } else if ("Ready".equals(pod.phase()) && running.containsKey(pod.pod())) {
                starts.add(pod.t() - running.remove(pod.pod()));
            }
        }
        return starts;
    }

    private static long median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * When the jobs queue was first read empty after the last enqueue; without queue readings, the
     * last block's completion.
     */
    public static long drainedAt(List<TimelineEvent> timeline, List<BlockTimes> blocks, String jobsQueue, long t0,
                                 long lastEnqueue) {
        return depthsOf(timeline, jobsQueue).filter(q -> q.t() >= lastEnqueue && q.depth() == 0)
                .map(QueueDepth::t).findFirst()
                .orElseGet(() -> blocks.stream().mapToLong(BlockTimes::completedAt).max().orElse(t0));
    }

    // ---- scale to zero ----

    /**
     * From the queue going empty to zero worker replicas, the pod-seconds spent idle in between, and
     * their cost at {@code pricePerPodHour}. If zero is never reached, the idle time runs to the
     * last event and {@code reachedZero} is false.
     */
    public static ScaleToZero scaleToZero(List<TimelineEvent> run, long emptyAt, double pricePerPodHour,
                                          String priceSource) {
        List<TimelineEvent> timeline = Tiers.workerTier(run);
        List<Replicas> replicas = TimelineEvent.ofType(timeline, Replicas.class);
        Optional<Long> zeroAt = replicas.stream().filter(r -> r.t() >= emptyAt && r.current() == 0)
                .map(Replicas::t).findFirst();
        long end = zeroAt.orElse(timeline.isEmpty() ? emptyAt : Math.max(emptyAt, timeline.get(timeline.size() - 1).t()));
        double idlePodSeconds = podSeconds(replicas, emptyAt, end);
        long podsWhenEmptied = lastAtOrBefore(replicas, emptyAt).map(r -> (long) r.current()).orElse(0L);
        IdleCost cost = new IdleCost(pricePerPodHour, round(idlePodSeconds / 3600.0 * pricePerPodHour, 6), "USD",
                priceSource);
        return new ScaleToZero(emptyAt, zeroAt.isPresent(), zeroAt.map(t -> t - emptyAt).orElse(null),
                round(idlePodSeconds, 1), podsWhenEmptied, cost);
    }

    /** The integral of current replicas over [from, to], in pod-seconds (a step function between records). */
    public static double podSeconds(List<Replicas> replicas, long from, long to) {
        if (to <= from) {
            return 0;
        }
        double total = 0;
        long current = lastAtOrBefore(replicas, from).map(Replicas::current).orElse(0);
        long at = from;
        for (Replicas r : replicas) {
            if (r.t() <= from) {
                continue;
            }
            if (r.t() >= to) {
                break;
            }
            total += current * (r.t() - at) / 1000.0;
            at = r.t();
            current = r.current();
        }
        total += current * (to - at) / 1000.0;
        return total;
    }

    // ---- throughput per partition ----

    /** Throughput of one step, split by partition; its rates are null when nothing in it completed. */
    public static PartitionStep throughput(Step step, List<Orchestration> orchestrations) {
        List<Orchestration> done = orchestrations.stream().filter(Orchestration::completed).toList();
        int failed = orchestrations.size() - done.size();
        if (done.isEmpty()) {
            return new PartitionStep(step.label(), step.hub(), step.partitions(), 0, failed, null, null, null, null, null,
                    null, null, null, null, null, null, null);
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
        List<Double> rates = new ArrayList<>();
        for (double count : perPartition) {
            rates.add(round(count / seconds, 3));
        }
        List<Double> eventRates = new ArrayList<>();
        for (double count : eventsPerPartition) {
            eventRates.add(round(count / seconds, 2));
        }
        Double bound = step.storageBound() == null ? null : round(step.storageBound(), 1);
        Double fraction = step.storageBound() == null ? null : round(total / step.storageBound(), 3);
        return new PartitionStep(step.label(), step.hub(), step.partitions(), done.size(), failed, round(seconds, 2),
                round(total, 2), round(events / seconds, 1), rates, eventRates, round(total / step.partitions(), 3),
                round(imbalance(perPartition), 2), bound, fraction, step.backend(), null, null);
    }

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

    private static Stream<QueueDepth> depthsOf(List<TimelineEvent> timeline, String queue) {
        return TimelineEvent.ofType(timeline, QueueDepth.class).stream().filter(q -> queue.equals(q.queue()));
    }

    /** The last replicas record at or before {@code t}. */
    private static Optional<Replicas> lastAtOrBefore(List<Replicas> replicas, long t) {
        Replicas last = null;
        for (Replicas r : replicas) {
            if (r.t() > t) {
                break;
            }
            last = r;
        }
        return Optional.ofNullable(last);
    }

    public static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
