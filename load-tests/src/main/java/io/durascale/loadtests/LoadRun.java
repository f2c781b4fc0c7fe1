package io.durascale.loadtests;

import io.durascale.core.job.BlobNames;
import io.durascale.loadtests.probe.BlockProbe;
import io.durascale.loadtests.probe.LatencyHistograms;
import io.durascale.loadtests.probe.MachineCpu;
import io.durascale.loadtests.probe.QueueDepthProbe;
import io.durascale.loadtests.targets.ClusterTarget;
import io.durascale.loadtests.targets.EmbeddedTarget;
import io.durascale.loadtests.targets.LoadTarget;
import io.durascale.run.Metrics;
import io.durascale.run.RunDirectory;
import io.durascale.run.RunInfo;
import io.durascale.run.timeline.Timeline;
import io.durascale.run.timeline.TimelineEvent.LoadMarker;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One load test's measuring side, from start to finish: the run directory and its run.json, the target
 * (embedded stack or cluster), and the probes that watch it (queue depth probe, block probe, latency
 * histograms, machine CPU, and the autoscaler's or the Kubernetes observer's timeline). What the
 * scenarios report goes to its {@link #ledger()} and {@link #sweep()}; {@link #finish} has the
 * {@link MetricsWriter} write metrics.json and the histograms; Gatling's own report is copied in at
 * JVM exit ({@link GatlingReportCopier}).
 *
 * <p>A simulation creates one and passes it to its chains; it is Gatling-free, so the probes can be
 * used and tested on their own.
 */
public final class LoadRun implements AutoCloseable {

    private final LoadSettings settings;
    private final String simulation;
    private final Consumer<String> progress;
    private final LatencyHistograms histograms = new LatencyHistograms();
    private final MachineCpu machineCpu = new MachineCpu();
    private Instant startedAt;
    private RunDirectory run;
    private Timeline timeline;
    private LoadTarget target;
    /** The target as the run started (a sweep's restarted stacks rewrite run.json with their own settings). */
    private RunInfo targetDescription;
    private QueueDepthProbe queueDepths;
    private BlockProbe blocks;
    private volatile PartitionSweep sweep;
    private volatile OrchestrationLedger ledger;
    private volatile Metrics written;
    private ProgressLine progressLine;
    /** What the last marker says the load is doing, for the progress line. */
    private volatile String phase = "starting";
    private boolean finished;

    /** A run not yet started: a simulation makes it when it builds its chains and starts it in {@code before()}. */
    public LoadRun(LoadSettings settings, String simulation, Consumer<String> progress) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.simulation = Objects.requireNonNull(simulation, "simulation");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** Creates the run directory, starts the target and the probes, and describes the run in run.json. */
    public synchronized LoadRun start() {
        if (run != null) {
            throw new IllegalStateException("this load run has already been started");
        }
        startedAt = Instant.now();
        run = RunDirectory.create(settings.runDir().orElse(null), "load-test");
        timeline = Timeline.in(run);
        try {
            progress.accept("run directory: " + run.path());
            run.describe(settings.describe().withSimulation(simulation).withStartedAt(startedAt));
            target = settings.embedded() ? EmbeddedTarget.start(settings, run, progress)
                    : ClusterTarget.connect(settings, timeline, progress);
            targetDescription = target.describe(RunInfo.of("load-test"));
            run.describe(targetDescription);
            queueDepths = new QueueDepthProbe(target.storage().queues(), target.hub(), settings.jobsQueue(),
                    settings.monitorInterval(), timeline).start();
            machineCpu.start(Duration.ofMillis(500));
            blocks = new BlockProbe(target.storage().blobs().getBlobContainerClient(BlobNames.OUTPUT_CONTAINER), histograms);
            sweep = new PartitionSweep(settings, target, queueDepths, timeline, progress).openFirst();
            ledger = new OrchestrationLedger(timeline, histograms, sweep::position, blocks::orchestrationFinished);
            progressLine = new ProgressLine(Duration.ofSeconds(5), progress, () -> sweep.position().index() > 0
                    ? "sweep: " + sweep.position().partitions() + " partition(s)" : phase, () -> {
                var counts = ledger.counts();
                return new int[] {counts.started(), counts.completed(), counts.failed()};
            }, () -> queueDepths.jobsDepth().orElse(null), this::replicasOrUnknown);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        GatlingReportCopier copier = new GatlingReportCopier(settings.gatlingResults(), run, startedAt);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> copier.copy(Optional.ofNullable(written)),
                "copy-gatling-report"));
        return this;
    }

    public LoadSettings settings() {
        return settings;
    }

    public LoadTarget target() {
        return started(target);
    }

    public RunDirectory runDirectory() {
        return started(run);
    }

    /** The orchestrations the scenarios start and see finish, and the gates' verdict on them. */
    public OrchestrationLedger ledger() {
        return started(ledger);
    }

    /** The run's steps: the first, then a partition sweep's. */
    public PartitionSweep sweep() {
        return started(sweep);
    }

    private <T> T started(T part) {
        if (part == null) {
            throw new IllegalStateException("the load run has not been started (the simulation's before() starts it)");
        }
        return part;
    }

    /** A load-phase marker in the timeline ({@code load-start}, {@code idle-start}, ...), in the open step. */
    public void marker(String phase) {
        PartitionSweep.Position position = sweep().position();
        started(timeline).record(new LoadMarker(System.currentTimeMillis(), phase, position.index()));
        this.phase = switch (phase) {
            case "load-start" -> "load";
            case "idle-start" -> "idle until zero replicas";
            case "zero-replicas" -> "at zero replicas";
            case "load-end" -> "finishing";
            default -> phase;
        };
    }

    private int replicasOrUnknown() {
        try {
            return target.replicas();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Worker pods that exist now (-1 when the cluster is not watched). */
    public int replicas() {
        return target().replicas();
    }

    /** Orchestration hosts that exist now, when the orchestration tier scales from zero (else 0). */
    public int orchestrationReplicas() {
        return target().orchestrationReplicas();
    }

    /**
     * Closes the last step, stops the probes, writes the histograms and metrics.json, and completes
     * run.json; the target keeps running until {@link #close}. A second call returns the same figures.
     */
    public synchronized Metrics finish() {
        if (finished) {
            return written;
        }
        if (progressLine != null) {
            progressLine.close();
        }
        sweep().close();
        queueDepths.sample();
        queueDepths.close();
        machineCpu.close();
        blocks.drain(Duration.ofSeconds(60));
        written = new MetricsWriter(settings, simulation, run, target, ledger, sweep, blocks, histograms, machineCpu)
                .write();
        RunInfo described = targetDescription.withFinishedAt(Instant.now()).withVersions(versions());
        List<PartitionSweep.StepSetting> steps = sweep.stepSettings();
        run.describe(steps.isEmpty() ? described : described.withSetting("sweep", steps));
        finished = true;
        return written;
    }

    private static Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("durascale", Optional.ofNullable(LoadRun.class.getPackage().getImplementationVersion()).orElse("0.1.0-SNAPSHOT"));
        v.put("gatling", gatlingVersion());
        v.put("java", System.getProperty("java.version"));
        return v;
    }

    private static String gatlingVersion() {
        try {
            Package p = Class.forName("io.gatling.javaapi.core.Simulation").getPackage();
            return p.getImplementationVersion() == null ? "unknown" : p.getImplementationVersion();
        } catch (ClassNotFoundException e) {
            return "not on the classpath";
        }
    }

    /** Finishes (if started and not yet finished) and stops the probes and the target. */
    @Override
    public synchronized void close() {
        try {
            if (!finished && ledger != null) {
                finish();
            }
        } finally {
            if (progressLine != null) {
                progressLine.close();
            }
            if (queueDepths != null) {
                queueDepths.close();
            }
            machineCpu.close();
            if (blocks != null) {
                blocks.close();
            }
            if (target != null) {
                target.close();
            }
            if (timeline != null) {
                timeline.close();
            }
        }
    }
}
