package io.durascale.loadtests;

import io.durascale.loadtests.RunMetrics.Orchestration;
import io.durascale.loadtests.RunMetrics.Step;
import io.durascale.loadtests.RunMetrics.TimelineRecord;
import io.durascale.loadtests.probe.BlockProbe;
import io.durascale.loadtests.probe.BlockProbe.BlockTimes;
import io.durascale.loadtests.probe.LatencyHistograms;
import io.durascale.loadtests.probe.MachineCpu;
import io.durascale.loadtests.probe.TaskHubMonitor;
import io.durascale.loadtests.targets.ClusterTarget;
import io.durascale.loadtests.targets.EmbeddedTarget;
import io.durascale.loadtests.targets.LoadTarget;
import io.durascale.pipeline.taskhub.StorageBound;
import io.durascale.pipeline.taskhub.StorageOps;
import io.durascale.pipeline.taskhub.TaskHub;
import io.durascale.pipeline.taskhub.TaskHubNames;
import io.durascale.pipeline.taskhub.TaskHubStats;
import io.durascale.run.RunDirectory;
import io.durascale.run.timeline.Timeline;
import io.durascale.core.job.BlobNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One load test's measuring side, for the whole JVM: the target (embedded stack or cluster), the
 * run directory, the probes that watch it (task hub monitor, block probe, latency histograms, and
 * the autoscaler's or the Kubernetes observer's timeline), the orchestrations the scenarios report,
 * and the steps of a partition sweep. {@link #finish} writes {@code metrics.json} and the
 * histograms; a shutdown hook copies Gatling's own report into the run directory once Gatling has
 * written it.
 *
 * <p>Scenarios reach it through {@link #current()}; it is Gatling-free so the probes can be used
 * and tested on their own.
 */
public final class LoadRun implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoadRun.class);
    private static volatile LoadRun current;

    private final LoadSettings settings;
    private final String simulation;
    private final Consumer<String> progress;
    private final RunDirectory run;
    private final Timeline timeline;
    private final Instant startedAt = Instant.now();
    private final LatencyHistograms histograms = new LatencyHistograms();
    private final MachineCpu machineCpu = new MachineCpu();
    private final Map<String, Orchestration> orchestrations = new ConcurrentHashMap<>();
    private final Map<String, Pending> startTimes = new ConcurrentHashMap<>();
    private final List<Step> steps = new CopyOnWriteArrayList<>();
    /** When the first step change was asked for: the first stack's records end there. */
    private volatile long firstStepEndedAt = Long.MAX_VALUE;
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private LoadTarget target;
    private TaskHubMonitor monitor;
    /** The target as the run started (a sweep's restarted stacks rewrite run.json with their own settings). */
    private Map<String, Object> targetDescription = Map.of();
    private BlockProbe blocks;
    private volatile int stepIndex;
    private volatile int stepPartitions;
    private volatile boolean stepReady;
    private volatile String stepFailure;
    private volatile StepCounters stepCounters;
    private StorageBound.Rates storageRates;
    private boolean finished;
    private volatile String gateVerdict;

    private LoadRun(LoadSettings settings, String simulation, Consumer<String> progress) {
        this.settings = settings;
        this.simulation = simulation;
        this.progress = progress;
        this.run = RunDirectory.create(settings.runDir().orElse(null), "load-test");
        this.timeline = Timeline.in(run);
    }

    /** Starts the target and the probes; the one run of this JVM until it finishes. */
    public static synchronized LoadRun start(LoadSettings settings, String simulation, Consumer<String> progress) {
        if (current != null && !current.finished) {
            throw new IllegalStateException("a load run is already going on in this JVM");
        }
        LoadRun loadRun = new LoadRun(settings, simulation, progress);
        try {
            loadRun.startProbes();
        } catch (RuntimeException e) {
            loadRun.close();
            throw e;
        }
        current = loadRun;
        return loadRun;
    }

    /** The run going on in this JVM. */
    public static LoadRun current() {
        LoadRun r = current;
        if (r == null) {
            throw new IllegalStateException("no load run has been started (the simulation's before() starts it)");
        }
        return r;
    }

    private void startProbes() {
        progress.accept("run directory: " + run.path());
        Map<String, Object> described = new LinkedHashMap<>(settings.describe());
        described.put("kind", "load-test");
        described.put("simulation", simulation);
        described.put("startedAt", startedAt.toString());
        run.describe(described);
        target = settings.embedded() ? EmbeddedTarget.start(settings, run, progress)
                : ClusterTarget.connect(settings, timeline, progress);
        targetDescription = target.describe();
        run.describe(targetDescription);
        monitor = new TaskHubMonitor(target.storage().queues(), target.hub(), settings.jobsQueue(),
                settings.monitorInterval(), timeline).start();
        machineCpu.start(Duration.ofMillis(500));
        blocks = new BlockProbe(target.storage().blobs().getBlobContainerClient(BlobNames.OUTPUT_CONTAINER), histograms);
        int partitions = target instanceof EmbeddedTarget e ? e.partitions() : discoveredPartitions();
        openStep("run", target.hub(), partitions);
        stepReady = true;
        Runtime.getRuntime().addShutdownHook(new Thread(this::copyGatlingReport, "copy-gatling-report"));
    }

    private int discoveredPartitions() {
        int found = monitor.controlQueues().size();
        if (found == 0) {
            progress.accept("task hub: no " + target.hub().toLowerCase(java.util.Locale.ROOT)
                    + "-control-NN queues found; assuming " + settings.partitions() + " partitions (-Dhub, -Dpartitions)");
            return settings.partitions();
        }
        progress.accept("task hub: " + target.hub() + " has " + found + " control queues (partitions)");
        return found;
    }

    public LoadSettings settings() {
        return settings;
    }

    public LoadTarget target() {
        return target;
    }

    public RunDirectory runDirectory() {
        return run;
    }

    public Timeline timeline() {
        return timeline;
    }

    // ---- what scenarios report ----

    /** A load-phase marker in the timeline ({@code burst-start}, {@code idle-start}, ...). */
    public void marker(String phase) {
        timeline.record("load", Map.of("phase", phase, "step", stepIndex));
    }

    /** An orchestration was accepted (202); {@code requestedAt} is when its start request was sent. */
    public void started(String instanceId, long requestedAt) {
        startTimes.put(instanceId, new Pending(requestedAt, stepIndex, stepPartitions));
        started.incrementAndGet();
        recordCounts();
    }

    /**
     * An orchestration's end as the scenario saw it.
     *
     * @param status the runtime status ({@code Completed}, {@code Failed}, ...) or {@code TimedOut}
     * @param blocks the events it consumed (its blocks), 0 if unknown
     */
    public void finished(String instanceId, String status, long observedAt, int blocks) {
        Pending pending = startTimes.remove(instanceId);
        if (pending == null) {
            return;
        }
        long requestedAt = pending.requestedAt();
        int partition = TaskHubNames.partitionOf(instanceId, pending.partitions());
        Orchestration o = new Orchestration(instanceId, pending.step(), partition, requestedAt, observedAt, status, blocks);
        orchestrations.put(instanceId, o);
        if (o.completed()) {
            completed.incrementAndGet();
            histograms.record("orchestration-end-to-end", observedAt - requestedAt);
        } else {
            failed.incrementAndGet();
        }
        recordCounts();
        this.blocks.orchestrationFinished(instanceId);
    }

    /** An orchestration started and not yet seen to finish. */
    private record Pending(long requestedAt, int step, int partitions) {
    }

    private void recordCounts() {
        timeline.record("orchestrations", Map.of("started", started.get(), "completed", completed.get(),
                "failed", failed.get()));
    }

    /**
     * The gates' verdict on what has been measured so far: {@code "all gates pass"}, or each breach
     * in a sentence. Kept for metrics.json.
     */
    public String gateFailures(LoadGates gates) {
        List<String> failures = new ArrayList<>();
        Map<String, Object> e2e = histograms.summary("orchestration-end-to-end");
        if (gates.orchestrationP95Ms() != null || gates.orchestrationMaxMs() != null) {
            if (e2e == null) {
                failures.add("no orchestration completed, so its end-to-end time cannot be checked");
            } else {
                long p95 = ((Number) e2e.get("p95")).longValue();
                long max = ((Number) e2e.get("max")).longValue();
                if (gates.orchestrationP95Ms() != null && p95 > gates.orchestrationP95Ms()) {
                    failures.add("orchestration end-to-end p95 " + p95 + " ms is above " + gates.orchestrationP95Ms() + " ms");
                }
                if (gates.orchestrationMaxMs() != null && max > gates.orchestrationMaxMs()) {
                    failures.add("orchestration end-to-end max " + max + " ms is above " + gates.orchestrationMaxMs() + " ms");
                }
            }
        }
        int notCompleted = failed.get() + startTimes.size();
        if (gates.maxFailedOrchestrations() != null && notCompleted > gates.maxFailedOrchestrations()) {
            failures.add(notCompleted + " orchestration(s) failed or did not finish (at most "
                    + gates.maxFailedOrchestrations() + " allowed)");
        }
        String verdict = failures.isEmpty() ? "all gates pass" : String.join("; ", failures);
        gateVerdict = verdict;
        return verdict;
    }

    /** Orchestrations started and not yet seen to finish. */
    public int inFlight() {
        return startTimes.size();
    }

    /** Worker pods that exist now (-1 when the cluster is not watched). */
    public int replicas() {
        return target.replicas();
    }

    // ---- partition-sweep steps ----

    /**
     * Begins the next step at {@code partitions} in the background. Embedded: the stack restarts
     * with a fresh task hub of that many partitions and {@code -DsweepWorkers} warm workers, so the
     * step measures the hub rather than scale-up. Cluster: the hub is what is deployed, so a step
     * only marks time. {@link #stepReady()} turns true when load may start.
     */
    public synchronized void beginStep(int partitions) {
        if (firstStepEndedAt == Long.MAX_VALUE) {
            firstStepEndedAt = System.currentTimeMillis();
        }
        stepReady = false;
        stepFailure = null;
        closeStep();
        Thread starter = new Thread(() -> {
            try {
                if (target instanceof EmbeddedTarget embedded) {
                    if (storageRates == null) {
                        progress.accept("storage bound: measuring the storage's own operation rates...");
                        storageRates = new StorageBound(target.storage(), Duration.ofSeconds(1)).measure();
                        progress.accept("storage bound: " + storageRates.perSecond());
                    }
                    String hub = "Sweep" + partitions + "x" + suffix();
                    progress.accept("step: " + partitions + " partition(s), task hub " + hub + ", "
                            + settings.sweepWorkers() + " warm worker(s), outputs not re-verified");
                    // Without output verification: the bridge would recompute every block in this JVM, and the
                    // step is about the task hub's partitions, not the kernels.
                    embedded.restart(hub, partitions, EmbeddedTarget.fixedWorkers(settings, settings.sweepWorkers()), false);
                    monitor.watchHub(hub);
                    awaitWorkers(embedded, settings.sweepWorkers(), Duration.ofSeconds(90));
                    openStep(partitions + "-partitions", hub, partitions);
                } else {
                    openStep(partitions + "-partitions", target.hub(), discoveredPartitions());
                }
                marker("step-start");
                stepReady = true;
            } catch (Exception e) {
                stepFailure = e.getMessage() == null ? e.toString() : e.getMessage();
                log.error("the step at {} partitions could not start: {}", partitions, stepFailure);
                stepReady = true;
            }
        }, "step-" + partitions);
        starter.setDaemon(true);
        starter.start();
    }

    /** True when the step's target is up and load may start (also after a failure, see {@link #stepFailure()}). */
    public boolean stepReady() {
        return stepReady;
    }

    public Optional<String> stepFailure() {
        return Optional.ofNullable(stepFailure);
    }

    private static void awaitWorkers(EmbeddedTarget target, int workers, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (target.readyReplicas() < workers) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException(workers + " worker pod(s) were not ready within " + deadline.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    /** The hub's own counters at the start of a step, for the step's differences. */
    private record StepCounters(String label, String hub, int partitions, long[] episodes, long[] controlMessages,
                                Map<StorageOps.Kind, Long> ops) {
    }

    private void openStep(String label, String hub, int partitions) {
        stepIndex = steps.size();
        stepPartitions = partitions;
        Optional<TaskHub> hubNow = target.taskHub();
        stepCounters = new StepCounters(label, hub, partitions,
                hubNow.map(h -> perPartition(h.stats(), true)).orElse(null),
                hubNow.map(h -> perPartition(h.stats(), false)).orElse(null),
                hubNow.map(h -> h.ops().snapshot()).orElse(null));
    }

    /** Ends the open step: its backend counters and, embedded, its same-run storage bound. */
    private void closeStep() {
        StepCounters open = stepCounters;
        if (open == null) {
            return;
        }
        Map<String, Object> backend = new LinkedHashMap<>();
        Double bound = null;
        Optional<TaskHub> hubNow = target.taskHub();
        if (hubNow.isPresent() && open.ops() != null && hubNow.get().settings().hubName().equals(open.hub())) {
            TaskHub hub = hubNow.get();
            backend.put("episodesPerPartition", difference(perPartition(hub.stats(), true), open.episodes()));
            backend.put("controlMessagesPerPartition", difference(perPartition(hub.stats(), false), open.controlMessages()));
            Map<StorageOps.Kind, Long> ops = StorageOps.difference(hub.ops().snapshot(), open.ops());
            Map<String, Long> labelled = new LinkedHashMap<>();
            ops.forEach((k, v) -> labelled.put(k.label(), v));
            backend.put("hubOperations", labelled);
            int done = (int) orchestrations.values().stream().filter(o -> o.step() == stepIndex && o.completed()).count();
            int blocksDone = orchestrations.values().stream().filter(o -> o.step() == stepIndex && o.completed())
                    .mapToInt(Orchestration::blocks).sum();
            if (storageRates != null && done > 0) {
                bound = PipelineStorageModel.bound(storageRates, ops, done, blocksDone);
                backend.put("storageBoundBasis", PipelineStorageModel.BASIS);
            }
        }
        steps.add(new Step(open.label(), open.hub(), open.partitions(), backend, bound));
        stepCounters = null;
    }

    private static long[] perPartition(TaskHubStats stats, boolean episodes) {
        long[] values = new long[stats.partitionCount()];
        for (int p = 0; p < values.length; p++) {
            values[p] = episodes ? stats.episodes(p) : stats.controlMessages(p);
        }
        return values;
    }

    private static List<Long> difference(long[] after, long[] before) {
        List<Long> d = new ArrayList<>();
        for (int i = 0; i < after.length; i++) {
            d.add(after[i] - (before != null && i < before.length ? before[i] : 0));
        }
        return d;
    }

    // ---- the end ----

    /** Closes the last step, stops the probes and the target, and writes metrics.json and the histograms. */
    public synchronized Map<String, Object> finish() {
        if (finished) {
            return Map.of();
        }
        closeStep();
        monitor.sample();
        monitor.close();
        machineCpu.close();
        blocks.drain(Duration.ofSeconds(60));
        histograms.writeTo(run);
        Map<String, Object> metrics = metrics();
        run.writeJson("metrics.json", metrics);
        Map<String, Object> described = new LinkedHashMap<>(targetDescription);
        described.put("kind", "load-test");
        described.put("finishedAt", Instant.now().toString());
        described.put("versions", versions());
        List<Map<String, Object>> sweep = steps.stream().filter(st -> !st.label().equals("run"))
                .map(st -> Map.<String, Object>of("step", st.label(), "hub", st.hub(), "partitions", st.partitions(),
                        "workers", settings.embedded() ? settings.sweepWorkers() + " warm, outputs not re-verified"
                                : "as deployed"))
                .toList();
        if (!sweep.isEmpty()) {
            described.put("sweep", sweep);
        }
        run.describe(described);
        finished = true;
        return metrics;
    }

    private Map<String, Object> metrics() {
        List<TimelineRecord> records = RunMetrics.readTimeline(timeline.file().orElseThrow());
        List<BlockTimes> all = blocks.blocks();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", target.embedded() ? "embedded" : "cluster");
        m.put("emulated", Map.of("scaling", target.embedded(), "storage", target.storage().isEmulator()));
        m.put("simulation", simulation);
        // Scale-up and scale to zero are measured on the run's own first step; a partition sweep's
        // steps restart the stack with warm workers, so they say nothing about either.
        boolean firstStepRan = orchestrations.values().stream().anyMatch(o -> o.step() == 0);
        if (firstStepRan) {
            List<BlockTimes> firstStep = all.stream().filter(b -> {
                Orchestration o = orchestrations.get(b.instanceId());
                return o != null && o.step() == 0;
            }).toList();
            Map<String, Object> scaleUp = RunMetrics.scaleUp(records, firstStep, settings.jobsQueue());
            m.put("scaleUp", scaleUp);
            if (scaleUp.get("firstEnqueue") instanceof Long t0) {
                long lastEnqueue = firstStep.stream().mapToLong(b -> b.enqueuedAt().toEpochMilli()).max().orElse(t0);
                long emptyAt = RunMetrics.drainedAt(records, firstStep, settings.jobsQueue(), t0, lastEnqueue);
                // The replicas of the first stack only: a sweep's later stacks start their own deployments.
                List<TimelineRecord> untilSweep = records.stream().filter(r -> r.t() < firstStepEndedAt).toList();
                Price price = price();
                m.put("scaleToZero", RunMetrics.scaleToZero(untilSweep, emptyAt, price.perPodHour(), price.source()));
            }
        } else {
            m.put("scaleUp", Map.of("note", "not measured: a partition sweep runs each step with warm workers"));
        }
        List<Map<String, Object>> throughput = new ArrayList<>();
        // With a sweep, only its steps measure partitions: the burst before it scales workers from zero.
        boolean swept = steps.stream().anyMatch(s -> !s.label().equals("run"));
        for (int i = 0; i < steps.size(); i++) {
            int index = i;
            if (swept && steps.get(i).label().equals("run")) {
                continue;
            }
            List<Orchestration> inStep = orchestrations.values().stream().filter(o -> o.step() == index).toList();
            if (!inStep.isEmpty()) {
                Map<String, Object> row = RunMetrics.throughput(steps.get(i), inStep);
                long from = inStep.stream().mapToLong(Orchestration::startedAt).min().orElseThrow();
                long to = inStep.stream().filter(Orchestration::completed).mapToLong(Orchestration::finishedAt).max().orElse(from);
                OptionalDouble cpu = MachineCpu.mean(machineCpu.samples(), from, to);
                if (cpu.isPresent()) {
                    row.put("machineCpu", Map.of("mean", RunMetrics.round(cpu.getAsDouble(), 2), "cores", machineCpu.cores(),
                            "scope", settings.embedded() ? "every part of the embedded stack and the load generator"
                                    : "the load generator's machine only"));
                }
                if (row.containsKey("orchestrationsPerSecond")) {
                    row.put("limitedBy", RunMetrics.limitedBy((Double) row.get("fractionOfBound"),
                            settings.embedded() && cpu.isPresent() ? cpu.getAsDouble() : null));
                }
                throughput.add(row);
            }
        }
        m.put("throughputPerPartition", throughput);
        Map<String, Object> latency = new LinkedHashMap<>();
        histograms.summaries().forEach((name, summary) -> latency.put(camel(name), summary));
        m.put("latency", latency);
        m.put("orchestrations", Map.of("started", started.get(), "completed", completed.get(), "failed", failed.get(),
                "unfinished", startTimes.size()));
        if (blocks.unreadable() > 0) {
            m.put("blocksWithoutMetadata", blocks.unreadable());
        }
        if (gateVerdict != null) {
            m.put("gates", gateVerdict);
        }
        m.put("gatling", List.of());
        return m;
    }

    /** Price of one pod-hour: -DpricePerPodHour, else the sizing's recommended SKU in this run directory, else a default. */
    record Price(double perPodHour, String source) {
    }

    Price price() {
        if (settings.pricePerPodHour().isPresent()) {
            return new Price(settings.pricePerPodHour().get(), "-DpricePerPodHour");
        }
        Path sizing = settings.sizing().orElse(run.file("sizing.json"));
        if (Files.isRegularFile(sizing)) {
            try {
                var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(sizing.toFile());
                String sku = node.path("recommended").path("sku").asText(null);
                for (var entry : node.path("skus")) {
                    if (entry.path("name").asText("").equals(sku) && entry.path("podsPerNode").asInt(0) > 0) {
                        double perPod = entry.path("pricePerHour").asDouble() / entry.path("podsPerNode").asInt();
                        return new Price(RunMetrics.round(perPod, 5), "sizing.json: " + sku + " / "
                                + entry.path("podsPerNode").asInt() + " pods per node");
                    }
                }
            } catch (IOException | RuntimeException e) {
                log.warn("sizing.json in the run directory is unreadable ({}); using the default pod price", e.getMessage());
            }
        }
        return new Price(LoadSettings.DEFAULT_PRICE_PER_POD_HOUR,
                "default: a 1-vCPU pod's share of Standard_D4s_v5 at 0.192 USD/h (East US, pay-as-you-go)");
    }

    private static String camel(String name) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static Map<String, Object> versions() {
        Map<String, Object> v = new LinkedHashMap<>();
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

    /**
     * Copies the newest Gatling report written since this run started into {@code gatling/} of the
     * run directory and lists it in metrics.json; runs at JVM exit, after Gatling wrote its report.
     */
    void copyGatlingReport() {
        Path results = settings.gatlingResults();
        if (!Files.isDirectory(results)) {
            return;
        }
        try (Stream<Path> folders = Files.list(results)) {
            Optional<Path> newest = folders.filter(Files::isDirectory)
                    .filter(p -> Files.isRegularFile(p.resolve("index.html")))
                    .filter(p -> p.toFile().lastModified() >= startedAt.toEpochMilli() - 1000)
                    .max(Comparator.comparingLong(p -> p.toFile().lastModified()));
            if (newest.isEmpty()) {
                System.out.println("results: " + run.path() + " (no Gatling report found in " + results.toAbsolutePath() + ")");
                return;
            }
            Path destination = run.file("gatling/" + newest.get().getFileName());
            copyTree(newest.get(), destination);
            Path metricsFile = run.file("metrics.json");
            if (Files.isRegularFile(metricsFile)) {
                var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
                @SuppressWarnings("unchecked")
                Map<String, Object> metrics = mapper.readValue(metricsFile.toFile(), LinkedHashMap.class);
                metrics.put("gatling", List.of("gatling/" + newest.get().getFileName() + "/index.html"));
                run.writeJson("metrics.json", metrics);
            }
            System.out.println("gatling report: " + destination.resolve("index.html"));
            System.out.println("results: " + run.path());
        } catch (IOException | RuntimeException e) {
            System.err.println("could not copy the Gatling report into " + run.path() + ": " + e.getMessage());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static String suffix() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /** Finishes (if not yet) and stops the target. */
    @Override
    public synchronized void close() {
        try {
            if (!finished && monitor != null && blocks != null) {
                finish();
            }
        } finally {
            if (monitor != null) {
                monitor.close();
            }
            machineCpu.close();
            if (blocks != null) {
                blocks.close();
            }
            if (target != null) {
                target.close();
            }
            timeline.close();
        }
    }
}
