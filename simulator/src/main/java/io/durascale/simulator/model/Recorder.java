package io.durascale.simulator.model;

import io.durascale.run.LatencyHistogramFiles;
import io.durascale.run.LatencySummary;
import io.durascale.run.RunDirectory;
import io.durascale.run.figures.RunFigures;
import io.durascale.run.timeline.Timeline;
import io.durascale.run.timeline.TimelineEvent;
import io.durascale.run.timeline.TimelineEvent.LoadMarker;
import io.durascale.run.timeline.TimelineEvent.Orchestrations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What a simulated run leaves, recorded as the load tests record a measured one: the timeline (orchestration counts
 * as the client saw them, load markers; the autoscaling writes its own lines), each orchestration as the client saw
 * it, the first step's block times, and the latency histograms with the load tests' names.
 */
public final class Recorder {

    static final String END_TO_END = "orchestration-end-to-end";
    static final String ENQUEUE_TO_OUTPUT = "block-enqueue-to-output";
    static final String BLOCK_COMPUTE = "block-compute";

    private final Timeline timeline;
    private final List<RunFigures.Orchestration> orchestrations = new ArrayList<>();
    private final Map<String, Histogram> histograms = new LinkedHashMap<>();
    private long[] firstStepEnqueued = new long[1024];
    private long[] firstStepCompleted = new long[1024];
    private int firstStepBlocks;
    private int started;
    private int completed;
    private long blocksDone;

    public Recorder(Timeline timeline) {
        this.timeline = timeline;
        for (String name : List.of(BLOCK_COMPUTE, ENQUEUE_TO_OUTPUT, END_TO_END)) {
            histograms.put(name, new Histogram(3));
        }
    }

    public Timeline timeline() {
        return timeline;
    }

    void record(TimelineEvent event) {
        timeline.record(event);
    }

    void marker(long t, String phase, int step) {
        timeline.record(new LoadMarker(t, phase, step));
    }

    void started(long t) {
        started++;
        timeline.record(new Orchestrations(t, started, completed, 0));
    }

    /** The client saw the orchestration completed (at its first status poll after the completion). */
    void finished(Instance instance, long observedAt) {
        completed++;
        timeline.record(new Orchestrations(observedAt, started, completed, 0));
        orchestrations.add(new RunFigures.Orchestration(instance.id, instance.step, instance.partition, instance.startedAt,
                observedAt, "Completed", instance.blocks));
        histograms.get(END_TO_END).recordValue(Math.max(0, observedAt - instance.startedAt));
    }

    void blockDone(Block block) {
        blocksDone++;
        histograms.get(BLOCK_COMPUTE).recordValue(Math.max(0, block.computeMillis));
        histograms.get(ENQUEUE_TO_OUTPUT).recordValue(Math.max(0, block.completedAt - block.enqueuedAt));
        if (block.instance.step == 0) {
            if (firstStepBlocks == firstStepEnqueued.length) {
                firstStepEnqueued = java.util.Arrays.copyOf(firstStepEnqueued, firstStepBlocks * 2);
                firstStepCompleted = java.util.Arrays.copyOf(firstStepCompleted, firstStepBlocks * 2);
            }
            firstStepEnqueued[firstStepBlocks] = block.enqueuedAt;
            firstStepCompleted[firstStepBlocks] = block.completedAt;
            firstStepBlocks++;
        }
    }

    public int startedCount() {
        return started;
    }

    public int completedCount() {
        return completed;
    }

    public long blocksDone() {
        return blocksDone;
    }

    public List<RunFigures.Orchestration> orchestrations() {
        return List.copyOf(orchestrations);
    }

    /** The first step's blocks, for the scale-up figures. */
    public List<RunFigures.BlockTimes> firstStepBlocks() {
        List<RunFigures.BlockTimes> blocks = new ArrayList<>(firstStepBlocks);
        for (int i = 0; i < firstStepBlocks; i++) {
            blocks.add(new RunFigures.BlockTimes(firstStepEnqueued[i], firstStepCompleted[i]));
        }
        return blocks;
    }

    /** The latency summaries by file name, as the load tests' histograms give them. */
    public Map<String, LatencySummary> latencies() {
        Map<String, LatencySummary> all = new LinkedHashMap<>();
        histograms.forEach((name, h) -> {
            if (h.getTotalCount() > 0) {
                all.put(name, LatencyHistogramFiles.summary(name, h));
            }
        });
        return all;
    }

    /** {@code latency/<name>.hgrm} (HdrHistogram's own percentile distribution) and {@code latency/<name>.json}. */
    public void writeLatency(RunDirectory run) {
        histograms.forEach((name, h) -> LatencyHistogramFiles.write(run, name, h));
    }
}
