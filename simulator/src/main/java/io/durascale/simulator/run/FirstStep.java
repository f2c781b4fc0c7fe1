package io.durascale.simulator.run;

import io.durascale.run.Metrics;
import io.durascale.run.RunReader;
import io.durascale.run.timeline.TimelineEvent.QueueDepth;
import io.durascale.run.timeline.TimelineEvent.Replicas;
import io.durascale.run.figures.RunFigures;
import java.util.List;
import java.util.Optional;

/**
 * Two rates of a run's first step (the burst from zero workers), read the same way from a measured and a simulated
 * run's timeline: how fast the fan-out filled the compute-jobs queue before the first worker was ready, and how fast
 * the queue drained once every desired worker was. Calibration fits the model's unknown CPU costs to them; the
 * validated figures are others.
 *
 * @param fanOutPerSecond jobs enqueued per second from the first enqueue to the queue's highest depth before the first
 *     worker was ready
 * @param drainPerSecond the step's blocks per second from every desired worker ready to the queue drained (so a steady
 *     workload's blocks still arriving count too); NaN when the queue drained before that
 * @param readyPodSeconds ready workers integrated from the first ready to the queue drained
 * @param peakReplicas the highest desired replicas of the step
 */
public record FirstStep(double fanOutPerSecond, double drainPerSecond, double readyPodSeconds, int peakReplicas,
                        long drainedMs) {

    /**
     * @param blocks the step's blocks (the measured and the simulated run have the same)
     */
    public static Optional<FirstStep> of(RunReader run, long blocks) {
        Metrics m = run.metrics().orElse(null);
        if (m == null || m.scaleUp() == null || m.scaleUp().firstEnqueue() == null
                || m.scaleUp().firstEnqueueToFirstReadyMs() == null || m.scaleUp().firstEnqueueToQueueDrainedMs() == null) {
            return Optional.empty();
        }
        long t0 = m.scaleUp().firstEnqueue();
        long firstReady = t0 + m.scaleUp().firstEnqueueToFirstReadyMs();
        long drained = t0 + m.scaleUp().firstEnqueueToQueueDrainedMs();
        List<QueueDepth> jobs = run.timeline().of(QueueDepth.class).stream()
                .filter(q -> q.queue().equals("compute-jobs") && q.t() >= t0 - 2_000 && q.t() <= drained).toList();
        long peakDepth = 0;
        long peakAt = t0;
        for (QueueDepth q : jobs) {
            if (q.t() <= firstReady && q.depth() > peakDepth) {
                peakDepth = q.depth();
                peakAt = q.t();
            }
        }
        double fanOut = peakAt > t0 ? peakDepth * 1000.0 / (peakAt - t0) : Double.NaN;
        double drain = Double.NaN;
        if (m.scaleUp().firstEnqueueToDesiredReplicasMs() != null) {
            long allReady = t0 + m.scaleUp().firstEnqueueToDesiredReplicasMs();
            QueueDepth atAllReady = jobs.stream().filter(q -> q.t() >= allReady).findFirst().orElse(null);
            if (atAllReady != null && atAllReady.t() < drained && atAllReady.depth() > 0) {
                drain = blocks * 1000.0 / (drained - atAllReady.t());
            }
        }
        List<Replicas> replicas = run.timeline().of(Replicas.class).stream().filter(r -> r.t() <= drained).toList();
        double ready = 0;
        long at = firstReady;
        int current = 0;
        for (Replicas r : replicas) {
            if (r.t() <= firstReady) {
                current = r.ready();
                continue;
            }
            ready += current * (r.t() - at) / 1000.0;
            at = r.t();
            current = r.ready();
        }
        ready += current * (drained - at) / 1000.0;
        int peak = m.scaleUp().peakDesiredReplicas() == null ? 0 : m.scaleUp().peakDesiredReplicas();
        return Optional.of(new FirstStep(round(fanOut), round(drain), RunFigures.round(ready, 1), peak, drained - t0));
    }

    private static double round(double v) {
        return Double.isFinite(v) ? RunFigures.round(v, 2) : v;
    }
}
