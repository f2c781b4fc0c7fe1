package io.durascale.reports.analysis;

import io.durascale.run.figures.Tiers;
import io.durascale.run.timeline.TimelineEvent;
import io.durascale.run.timeline.TimelineFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The scale-up story of one run, read from {@code timeline.jsonl}: queue depths, the worker tier's desired/current/ready
 * replicas (the other tiers' are in {@link TierReplicas}), pods per phase, node and load markers, and the figures derived from them (first enqueue to
 * first ready pod, queue drained to zero replicas, pod-seconds, idle pod-seconds).
 */
public final class ScalingTimeline {

    /** Pod phases counted as "there" (status.replicas); finished pods leave the count. */
    static final Set<String> FINISHED = Set.of("Succeeded", "Failed", "Deleted");
    public static final List<String> PHASES = List.of("Pending", "ContainerCreating", "Running", "Ready", "CrashLoopBackOff",
            "Terminating");
    /** The replica series of the scaled deployment, by name in {@link #replicas()} (the HPA's own is "hpa desired"). */
    public static final String DESIRED = "desired";
    public static final String CURRENT = "current";
    public static final String READY = "ready";
    private static final String READY_PHASE = "Ready";

    private final long start;
    private final long end;
    private final String scaledQueue;
    private final Map<String, StepSeries> queueDepth = new LinkedHashMap<>();
    private final Map<String, StepSeries> replicas = new LinkedHashMap<>();
    private final Map<String, StepSeries> podPhases = new LinkedHashMap<>();
    private final Map<String, List<PodPhaseChange>> podHistory = new LinkedHashMap<>();
    private final List<Marker> markers = new ArrayList<>();
    private final StepSeries pods = new StepSeries();

    private ScalingTimeline(TimelineFile timeline) {
        this.start = timeline.start();
        this.end = timeline.end();
        this.scaledQueue = findScaledQueue(timeline);
        Map<String, StepSeries> scalerReadings = new LinkedHashMap<>();
        Map<String, String> podPhase = new HashMap<>();
        for (String phase : PHASES) {
            podPhases.put(phase, new StepSeries());
        }
        boolean sawPods = false;
        for (TimelineEvent e : timeline.events()) {
            if (e instanceof TimelineEvent.QueueDepth q) {
                queueDepth.computeIfAbsent(nameOr(q.queue(), "queue"), k -> new StepSeries()).add(q.t(), q.depth());
            } else if (e instanceof TimelineEvent.ScalerReading r && r.value() != null) {
                scalerReadings.computeIfAbsent(nameOr(r.queue(), "scaled queue"), k -> new StepSeries()).add(r.t(), r.value());
            } else if (e instanceof TimelineEvent.Replicas r && Tiers.isWorkerTier(r.deployment())) {
                replicas.computeIfAbsent(DESIRED, k -> new StepSeries()).add(r.t(), r.desired());
                replicas.computeIfAbsent(CURRENT, k -> new StepSeries()).add(r.t(), r.current());
                replicas.computeIfAbsent(READY, k -> new StepSeries()).add(r.t(), r.ready());
            } else if (e instanceof TimelineEvent.HpaDecision h) {
                replicas.computeIfAbsent("hpa desired", k -> new StepSeries()).add(h.t(), h.desired());
            } else if (e instanceof TimelineEvent.PodPhase p && p.pod() != null && p.phase() != null) {
                sawPods = true;
                podHistory.computeIfAbsent(p.pod(), k -> new ArrayList<>()).add(new PodPhaseChange(p.t(), p.phase()));
                if (FINISHED.contains(p.phase())) {
                    podPhase.remove(p.pod());
                } else {
                    podPhase.put(p.pod(), p.phase());
                }
                for (String phase : PHASES) {
                    long count = podPhase.values().stream().filter(phase::equals).count();
                    podPhases.get(phase).add(p.t(), count);
                }
                pods.add(p.t(), podPhase.size());
            } else if (e instanceof TimelineEvent.NodeChange n) {
                markers.add(new Marker(n.t(), "node", nameOr(n.node(), "node") + " "
                        + nameOr(n.state(), "?").toLowerCase(Locale.ROOT)));
            } else if (e instanceof TimelineEvent.LoadMarker l) {
                markers.add(new Marker(l.t(), "load", nameOr(l.phase(), "load")));
            } else if (e instanceof TimelineEvent.KedaDecision k && ("activate".equals(k.action())
                    || "deactivate".equals(k.action()))) {
                markers.add(new Marker(k.t(), "keda", "KEDA " + k.action()));
            }
            // Other kinds (keda-settings, orchestrations, ...) are shown elsewhere or not at all.
        }
        // KEDA's own reading of the scaled queue fills in when no probe watched that queue.
        scalerReadings.forEach(queueDepth::putIfAbsent);
        podPhases.values().removeIf(s -> s.max() == 0 || s.isEmpty());
        if (!sawPods) {
            podPhases.clear();
        }
    }

