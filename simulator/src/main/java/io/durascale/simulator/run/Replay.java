package io.durascale.simulator.run;

import io.durascale.run.LoadWorkload;
import io.durascale.run.Metrics;
import io.durascale.run.RunInfo;
import io.durascale.run.RunInputException;
import io.durascale.run.RunReader;
import io.durascale.run.timeline.TimelineEvent.KedaSettings;
import io.durascale.run.timeline.TimelineEvent.LoadMarker;
import io.durascale.run.timeline.TimelineEvent.Orchestrations;
import io.durascale.simulator.model.Scenario;
import io.durascale.run.timeline.TimelineEvent;
import io.durascale.run.timeline.TimelineEvent.PodPhase;
import io.durascale.simulator.profile.Distribution;
import io.durascale.simulator.profile.RecordedScaling;
import java.util.HashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;

/**
 * The workload of a measured run, as a {@link Scenario}: each stack the run started (a {@code keda-settings} line on
 * its timeline: the first, then one per partition-sweep step, with that step's partitions and fixed workers) at the
 * time it started, and each orchestration at the time the load test started it (the {@code orchestrations} counts),
 * with the blocks of its step. The run's own times are kept, so the two timelines line up.
 */
public final class Replay {

    private Replay() {
    }

    /**
     * @throws RunInputException if the timeline shows no stack or no orchestration
     */
    public static Scenario scenario(RunReader run, LoadWorkload workload) {
        List<KedaSettings> starts = run.timeline().of(KedaSettings.class);
        if (starts.isEmpty()) {
            throw new RunInputException(run.path().resolve("timeline.jsonl") + " has no keda-settings line: a replay needs "
                    + "the timeline of a load test on the embedded stack.");
        }
        long t0 = starts.get(0).t();
        List<Long> stackTimes = starts.stream().map(KedaSettings::t).toList();
        boolean idles = run.timeline().of(LoadMarker.class).stream().anyMatch(m -> "idle-start".equals(m.phase()));
        long zeroAt = run.timeline().of(LoadMarker.class).stream().filter(m -> "zero-replicas".equals(m.phase()))
                .mapToLong(LoadMarker::t).min().orElse(-1);
        // Each started orchestration at its stack, and the time each step's last one was seen finished.
        List<Scenario.Arrival> arrivals = new ArrayList<>();
        long[] lastCompletion = new long[starts.size()];
        int started = 0;
        int completed = 0;
        for (Orchestrations o : run.timeline().of(Orchestrations.class)) {
            int stack = stackAt(stackTimes, o.t());
            while (started < o.started()) {
                started++;
                arrivals.add(new Scenario.Arrival(Math.max(0, o.t() - stackTimes.get(stack)), stack,
                        stack == 0 ? workload.blocks() : workload.sweepBlocks()));
            }
            if (o.completed() > completed) {
                completed = o.completed();
                lastCompletion[stack] = o.t();
            }
        }
        if (arrivals.isEmpty()) {
            throw new RunInputException(run.path().resolve("timeline.jsonl") + " has no orchestrations line: nothing to "
                    + "replay.");
        }
        List<Metrics.PartitionStep> rows = run.metrics().map(Metrics::throughputPerPartition).orElse(List.of());
        List<Scenario.Stack> stacks = new ArrayList<>();
        int partitions = workload.scaling() != null ? workload.scaling().partitions() : 4;
        List<Distribution> starts0 = podStarts(run, stackTimes);
        stacks.add(new Scenario.Stack(0, 0, "run", hub(run), partitions, null, null, null, starts0.get(0)));
        for (int i = 1; i < starts.size(); i++) {
            int row = rows.size() == starts.size() - 1 ? i - 1 : -1;
            int p = row >= 0 ? rows.get(row).partitions()
                    : i - 1 < workload.sweep().size() ? workload.sweep().get(i - 1) : partitions;
            String label = row >= 0 ? rows.get(row).step() : p + "-partitions";
            String hub = row >= 0 && rows.get(row).hub() != null ? rows.get(row).hub() : "Sweep" + p;
            var recorded = RecordedScaling.of(starts.get(i));
            int min = recorded.map(r -> r.scaledObject().minReplicaCount()).orElse(workload.sweepWorkers());
            int max = recorded.map(r -> r.scaledObject().maxReplicaCount()).orElse(workload.sweepWorkers());
            long previousOver = i == 1 && idles && zeroAt > 0 ? zeroAt : lastCompletion[i - 1];
            long gap = previousOver > 0 ? Math.max(0, stackTimes.get(i) - previousOver) : 0;
            // A sweep step runs warm workers whose outputs the bridge does not verify again (PartitionSweep).
            stacks.add(new Scenario.Stack(stackTimes.get(i) - t0, gap, label, hub, p, min, max, Boolean.FALSE,
                    starts0.get(i)));
        }
        String simulation = run.run().map(RunInfo::simulation).orElse("a measured run");
        long last = java.util.Arrays.stream(lastCompletion).max().orElse(0);
        long loadEnd = run.timeline().of(LoadMarker.class).stream().filter(m -> "load-end".equals(m.phase()))
                .mapToLong(LoadMarker::t).max().orElse(last);
        return new Scenario("replay of " + simulation + " (" + run.label() + ")", t0, stacks, arrivals, idles,
                Math.max(0, loadEnd - last));
    }

    /**
     * Each stack's pods' measured starts (Running to Ready), in the order they started: inputs of the replay, as the
     * arrivals are; null for a stack whose pods the timeline does not show starting.
     */
    static List<Distribution> podStarts(RunReader run, List<Long> stackTimes) {
        Map<String, Long> running = new HashMap<>();
        List<List<long[]>> perStack = new ArrayList<>();
        stackTimes.forEach(t -> perStack.add(new ArrayList<>()));
        for (TimelineEvent e : run.timeline().events()) {
            if (e instanceof PodPhase pod && pod.pod() != null) {
                if ("Running".equals(pod.phase()) && pod.reason() == null) {
                    running.put(pod.pod(), pod.t());
                } else if ("Ready".equals(pod.phase()) && running.containsKey(pod.pod())) {
                    long from = running.remove(pod.pod());
                    perStack.get(stackAt(stackTimes, from)).add(new long[] {from, pod.t() - from});
                } else if (!"Ready".equals(pod.phase())) {
                    running.remove(pod.pod());
                }
            }
        }
        List<Distribution> out = new ArrayList<>();
        for (List<long[]> starts : perStack) {
            starts.sort(java.util.Comparator.comparingLong(s -> s[0]));
            out.add(starts.isEmpty() ? null : new Distribution.Sequence(starts.stream().mapToDouble(s -> s[1]).toArray()));
        }
        return out;
    }

    private static int stackAt(List<Long> stackTimes, long at) {
        int index = 0;
        for (int i = 0; i < stackTimes.size(); i++) {
            if (stackTimes.get(i) <= at) {
                index = i;
            }
        }
        return index;
    }

    private static String hub(RunReader run) {
        return run.run().map(r -> r.setting("taskHub")).map(node -> {
            try {
                return io.durascale.run.RunJson.MAPPER.treeToValue(node, SimulatedRun.TaskHubSetting.class).hub();
            } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
                return null;
            }
        }).orElse("DurascaleHub");
    }
}
