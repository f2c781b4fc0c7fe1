package io.durascale.simulator.run;

import io.durascale.run.RunReader;
import io.durascale.run.timeline.TimelineEvent.KedaSettings;
import io.durascale.run.timeline.TimelineEvent.QueueDepth;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * How fast a partition-sweep step's warm workers drain the compute-jobs queue once its fan-out is over (its work-item
 * queue back at zero): the jobs left then over the time to an empty queue, read the same way from a measured and a
 * simulated run; the median over the steps. Calibration fits the warm worker's CPU per block to it.
 */
final class SweepDrain {

    private SweepDrain() {
    }

    /** Jobs per second, median; empty without a step whose timeline shows it. */
    static OptionalDouble perSecond(RunReader run, int firstStack) {
        List<Long> stacks = run.timeline().of(KedaSettings.class).stream().map(KedaSettings::t).toList();
        List<Double> rates = new ArrayList<>();
        for (int i = firstStack; i < stacks.size(); i++) {
            long from = stacks.get(i);
            long to = i + 1 < stacks.size() ? stacks.get(i + 1) : Long.MAX_VALUE;
            List<QueueDepth> depths = run.timeline().of(QueueDepth.class).stream()
                    .filter(q -> q.t() >= from && q.t() < to).toList();
            long peak = 0;
            long fanOutOver = -1;
            for (QueueDepth q : depths) {
                if (q.queue().endsWith("-workitems")) {
                    if (q.depth() > peak) {
                        peak = q.depth();
                        fanOutOver = -1;
                    } else if (peak > 0 && q.depth() == 0 && fanOutOver < 0) {
                        fanOutOver = q.t();
                    }
                }
            }
            if (fanOutOver < 0) {
                continue;
            }
            QueueDepth left = null;
            Long empty = null;
            for (QueueDepth q : depths) {
                if (!q.queue().equals("compute-jobs") || q.t() < fanOutOver) {
                    continue;
                }
                if (left == null) {
                    left = q;
                } else if (q.depth() == 0) {
                    empty = q.t();
                    break;
                }
            }
            if (left != null && left.depth() == 0) {
                // The workers kept up with the fan-out: the drain is as fast as it can be.
                rates.add(Double.POSITIVE_INFINITY);
            } else if (left != null && empty != null && empty > left.t()) {
                rates.add(left.depth() * 1000.0 / (empty - left.t()));
            }
        }
        if (rates.isEmpty()) {
            return OptionalDouble.empty();
        }
        List<Double> sorted = rates.stream().sorted().toList();
        return OptionalDouble.of(sorted.get(sorted.size() / 2));
    }
}
