package io.durascale.loadtests;

import io.durascale.loadtests.PartitionSweep.Position;
import io.durascale.run.figures.RunFigures.Orchestration;
import io.durascale.loadtests.probe.LatencyHistograms;
import io.durascale.pipeline.taskhub.TaskHubNames;
import io.durascale.run.LatencySummary;
import io.durascale.run.Metrics.OrchestrationCounts;
import io.durascale.run.timeline.Timeline;
import io.durascale.run.timeline.TimelineEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The orchestrations a load test ran, as its scenarios report them: each start request the API
 * accepted, each end the status polls saw, and the gates' verdict on them. Every change of the counts
 * is an {@code orchestrations} line in the timeline; each completion's end-to-end time goes into the
 * {@code orchestration-end-to-end} histogram. An orchestration belongs to the sweep step it was
 * started in, and its partition is the one its instance id hashes to there.
 */
public final class OrchestrationLedger {

    /** The histogram of completed orchestrations' start request to seen-finished times. */
    static final String END_TO_END = "orchestration-end-to-end";

    private final Timeline timeline;
    private final LatencyHistograms histograms;
    private final Supplier<Position> step;
    private final Consumer<String> whenFinished;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Orchestration> finished = new ConcurrentHashMap<>();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile String verdict;

    /**
     * @param step         the sweep step a start request belongs to, asked at each start
     * @param whenFinished told each finished orchestration's instance id (the block probe reads its outputs)
     */
    public OrchestrationLedger(Timeline timeline, LatencyHistograms histograms, Supplier<Position> step,
                               Consumer<String> whenFinished) {
        this.timeline = timeline;
        this.histograms = histograms;
        this.step = step;
        this.whenFinished = whenFinished;
    }

    /** An orchestration started and not yet seen to finish. */
    private record Pending(long requestedAt, Position step) {
    }

    /** An orchestration was accepted (202); {@code requestedAt} is when its start request was sent. */
    public void started(String instanceId, long requestedAt) {
        pending.put(instanceId, new Pending(requestedAt, step.get()));
        started.incrementAndGet();
        recordCounts();
    }

    /**
     * An orchestration's end as the scenario saw it; an id never started here is ignored.
     *
     * @param status the runtime status ({@code Completed}, {@code Failed}, ...) or {@code TimedOut}
     * @param blocks the events it consumed (its blocks), 0 if unknown
     */
    public void finished(String instanceId, String status, long observedAt, int blocks) {
        Pending p = pending.remove(instanceId);
        if (p == null) {
            return;
        }
        int partition = TaskHubNames.partitionOf(instanceId, p.step().partitions());
        Orchestration o = new Orchestration(instanceId, p.step().index(), partition, p.requestedAt(), observedAt, status,
                blocks);
        finished.put(instanceId, o);
        if (o.completed()) {
            completed.incrementAndGet();
            histograms.record(END_TO_END, observedAt - p.requestedAt());
        } else {
            failed.incrementAndGet();
        }
        recordCounts();
        whenFinished.accept(instanceId);
    }

    private void recordCounts() {
        timeline.record(new TimelineEvent.Orchestrations(System.currentTimeMillis(), started.get(), completed.get(),
                failed.get()));
    }

    /** Orchestrations started and not yet seen to finish. */
    public int inFlight() {
        return pending.size();
    }

    /** Every orchestration seen to finish. */
    public List<Orchestration> finished() {
        return List.copyOf(finished.values());
    }

    /** The orchestrations of one sweep step that were seen to finish. */
    public List<Orchestration> finishedIn(int stepIndex) {
        return finished.values().stream().filter(o -> o.step() == stepIndex).toList();
    }

    /** A finished orchestration by its instance id. */
    public Optional<Orchestration> finished(String instanceId) {
        return Optional.ofNullable(finished.get(instanceId));
    }

    /** The counts for metrics.json; unfinished ones are those still in flight. */
    public OrchestrationCounts counts() {
        return new OrchestrationCounts(started.get(), completed.get(), failed.get(), pending.size());
    }

    /**
     * The gates' verdict on what has been measured so far: {@code "all gates pass"}, or each breach
     * in a sentence. Kept for metrics.json ({@link #lastVerdict}).
     */
    public String verdict(LoadGates gates) {
        List<String> failures = new ArrayList<>();
        Optional<LatencySummary> e2e = histograms.summary(END_TO_END);
        if (gates.orchestrationP95Ms() != null || gates.orchestrationMaxMs() != null) {
            if (e2e.isEmpty()) {
                failures.add("no orchestration completed, so its end-to-end time cannot be checked");
            } else {
                long p95 = e2e.get().p95().longValue();
                long max = e2e.get().max().longValue();
                if (gates.orchestrationP95Ms() != null && p95 > gates.orchestrationP95Ms()) {
                    failures.add("orchestration end-to-end p95 " + p95 + " ms is above " + gates.orchestrationP95Ms() + " ms");
                }
                if (gates.orchestrationMaxMs() != null && max > gates.orchestrationMaxMs()) {
                    failures.add("orchestration end-to-end max " + max + " ms is above " + gates.orchestrationMaxMs() + " ms");
                }
            }
        }
        int notCompleted = failed.get() + pending.size();
        if (gates.maxFailedOrchestrations() != null && notCompleted > gates.maxFailedOrchestrations()) {
            failures.add(notCompleted + " orchestration(s) failed or did not finish (at most "
                    + gates.maxFailedOrchestrations() + " allowed)");
        }
        String v = failures.isEmpty() ? "all gates pass" : String.join("; ", failures);
        verdict = v;
        return v;
    }

    /** The last verdict given, if the gates were checked. */
    public Optional<String> lastVerdict() {
        return Optional.ofNullable(verdict);
    }
}
