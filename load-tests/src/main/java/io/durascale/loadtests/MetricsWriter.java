package io.durascale.loadtests;

import io.durascale.run.figures.RunFigures.Orchestration;
import io.durascale.run.figures.RunFigures.Step;
import io.durascale.loadtests.probe.BlockProbe;
import io.durascale.loadtests.probe.LatencyHistograms;
import io.durascale.loadtests.probe.MachineCpu;
import io.durascale.loadtests.targets.LoadTarget;
import io.durascale.run.LatencySummary;
import io.durascale.run.Metrics;
import io.durascale.run.Metrics.PartitionStep;
import io.durascale.run.Metrics.ScaleToZero;
import io.durascale.run.Metrics.ScaleUp;
import io.durascale.run.RunDirectory;
import io.durascale.run.RunFile;
import io.durascale.run.RunReader;
import io.durascale.run.figures.RunFigures;
import io.durascale.run.figures.RunFigures.BlockTimes;
import io.durascale.run.timeline.TimelineEvent;
import io.durascale.run.timeline.TimelineFile;
import io.durascale.run.figures.OrchestrationTierFigures;
import io.durascale.pipeline.taskhub.TaskHubClient;
import io.durascale.pipeline.taskhub.model.HistoryEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Builds a load run's {@link Metrics} from what its parts measured — the timeline, the ledger's
 * orchestrations, the sweep's steps, the block probe's output times, the latency histograms and the
 * machine's CPU — with {@link RunFigures}' definitions, and writes {@code metrics.json} and the
 * {@code latency/} files.
 */
final class MetricsWriter {

    private final LoadSettings settings;
    private final String simulation;
    private final RunDirectory run;
    private final LoadTarget target;
    private final OrchestrationLedger ledger;
    private final PartitionSweep sweep;
    private final BlockProbe blocks;
    private final LatencyHistograms histograms;
    private final MachineCpu machineCpu;

    MetricsWriter(LoadSettings settings, String simulation, RunDirectory run, LoadTarget target, OrchestrationLedger ledger,
                  PartitionSweep sweep, BlockProbe blocks, LatencyHistograms histograms, MachineCpu machineCpu) {
        this.settings = settings;
        this.simulation = simulation;
        this.run = run;
        this.target = target;
        this.ledger = ledger;
        this.sweep = sweep;
        this.blocks = blocks;
        this.histograms = histograms;
        this.machineCpu = machineCpu;
    }

    /** Writes the histograms into {@code latency/}, then {@code metrics.json}; returns what it wrote. */
    Metrics write() {
        histograms.writeTo(run);
        Metrics metrics = metrics(readTimeline());
        run.write(metrics);
        return metrics;
    }

