package io.durascale.simulator.run;

import io.durascale.run.RunReader;
import io.durascale.run.timeline.TimelineEvent.KedaSettings;
import io.durascale.run.timeline.TimelineEvent.Orchestrations;
import io.durascale.run.timeline.TimelineEvent.QueueDepth;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * How long the warm task hub takes to run a partition-sweep step's fan-out, read the same way from a measured and a
 * simulated run: from the step's first orchestration to its work-item queue back at zero after its peak (every
 * ComputeActivity done). The median over the steps; calibration fits the warm work items' CPU to it.
 */
final class SweepFanOut {

    private SweepFanOut() {
    }

    /** Seconds per step, median; empty without sweep steps whose fan-out the timeline shows. */
    static OptionalDouble seconds(RunReader run) {
        return seconds(run, 1);
    }

    /** As {@link #seconds(RunReader)}, counting stacks from {@code firstStack} (0 for a run of one sweep step). */
    static OptionalDouble seconds(RunReader run, int firstStack) {
        List<Long> stacks = run.timeline().of(KedaSettings.class).stream().map(KedaSettings::t).toList();
        List<Double> durations = new ArrayList<>();
        for (int i = firstStack; i < stacks.size(); i++) {
            long from = stacks.get(i);
            long to = i + 1 < stacks.size() ? stacks.get(i + 1) : Long.MAX_VALUE;
            int startedBefore = run.timeline().of(Orchestrations.class).stream().filter(o -> o.t() < from)
                    .mapToInt(Orchestrations::started).max().orElse(0);
            long firstArrival = run.timeline().of(Orchestrations.class).stream()
                    .filter(o -> o.t() >= from && o.t() < to && o.started() > startedBefore)
                    .mapToLong(Orchestrations::t).min().orElse(-1);
            if (firstArrival < 0) {
                continue;
            }
            List<QueueDepth> items = run.timeline().of(QueueDepth.class).stream()
                    .filter(q -> q.queue().endsWith("-workitems") && q.t() >= firstArrival && q.t() < to).toList();
            long peak = 0;
            long zeroAfterPeak = -1;
            for (QueueDepth q : items) {
                if (q.depth() > peak) {
                    peak = q.depth();
                    zeroAfterPeak = -1;
                } else if (peak > 0 && q.depth() == 0 && zeroAfterPeak < 0) {
                    zeroAfterPeak = q.t();
                }
            }
            if (peak > 0 && zeroAfterPeak > 0) {
                durations.add((zeroAfterPeak - firstArrival) / 1000.0);
            }
        }
        if (durations.isEmpty()) {
            return OptionalDouble.empty();
        }
        List<Double> sorted = durations.stream().sorted().toList();
        return OptionalDouble.of(sorted.get(sorted.size() / 2));
    }
}
