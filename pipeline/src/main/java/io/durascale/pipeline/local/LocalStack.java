package io.durascale.pipeline.local;

import io.durascale.core.job.BlobNames;
import io.durascale.core.job.JobQueues;
import io.durascale.pipeline.events.BlobEventSource;
import io.durascale.pipeline.events.CompletionBridge;
import io.durascale.pipeline.events.EventRaiser;
import io.durascale.pipeline.events.PoisonWatcher;
import io.durascale.pipeline.http.ApiServer;
import io.durascale.pipeline.local.hpa.HpaControllerFlags;
import io.durascale.pipeline.local.keda.ScaledObjectSpec;
import io.durascale.pipeline.local.kube.NodePoolSpec;
import io.durascale.pipeline.local.kube.PipelineJar;
import io.durascale.pipeline.local.kube.ProcessPodLauncher;
import io.durascale.pipeline.local.kube.WorkerJar;
import io.durascale.pipeline.orchestration.OrchestrationWorkers;
import io.durascale.pipeline.taskhub.TaskHubClient;
import io.durascale.pipeline.taskhub.TaskHubServer;
import io.durascale.pipeline.taskhub.TaskHubSettings;
import io.durascale.run.RunDirectory;
import io.durascale.run.RunInfo;
import io.durascale.run.figures.Tiers;
import io.durascale.run.timeline.Timeline;
import io.durascale.run.timeline.TimelineEvent.Replicas;
import io.durascale.storage.StorageAccount;
import io.durascale.storage.StorageProbe;
import io.durascale.storage.StorageResolution;
import io.durascale.core.cli.CliErrors;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole reference pipeline on one machine: storage (per the usual resolution), the HTTP API and the completion
 * bridge (with the emulated blob events and the poison watcher) on the task hub's storage, the orchestration tier
 * ({@link Tier}: KEDA-scaled {@code pipeline.jar taskhub} hosts on the task-hub scaler, or one task hub with its
 * orchestration workers in this process), and KEDA scaling real worker processes. What {@code pipeline.jar up}
 * runs (scaled), and what the end-to-end tests and load tests start in process.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
    /** The HTTP tier's Deployment, always on. */
    public static final String API_DEPLOYMENT = Tiers.API;
    /** The completion bridge's Deployment: always on here (a cluster may scale it on its queue). */
    public static final String BRIDGE_DEPLOYMENT = Tiers.BRIDGE;

    /**
     * Everything that can be set; defaults suit a demo on a laptop.
     *
     * @param scaling the worker ScaledObject; its azure-queue trigger is pointed at {@code jobsQueue}
     * @param hpaController the HPA controller's flags (the demo's: a sync every 5 s)
     */
    public record Options(String bind, int apiPort, int taskHubPort, String hub, int partitions, int orchestrationWorkers,
                          Path workerJar, int workerConcurrency, String jobsQueue, boolean verify, ScaledObjectSpec scaling,
                          HpaControllerFlags hpaController, NodePoolSpec nodePool, Path runDirectory, String connection,
                          String hostKey, Tier orchestrationTier) {

        public Options {
            if (orchestrationWorkers < 1 || orchestrationWorkers > OrchestrationWorkers.MAX_COUNT) {
                throw new IllegalArgumentException("--orchestration-workers must be 1-" + OrchestrationWorkers.MAX_COUNT
                        + ", got " + orchestrationWorkers);
            }
            if (workerConcurrency < 1 || workerConcurrency > JobQueues.MAX_WORKER_CONCURRENCY) {
                throw new IllegalArgumentException("--worker-concurrency must be 1-" + JobQueues.MAX_WORKER_CONCURRENCY
                        + ", got " + workerConcurrency);
            }
            port("--port", apiPort);
            port("--taskhub-port", taskHubPort);
            // The task hub's own rules (name, partition count), checked here so that a bad value fails before
            // anything starts — storage, an emulator, a server.
            TaskHubSettings.builder().hubName(hub).partitionCount(partitions).build();
        }

        private static void port(String flag, int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException(flag + " must be 0 to 65535 (0 picks a free port), got " + port);
            }
        }

        public static Options defaults() {
            return new Options("127.0.0.1", 7071, TaskHubServer.DEFAULT_PORT, TaskHubSettings.DEFAULT_HUB, 4, 2, null, 1,
                    JobQueues.DEFAULT_QUEUE, true, ScaledObjectSpec.demo(), HpaControllerFlags.demo(), NodePoolSpec.noDelays(),
                    null, null, null, Tier.inProcess());
        }

        public Options withPorts(int api, int taskHub) {
            return new Options(bind, api, taskHub, hub, partitions, orchestrationWorkers, workerJar, workerConcurrency,
                    jobsQueue, verify, scaling, hpaController, nodePool, runDirectory, connection, hostKey, orchestrationTier);
        }

        public Options withScaling(ScaledObjectSpec spec, NodePoolSpec pool) {
            return new Options(bind, apiPort, taskHubPort, hub, partitions, orchestrationWorkers, workerJar,
                    workerConcurrency, jobsQueue, verify, spec, hpaController, pool, runDirectory, connection, hostKey, orchestrationTier);
        }

        public Options withHpaController(HpaControllerFlags flags) {
            return new Options(bind, apiPort, taskHubPort, hub, partitions, orchestrationWorkers, workerJar,
                    workerConcurrency, jobsQueue, verify, scaling, flags, nodePool, runDirectory, connection, hostKey, orchestrationTier);
        }

        /** The queue the orchestration sends jobs to, the workers receive from and KEDA watches. */
        public Options withJobsQueue(String queue) {
            return new Options(bind, apiPort, taskHubPort, hub, partitions, orchestrationWorkers, workerJar,
                    workerConcurrency, JobQueues.checkJobsQueue(queue), verify, scaling, hpaController, nodePool,
                    runDirectory, connection, hostKey, orchestrationTier);
        }

        public Options withRunDirectory(Path dir) {
            return new Options(bind, apiPort, taskHubPort, hub, partitions, orchestrationWorkers, workerJar,
                    workerConcurrency, jobsQueue, verify, scaling, hpaController, nodePool, dir, connection, hostKey, orchestrationTier);
        }

        public Options withTaskHub(String hubName, int partitionCount) {
            return new Options(bind, apiPort, taskHubPort, hubName, partitionCount, orchestrationWorkers, workerJar,
                    workerConcurrency, jobsQueue, verify, scaling, hpaController, nodePool, runDirectory, connection, hostKey, orchestrationTier);
        }

        public Options withStorage(String connectionString) {
            return new Options(bind, apiPort, taskHubPort, hub, partitions, orchestrationWorkers, workerJar,
                    workerConcurrency, jobsQueue, verify, scaling, hpaController, nodePool, runDirectory, connectionString,
                    hostKey, orchestrationTier);
        }

        /** durabletask SDK workers in this process: each handles one work item at a time. */
        public Options withOrchestrationWorkers(int count) {
            return new Options(bind, apiPort, taskHubPort, hub, partitions, count, workerJar, workerConcurrency,
                    jobsQueue, verify, scaling, hpaController, nodePool, runDirectory, connection, hostKey, orchestrationTier);
        }

        /** How the orchestration tier runs: in this process, or as KEDA-scaled {@code pipeline.jar taskhub} processes. */
        public Options withOrchestrationTier(Tier tier) {
            return new Options(bind, apiPort, taskHubPort, hub, partitions, orchestrationWorkers, workerJar,
                    workerConcurrency, jobsQueue, verify, scaling, hpaController, nodePool, runDirectory, connection, hostKey,
                    java.util.Objects.requireNonNull(tier, "tier"));
        }

        public Options withWorkers(Path jar, int concurrency, boolean verifyOutputs) {
            return new Options(bind, apiPort, taskHubPort, hub, partitions, orchestrationWorkers, jar, concurrency,
                    jobsQueue, verifyOutputs, scaling, hpaController, nodePool, runDirectory, connection, hostKey, orchestrationTier);
        }
    }

    /**
     * How the orchestration tier runs. In process: one task hub and {@code orchestrationWorkers} SDK workers in this
     * JVM, always on (the load tests' partition sweep measures throughput with it). Scaled: the task-hub scaler and
     * KEDA scaling {@code pipeline.jar taskhub --orchestrations N} processes from zero ({@link OrchestrationTier}).
     *
     * @param pipelineJar the jar the hosts run (scaled only; null finds it: {@link PipelineJar})
     */
    public record Tier(boolean scaled, Path pipelineJar) {
        public static Tier inProcess() {
            return new Tier(false, null);
        }

        public static Tier scaled(Path pipelineJar) {
            return new Tier(true, pipelineJar);
        }
    }

    /** run.json's {@code taskHub} section; {@code orchestrationTier}: {@code in-process} or {@code scaled}. */
    public record TaskHubSection(String hub, int partitions, String orchestrationTier) {
    }

    private final Deque<AutoCloseable> parts = new ArrayDeque<>();
    private final Options options;
    private RunDirectory run;
    private Timeline timeline;
    private StorageAccount storage;
    private TaskHubServer taskHub;
    private ApiServer api;
    private LocalKeda keda;
    private OrchestrationTier orchestrationTier;
    private String hostKey;

    private LocalStack(Options options) {
        this.options = options;
    }

    /**
     * Starts every piece, reporting each step to {@code progress}; if one fails, what started is stopped again.
     */
    public static LocalStack start(Options options, Consumer<String> progress) {
        LocalStack stack = new LocalStack(options);
        try {
            stack.startParts(progress);
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    /**
     * Registers a part for {@link #close()} before starting it, so that a start that fails half-way
     * is cleaned up too. Only for parts whose close() is safe when they never started.
     */
    private <T extends AutoCloseable> T register(T part) {
        parts.push(part);
        return part;
    }

    private void startParts(Consumer<String> progress) {
        run = RunDirectory.create(options.runDirectory(), "up");
        timeline = Timeline.in(run);
        parts.push(timeline);
        hostKey = options.hostKey() != null ? options.hostKey() : newHostKey();
        Path workerJar = WorkerJar.locate(options.workerJar());

        progress.accept("storage: resolving (connection string, Docker or npm Azurite)...");
        storage = StorageResolution.fromEnvironment().withConnectionString(options.connection()).orEmulator();
        parts.push(storage);
        if (!storage.startedEmulator()) {
            StorageProbe.check(storage);
        }
        progress.accept("storage: " + storage.describe());

        TaskHubClient client;
        if (options.orchestrationTier().scaled()) {
            // No backend here: the API and the bridge write into the hub's storage, and the tier KEDA scales from zero
            // consumes it (the same client code a separate API or bridge process runs).
            client = TaskHubClient.connect(storage, options.hub(), options.partitions());
            progress.accept("task hub: " + options.hub() + " with " + options.partitions() + " partitions in storage; "
                    + "orchestration hosts scaled by KEDA");
        } else {
            TaskHubSettings settings = TaskHubSettings.builder().hubName(options.hub()).partitionCount(options.partitions()).build();
            taskHub = onPort("--taskhub-port", options.bind(), options.taskHubPort(),
                    () -> TaskHubServer.start(storage, settings, options.bind(), options.taskHubPort()));
            parts.push(taskHub);
            progress.accept("task hub: " + options.hub() + " with " + options.partitions() + " partitions on "
                    + options.bind() + ":" + taskHub.port());
            parts.push(OrchestrationWorkers.start(options.bind(), taskHub.port(), options.orchestrationWorkers(), storage,
                    options.jobsQueue()));
            // In this process the hub's client delivers in process to the partitions the hub owns.
            client = taskHub.hub().client();
        }
        EventRaiser raiser = EventRaiser.of(client);
        register(new PoisonWatcher(storage, raiser, options.jobsQueue())).start();
        register(new CompletionBridge(storage, raiser, CompletionBridge.DEFAULT_QUEUE, BlobNames.OUTPUT_CONTAINER,
                options.verify(), 2)).start();
        register(new BlobEventSource(storage, BlobNames.OUTPUT_CONTAINER, CompletionBridge.DEFAULT_QUEUE,
                Duration.ofMillis(250))).start();
        alwaysOn(BRIDGE_DEPLOYMENT);
        progress.accept("events: blob-event source -> " + CompletionBridge.DEFAULT_QUEUE + " -> completion bridge"
                + (options.verify() ? " (verifying outputs)" : "") + "; poison watcher on "
                + JobQueues.poisonQueue(options.jobsQueue()));

        api = onPort("--port", options.bind(), options.apiPort(), () -> ApiServer.start(client,
                new ApiServer.Settings(hostKey, options.hub(), "Storage", 1, true), options.bind(), options.apiPort()));
        parts.push(api);
        alwaysOn(API_DEPLOYMENT);
        progress.accept("api: http://" + options.bind() + ":" + api.port());

        ScaledObjectSpec scaledObject = options.scaling().toBuilder()
                .azureQueue(queue -> queue.withQueueName(options.jobsQueue())).build();
        // The launcher and KEDA are registered before KEDA starts: if start() fails (the jobs queue cannot
        // be created, say), closing them stops the launcher's threads and shutdown hook. LocalKeda.close()
        // works unstarted and closes the launcher; the launcher's own close() is idempotent.
        ProcessPodLauncher launcher = register(ProcessPodLauncher.worker(workerJar, options.jobsQueue(), run.file("pods"))
                .connectionString(storage.connectionString())
                .arguments("--concurrency", Integer.toString(options.workerConcurrency()))
                .build());
        keda = register(LocalKeda.builder(storage, scaledObject, options.nodePool(), launcher, timeline)
                .hpaController(options.hpaController()).build());
        keda.start();
        progress.accept("keda: scaling " + scaledObject.minReplicaCount() + ".." + scaledObject.maxReplicaCount()
                + " worker pods on " + options.jobsQueue() + " (queueLength " + scaledObject.azureQueue().queueLength()
                + ", polling " + scaledObject.pollingInterval().toSeconds() + " s, cooldown "
                + scaledObject.cooldownPeriod().toSeconds() + " s)");

        if (options.orchestrationTier().scaled()) {
            startOrchestrationTier(scaledObject, progress);
        }

        run.describe(RunInfo.of("up").withTarget("embedded").withStorage(storage.describe(), storage.isEmulator())
                .withSetting("taskHub", new TaskHubSection(options.hub(), options.partitions(),
                        options.orchestrationTier().scaled() ? "scaled" : "in-process"))
                .withSetting("keda", scaledObject).withSetting("hpaController", options.hpaController())
                .withSetting("nodePool", options.nodePool()));
    }

    private void startOrchestrationTier(ScaledObjectSpec workerScaling, Consumer<String> progress) {
        Path pipelineJar = PipelineJar.locate(options.orchestrationTier().pipelineJar());
        List<String> hostArguments = List.of("--hub", options.hub(), "--partitions", Integer.toString(options.partitions()),
                "--orchestrations", Integer.toString(options.orchestrationWorkers()), "--jobs-queue", options.jobsQueue());
        orchestrationTier = OrchestrationTier.start(storage, options.bind(), options.hub(), options.partitions(), pipelineJar,
                hostArguments, workerScaling, options.hpaController(), options.nodePool(), timeline, run.file("pods"));
        parts.push(orchestrationTier);
        alwaysOn(OrchestrationTier.SCALER_DEPLOYMENT);
        ScaledObjectSpec spec = orchestrationTier.keda().spec();
        progress.accept("scaler: task-hub scaler (KEDA external scaler gRPC) on " + options.bind() + ":"
                + orchestrationTier.scalerPort());
        progress.accept("keda: scaling 0.." + spec.maxReplicaCount() + " orchestration hosts (" + pipelineJar.getFileName()
                + " taskhub --orchestrations " + options.orchestrationWorkers() + ") on the scaler (polling "
                + spec.pollingInterval().toSeconds() + " s, cooldown " + spec.cooldownPeriod().toSeconds() + " s)");
    }

    /**
     * An always-on component (one replica from now until the stack stops), on the timeline as a Deployment's replicas,
     * so that a report counts every tier's pod-seconds; the zero is written once the part just started has stopped.
     * Only with the scaled tier: with the in-process one, the timeline's replicas are the workers' alone, as the
     * load tests' figures and their baselines read them.
     */
    private void alwaysOn(String deployment) {
        if (!options.orchestrationTier().scaled()) {
            return;
        }
        timeline.record(new Replicas(System.currentTimeMillis(), deployment, 1, 1, 1));
        AutoCloseable stopped = () -> timeline.record(new Replicas(System.currentTimeMillis(), deployment, 0, 0, 0));
        // The part just started is on top: put the zero under it, so it is written once that part has closed.
        AutoCloseable part = parts.pop();
        parts.push(stopped);
        parts.push(part);
    }

    /** Starts a server; a port already in use is one line naming the flag (exit code 5), not a stack trace. */
    private static <T> T onPort(String flag, String bind, int port, java.util.function.Supplier<T> start) {
        try {
            return start.get();
        } catch (RuntimeException e) {
            if (CliErrors.portInUse(e)) {
                throw new CliErrors.UserError("port " + port + " on " + bind + " is in use: choose another with " + flag
                        + " (0 picks a free one)", CliErrors.PORT_IN_USE);
            }
            throw e;
        }
    }

    public String apiBaseUrl() {
        return "http://" + options.bind() + ":" + api.port();
    }

    /** The key management requests must present. */
    public String hostKey() {
        return hostKey;
    }

    /** The in-process task hub's gRPC port; empty when the orchestration tier is scaled (its hosts pick their own). */
    public java.util.OptionalInt taskHubPort() {
        return taskHub == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(taskHub.port());
    }

    /** KEDA of the orchestration tier; empty when it runs in process. */
    public java.util.Optional<LocalKeda> orchestrationKeda() {
        return orchestrationTier == null ? java.util.Optional.empty() : java.util.Optional.of(orchestrationTier.keda());
    }

    public StorageAccount storage() {
        return storage;
    }

    public RunDirectory runDirectory() {
        return run;
    }

    public Timeline timeline() {
        return timeline;
    }

    public LocalKeda keda() {
        return keda;
    }

    /** The in-process task hub; null when the orchestration tier is scaled. */
    public TaskHubServer taskHub() {
        return taskHub;
    }

    /** Stops everything in reverse order: pods drain first, storage goes last. */
    @Override
    public void close() {
        while (!parts.isEmpty()) {
            AutoCloseable part = parts.pop();
            try {
                part.close();
            } catch (Exception e) {
                log.warn("stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private static String newHostKey() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