    private List<TimelineEvent> readTimeline() {
        Path file = run.file(RunFile.TIMELINE);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return TimelineFile.read(file).events();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private Metrics metrics(List<TimelineEvent> timeline) {
        List<Orchestration> finished = ledger.finished();
        ScaleUp scaleUp;
        ScaleToZero scaleToZero = null;
        Metrics.OrchestrationTier orchestrationTier = null;
        // Scale-up and scale to zero are measured on the run's own first step; a partition sweep's
        // steps restart the stack with warm workers, so they say nothing about either.
        if (finished.stream().anyMatch(o -> o.step() == 0)) {
            List<BlockTimes> firstStep = blocks.blocks().stream()
                    .filter(b -> ledger.finished(b.instanceId()).map(o -> o.step() == 0).orElse(false))
                    .map(b -> new BlockTimes(b.enqueuedAt().toEpochMilli(), b.completedAt().toEpochMilli())).toList();
            scaleUp = RunFigures.scaleUp(timeline, firstStep, settings.jobsQueue());
            if (scaleUp.firstEnqueue() != null) {
                long t0 = scaleUp.firstEnqueue();
                long lastEnqueue = firstStep.stream().mapToLong(BlockTimes::enqueuedAt).max().orElse(t0);
                long emptyAt = RunFigures.drainedAt(timeline, firstStep, settings.jobsQueue(), t0, lastEnqueue);
                // The replicas of the first stack only: a sweep's later stacks start their own deployments.
                List<TimelineEvent> untilSweep = timeline.stream().filter(e -> e.t() < sweep.firstStepEndedAt()).toList();
                PodPrice price = PodPrice.of(settings, run);
                scaleToZero = RunFigures.scaleToZero(untilSweep, emptyAt, price.perPodHour(), price.source());
            }
            orchestrationTier = orchestrationTier(timeline, finished, firstStep);
        } else {
            scaleUp = ScaleUp.notMeasured("not measured: a partition sweep runs each step with warm workers");
        }
        Map<String, LatencySummary> latency = new LinkedHashMap<>();
        histograms.summaries().forEach((name, summary) -> latency.put(RunReader.camelCase(name), summary));
        Integer withoutMetadata = blocks.unreadable() > 0 ? (int) blocks.unreadable() : null;
        return new Metrics(target.embedded() ? "embedded" : "cluster",
                new Metrics.Emulated(target.embedded(), target.storage().isEmulator()), simulation, scaleUp, scaleToZero,
                orchestrationTier, throughput(finished), latency, ledger.counts(), withoutMetadata, ledger.lastVerdict().orElse(null),
                List.of());
    }

    /**
     * The first stack's orchestration tier from zero and back, when it was scaled ({@link OrchestrationTierFigures};
     * null otherwise). The first episode is the first history event after the start of the earliest orchestration.
     */
    private Metrics.OrchestrationTier orchestrationTier(List<TimelineEvent> timeline, List<Orchestration> finished,
                                                        List<BlockTimes> firstStep) {
        List<Orchestration> first = finished.stream().filter(o -> o.step() == 0).toList();
        List<TimelineEvent> untilSweep = timeline.stream().filter(e -> e.t() < sweep.firstStepEndedAt()).toList();
        List<Long> starts = first.stream().map(Orchestration::startedAt).toList();
        Long firstEpisode = !settings.scaledOrchestrationTier() ? null
                : first.stream().min(java.util.Comparator.comparingLong(Orchestration::startedAt))
                        .flatMap(this::firstEpisodeAt).orElse(null);
        return OrchestrationTierFigures.of(untilSweep, starts, firstEpisode, firstStep, settings.jobsQueue()).orElse(null);
    }

    /** When the orchestration's first episode was committed: its first history event after ExecutionStarted. */
    private java.util.Optional<Long> firstEpisodeAt(Orchestration orchestration) {
        if (!target.embedded()) {
            return java.util.Optional.empty();
        }
        try {
            TaskHubClient client = TaskHubClient.connect(target.storage(), settings.hub(), settings.partitions());
            return client.history(orchestration.id()).stream().filter(e -> !(e instanceof HistoryEvent.ExecutionStarted))
                    .map(e -> e.timestamp().toEpochMilli()).findFirst();
        } catch (RuntimeException e) {
            return java.util.Optional.empty(); // purged, or the hub is gone: the figure is noted as unknown
        }
    }

    /** One row per step that ran orchestrations; with a sweep, only its steps measure partitions. */
    private List<PartitionStep> throughput(List<Orchestration> finished) {
        List<Step> steps = sweep.steps(finished);
        // The burst before a sweep scales workers from zero: it measures scaling, not partitions.
        boolean swept = sweep.swept();
        List<PartitionStep> rows = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            int index = i;
            if (swept && steps.get(i).label().equals(PartitionSweep.FIRST)) {
                continue;
            }
            List<Orchestration> inStep = finished.stream().filter(o -> o.step() == index).toList();
            if (inStep.isEmpty()) {
                continue;
            }
            PartitionStep row = RunFigures.throughput(steps.get(i), inStep);
            long from = inStep.stream().mapToLong(Orchestration::startedAt).min().orElseThrow();
            long to = inStep.stream().filter(Orchestration::completed).mapToLong(Orchestration::finishedAt).max()
                    .orElse(from);
            OptionalDouble cpu = MachineCpu.mean(machineCpu.samples(), from, to);
            Metrics.MachineCpu machine = cpu.isPresent() ? new Metrics.MachineCpu(RunFigures.round(cpu.getAsDouble(), 2),
                    machineCpu.cores(), settings.embedded() ? "every part of the embedded stack and the load generator"
                    : "the load generator's machine only") : null;
            String limitedBy = row.orchestrationsPerSecond() == null ? null : RunFigures.limitedBy(row.fractionOfBound(),
                    settings.embedded() && cpu.isPresent() ? cpu.getAsDouble() : null);
            rows.add(row.withMachineCpu(machine, limitedBy));
        }
        return rows;
    }
}
