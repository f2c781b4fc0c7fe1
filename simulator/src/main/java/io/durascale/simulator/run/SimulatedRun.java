package io.durascale.simulator.run;

import io.durascale.run.LatencySummary;
import io.durascale.run.Metrics;
import io.durascale.run.Metrics.PartitionStep;
import io.durascale.run.Metrics.ScaleToZero;
import io.durascale.run.Metrics.ScaleUp;
import io.durascale.run.RunDirectory;
import io.durascale.run.RunFile;
import io.durascale.run.RunInfo;
import io.durascale.run.RunReader;
import io.durascale.run.figures.RunFigures;
import io.durascale.run.figures.RunFigures.BlockTimes;
import io.durascale.run.figures.RunFigures.Orchestration;
import io.durascale.run.timeline.TimelineEvent;
import io.durascale.run.timeline.TimelineFile;
import io.durascale.simulator.model.ClusterSettings;
import io.durascale.simulator.model.Recorder;
import io.durascale.simulator.model.Scenario;
import io.durascale.simulator.model.Simulation;
import io.durascale.simulator.model.Storage;
import io.durascale.simulator.profile.Parameter;
import io.durascale.simulator.profile.Profile;
import io.durascale.core.job.JobQueues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a simulated run into a run directory as the load tests write a measured one — {@code run.json} (kind
 * {@code simulated}, with the profile and every value's source), {@code timeline.jsonl} (written while it ran),
 * {@code latency/} and {@code metrics.json} with the same figure definitions ({@link RunFigures}) — so the report and
 * the gate read it unchanged.
 */
public final class SimulatedRun {

    /** The kind and target a simulated run's run.json and metrics.json carry. */
    public static final String KIND = "simulated";

    /** run.json's {@code simulated}: how the simulation itself went. */
    public record Execution(long events, long wallMillis, double eventsPerSecond, boolean finished, long simulatedMillis,
                            long podsStarted, Storage.Counts storageOperations, String note) {
    }

    /** run.json's {@code workload} for a simulated run. */
    public record Workload(String scenario, int orchestrations, long blocks, int stacks) {
    }

    private SimulatedRun() {
    }

    /** Everything but the timeline (already written) into {@code run}; returns metrics.json's record. */
    public static Metrics write(RunDirectory run, Profile profile, Scenario scenario, Recorder recorder,
                                Simulation.Outcome outcome, long wallMillis) {
        recorder.writeLatency(run);
        Metrics metrics = metrics(run, profile, scenario, recorder, outcome);
        run.write(metrics);
        ClusterSettings cluster = ClusterSettings.of(profile, null, null);
        long blocks = scenario.arrivals().stream().mapToLong(Scenario.Arrival::blocks).sum();
        String note = outcome.finished() ? null : "stopped at the horizon (" + profile.setting(Parameter.HORIZON).text()
                + ") before every orchestration finished";
        run.describe(RunInfo.of(KIND).withTarget(KIND).withSimulation(scenario.simulation())
                .withStartedAt(Instant.ofEpochMilli(outcome.startedAt())).withFinishedAt(Instant.ofEpochMilli(outcome.endedAt()))
                .withVersions(Map.of("durascale", version(), "java", System.getProperty("java.version")))
                .withWorkload(new Workload(scenario.simulation(), scenario.arrivals().size(), blocks, scenario.stacks().size()))
                .withSetting("profile", profile.describe())
                .withSetting("taskHub", new TaskHubSetting(scenario.stacks().get(0).hub(), scenario.stacks().get(0).partitions()))
                .withSetting("keda", cluster.keda()).withSetting("hpaController", cluster.hpa())
                .withSetting("nodePool", cluster.nodePool())
                .withSetting(KIND, new Execution(outcome.events(), wallMillis,
                        wallMillis == 0 ? 0 : Math.round(outcome.events() * 1000.0 / wallMillis), outcome.finished(),
                        outcome.endedAt() - outcome.startedAt(), outcome.podsStarted(), outcome.storageOps(), note)));
        return metrics;
    }

    /** run.json's {@code taskHub}, as the embedded target writes it. */
    public record TaskHubSetting(String hub, int partitions) {
    }

    static Metrics metrics(RunDirectory run, Profile profile, Scenario scenario, Recorder recorder,
                           Simulation.Outcome outcome) {
        List<TimelineEvent> timeline = readTimeline(run);
        List<Orchestration> finished = recorder.orchestrations();
        String jobs = JobQueues.DEFAULT_QUEUE;
        ScaleUp scaleUp;
        ScaleToZero scaleToZero = null;
        if (finished.stream().anyMatch(o -> o.step() == 0)) {
            List<BlockTimes> firstStep = recorder.firstStepBlocks();
            scaleUp = RunFigures.scaleUp(timeline, firstStep, jobs);
            if (scaleUp.firstEnqueue() != null) {
                long t0 = scaleUp.firstEnqueue();
                long lastEnqueue = firstStep.stream().mapToLong(BlockTimes::enqueuedAt).max().orElse(t0);
                long emptyAt = RunFigures.drainedAt(timeline, firstStep, jobs, t0, lastEnqueue);
                long firstStepEnd = outcome.steps().size() > 1 ? outcome.steps().get(1).startedAt() : Long.MAX_VALUE;
                List<TimelineEvent> untilSweep = timeline.stream().filter(e -> e.t() < firstStepEnd).toList();
                double price = RunFigures.round(profile.number(Parameter.NODE_PRICE_PER_HOUR)
                        / profile.integer(Parameter.PODS_PER_NODE), 5);
                scaleToZero = RunFigures.scaleToZero(untilSweep, emptyAt, price, "profile: nodePricePerHour ("
                        + profile.text(Parameter.NODE_SKU) + ") / podsPerNode");
            }
        } else {
            scaleUp = ScaleUp.notMeasured("no orchestration of the first step finished");
        }
        Map<String, LatencySummary> latency = new LinkedHashMap<>();
        recorder.latencies().forEach((name, summary) -> latency.put(RunReader.camelCase(name), summary));
        int started = recorder.startedCount();
        int completed = recorder.completedCount();
        return new Metrics(KIND, null, scenario.simulation(), scaleUp, scaleToZero, null, throughput(profile, outcome, finished),
                latency, new Metrics.OrchestrationCounts(started, completed, 0, started - completed), null, null, List.of());
    }

    /** One row per step, as the load tests write them: with a sweep, the first (scale-up) step is left out. */
    private static List<PartitionStep> throughput(Profile profile, Simulation.Outcome outcome, List<Orchestration> finished) {
        boolean swept = outcome.steps().size() > 1;
        List<PartitionStep> rows = new ArrayList<>();
        for (int i = 0; i < outcome.steps().size(); i++) {
            int index = i;
            Simulation.StepInfo step = outcome.steps().get(i);
            if (swept && i == 0) {
                continue;
            }
            List<Orchestration> inStep = finished.stream().filter(o -> o.step() == index).toList();
            if (inStep.isEmpty()) {
                continue;
            }
            Map<String, Long> ops = new LinkedHashMap<>();
            ops.put("queue", Math.round(step.storageOps().queue()));
            ops.put("table", Math.round(step.storageOps().table()));
            ops.put("blob", Math.round(step.storageOps().blob()));
            Double bound = storageBound(profile, step.storageOps(), inStep.size());
            Metrics.Backend backend = new Metrics.Backend(boxed(step.episodesPerPartition()),
                    boxed(step.queuedMessagesPerPartition()), ops, bound == null ? null
                    : "simulated: every storage operation of the step (not only the task hub's) at the profile's "
                            + (profile.number(Parameter.MACHINE_CORES) > 0 ? "machine CPU per operation"
                            : "account request-rate target"));
            PartitionStep row = RunFigures.throughput(new RunFigures.Step(step.label(), step.hub(), step.partitions(),
                    backend, bound), inStep);
            rows.add(row.withMachineCpu(null, row.orchestrationsPerSecond() == null ? null
                    : RunFigures.limitedBy(row.fractionOfBound(), null)));
        }
        return rows;
    }

    /** Orchestrations per second the storage would allow for the step's mix of operations. */
    private static Double storageBound(Profile profile, Storage.Counts ops, int orchestrations) {
        double perOrchestration = ops.total() / orchestrations;
        if (perOrchestration <= 0) {
            return null;
        }
        double cores = profile.number(Parameter.MACHINE_CORES);
        double opCpu = profile.duration(Parameter.STORAGE_OP_CPU).toNanos() / 1e9;
        double opsPerSecond = cores > 0 && opCpu > 0 ? cores / opCpu
                : profile.number(Parameter.ACCOUNT_REQUESTS_PER_SECOND);
        return opsPerSecond / perOrchestration;
    }

    private static List<Long> boxed(long[] values) {
        List<Long> list = new ArrayList<>(values.length);
        for (long v : values) {
            list.add(v);
        }
        return list;
    }

    private static List<TimelineEvent> readTimeline(RunDirectory run) {
        try {
            return TimelineFile.read(run.file(RunFile.TIMELINE)).events();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back " + run.file(RunFile.TIMELINE) + ": " + e.getMessage(), e);
        }
    }

    static String version() {
        String v = SimulatedRun.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