    public static ScalingTimeline of(TimelineFile timeline) {
        return new ScalingTimeline(timeline);
    }

    /** The queue KEDA's scaler read: the first scaler reading that names one. */
    private static String findScaledQueue(TimelineFile timeline) {
        return timeline.of(TimelineEvent.ScalerReading.class).stream().map(TimelineEvent.ScalerReading::queue)
                .filter(q -> q != null).findFirst().orElse(null);
    }

    private static String nameOr(String name, String fallback) {
        return name == null || name.isBlank() ? fallback : name;
    }

    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    public double windowSeconds() {
        return (end - start) / 1000.0;
    }

    public Map<String, StepSeries> queueDepth() {
        return queueDepth;
    }

    public Map<String, StepSeries> replicas() {
        return replicas;
    }

    public Map<String, StepSeries> podPhases() {
        return podPhases;
    }

    /** Each pod's phase changes in time order, pods in order of first appearance. */
    public Map<String, List<PodPhaseChange>> podHistory() {
        return podHistory;
    }

    /** Seconds each pod spent in each phase, and when it appeared: the rows of a pod-lifecycle chart. */
    public List<PodLife> podLives() {
        List<PodLife> lives = new ArrayList<>();
        podHistory.forEach((pod, changes) -> {
            Map<String, Double> seconds = new LinkedHashMap<>();
            for (int i = 0; i < changes.size(); i++) {
                PodPhaseChange c = changes.get(i);
                if (FINISHED.contains(c.phase())) {
                    break;
                }
                long until = i + 1 < changes.size() ? changes.get(i + 1).t() : end;
                seconds.merge(c.phase(), (until - c.t()) / 1000.0, Double::sum);
            }
            lives.add(new PodLife(pod, changes.get(0).t(), seconds));
        });
        return lives;
    }

    /** A pod entering a phase. */
    public record PodPhaseChange(long t, String phase) {
    }

    /** One pod's life: when it appeared and the seconds it spent in each phase. */
    public record PodLife(String pod, long created, Map<String, Double> secondsInPhase) {
    }

    public List<Marker> markers() {
        return markers;
    }

    /** The queue KEDA scales on, if the timeline names it. */
    public String scaledQueue() {
        return scaledQueue;
    }

    private StepSeries scaled() {
        if (scaledQueue != null && queueDepth.containsKey(scaledQueue)) {
            return queueDepth.get(scaledQueue);
        }
        return queueDepth.values().stream().filter(s -> s.max() > 0).findFirst().orElse(null);
    }

    /** Pods that exist (status.replicas): the "current" replicas, else pods counted from pod events. */
    private StepSeries podCount() {
        StepSeries current = replicas.get(CURRENT);
        return current != null && !current.isEmpty() ? current : pods;
    }

    /** Epoch ms when the scaled queue first held work, or -1. */
    public long firstEnqueue() {
        StepSeries q = scaled();
        return q == null ? -1 : q.firstAtLeast(1, start);
    }

    /** Epoch ms of the first ready pod at or after the first enqueue, or -1. */
    public long firstReady() {
        long enqueue = firstEnqueue();
        StepSeries ready = replicas.get(READY);
        if (enqueue < 0 || ready == null) {
            StepSeries readyPods = podPhases.get(READY_PHASE);
            return enqueue < 0 || readyPods == null ? -1 : readyPods.firstAtLeast(1, enqueue);
        }
        return ready.firstAtLeast(1, enqueue);
    }

    /** Epoch ms when the scaled queue last became empty after holding work, or -1. */
    public long drained() {
        StepSeries q = scaled();
        if (q == null || firstEnqueue() < 0) {
            return -1;
        }
        long drained = -1;
        for (int i = 1; i < q.size(); i++) {
            if (q.value(i) == 0 && q.value(i - 1) > 0) {
                drained = q.time(i);
            }
        }
        return drained;
    }

    /** Epoch ms when the pods reached zero after the queue drained, or -1. */
    public long zeroReplicas() {
        long drained = drained();
        StepSeries count = podCount();
        return drained < 0 || count.isEmpty() ? -1 : count.firstAtMost(0, drained);
    }

    public double podSeconds() {
        StepSeries count = podCount();
        return count.isEmpty() ? Double.NaN : count.integralSeconds(start, end);
    }

    /** Pod-seconds after the queue drained: pods kept for the cooldown with nothing to do. */
    public double idlePodSeconds() {
        long drained = drained();
        StepSeries count = podCount();
        if (drained < 0 || count.isEmpty()) {
            return Double.NaN;
        }
        long zero = zeroReplicas();
        return count.integralSeconds(drained, zero < 0 ? end : zero);
    }

    public double peakPods() {
        StepSeries count = podCount();
        return count.isEmpty() ? Double.NaN : count.max();
    }

    public long nodesAdded() {
        return markers.stream().filter(m -> m.kind().equals("node") && m.label().endsWith("provisioning")).count();
    }
}
