package io.durascale.pipeline.local;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.durascale.core.cli.DurationConverter;
import io.durascale.core.cli.TerminationSignals;
import io.durascale.pipeline.local.hpa.HpaControllerFlags;
import io.durascale.pipeline.local.hpa.ScalingBehavior;
import io.durascale.pipeline.local.keda.AzureQueueTrigger;
import io.durascale.pipeline.local.keda.ScaledObjectManifest;
import io.durascale.pipeline.local.keda.ScaledObjectSpec;
import io.durascale.pipeline.local.kube.NodePoolSpec;
import io.durascale.pipeline.taskhub.TaskHubServer;
import io.durascale.storage.StorageAccount;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pipeline.jar up}: the whole pipeline on this machine, until Ctrl-C or SIGTERM. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Run the whole reference pipeline on this machine: storage, the HTTP API and completion events (always "
                + "on), the task-hub scaler, KEDA scaling orchestration hosts and worker processes from zero.")
public final class UpCommand implements Callable<Integer> {

    private static final ScaledObjectSpec DEMO = ScaledObjectSpec.demo();
    /** The flags that set what a ScaledObject sets, so that they and --scaled-object exclude each other. */
    private static final List<String> SCALED_OBJECT_FLAGS = List.of("--min-replicas", "--max-replicas", "--queue-length",
            "--activation-queue-length", "--polling-interval", "--cooldown", "--scale-down-stabilization");

    @Spec
    CommandSpec command;

    @Option(names = "--port", description = "HTTP API port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int apiPort = 7071;

    @Option(names = "--taskhub-port", description = "Task hub gRPC port with --orchestration-tier in-process (default "
            + "${DEFAULT-VALUE}; 0 picks a free one).")
    int taskHubPort = TaskHubServer.DEFAULT_PORT;

    /** Where the orchestration tier runs. */
    enum TierMode {
        scaled, in_process;

        @Override
        public String toString() {
            return name().replace('_', '-');
        }
    }

    @Option(names = "--orchestration-tier", paramLabel = "scaled|in-process", converter = TierModeConverter.class,
            description = "scaled: the task-hub scaler and KEDA scale 'pipeline.jar taskhub --orchestrations N' "
                    + "processes 0..partitions (the cluster's topology); in-process: one always-on task hub with its "
                    + "orchestration workers in this process (default ${DEFAULT-VALUE}).")
    TierMode tierMode = TierMode.scaled;

    @Option(names = "--pipeline-jar", description = "pipeline.jar the orchestration hosts run (default: this jar, or "
            + "pipeline/target/pipeline.jar of this checkout).")
    Path pipelineJar;

    @Option(names = "--partitions", description = "Task hub partitions, 1-16 (default ${DEFAULT-VALUE}).")
    int partitions = 4;

    @Option(names = "--hub", description = "Task hub name (default ${DEFAULT-VALUE}).")
    String hub = io.durascale.pipeline.taskhub.TaskHubSettings.DEFAULT_HUB;

    @Option(names = "--min-replicas", description = "KEDA minReplicaCount: worker pods kept even when the queue is "
            + "empty (default ${DEFAULT-VALUE}: scale to zero).")
    int minReplicas = DEMO.minReplicaCount();

    @Option(names = "--max-replicas", description = "KEDA maxReplicaCount for the worker pods (default ${DEFAULT-VALUE}).")
    int maxReplicas = DEMO.maxReplicaCount();

    @Option(names = "--queue-length", description = "KEDA queueLength: messages per pod (default ${DEFAULT-VALUE}).")
    int queueLength = DEMO.azureQueue().queueLength();

    @Option(names = "--activation-queue-length", description = "KEDA activationQueueLength: the trigger activates "
            + "(0 -> 1 pods) only when the queue holds more messages than this (default ${DEFAULT-VALUE}).")
    int activationQueueLength = DEMO.azureQueue().activationQueueLength();

    @Option(names = "--polling-interval", converter = DurationConverter.class, description = "KEDA pollingInterval (default ${DEFAULT-VALUE}).")
    Duration pollingInterval = DEMO.pollingInterval();

    @Option(names = "--cooldown", converter = DurationConverter.class, description = "KEDA cooldownPeriod before scaling to zero (default ${DEFAULT-VALUE}).")
    Duration cooldown = DEMO.cooldownPeriod();

    @Option(names = "--scale-down-stabilization", converter = DurationConverter.class, description = "HPA "
            + "behavior.scaleDown.stabilizationWindowSeconds: scale down to the highest recommendation within this "
            + "window, 0-3600 s (default ${DEFAULT-VALUE}).")
    Duration scaleDownStabilization = DEMO.behavior().orElseThrow().scaleDown().stabilizationWindow().orElseThrow();

    @Option(names = "--scaled-object", paramLabel = "FILE", description = "Run the KEDA ScaledObject in FILE instead of "
            + "the demo's: a manifest such as 'helm template' prints for the worker chart (other documents in it are "
            + "skipped). Its trigger's queue becomes the jobs queue; the flags for what it sets (--min-replicas, "
            + "--max-replicas, --queue-length, --activation-queue-length, --polling-interval, --cooldown, "
            + "--scale-down-stabilization) may not be given with it.")
    Path scaledObject;

    @Option(names = "--hpa-sync-period", converter = DurationConverter.class, description = "The HPA controller's "
            + "--horizontal-pod-autoscaler-sync-period (default ${DEFAULT-VALUE}; a cluster's is 15s).")
    Duration hpaSyncPeriod = HpaControllerFlags.demo().syncPeriod();

    @Option(names = "--hpa-tolerance", description = "The HPA controller's --horizontal-pod-autoscaler-tolerance "
            + "(default ${DEFAULT-VALUE}).")
    double hpaTolerance = HpaControllerFlags.demo().tolerance();

    @Option(names = "--hpa-downscale-stabilization", converter = DurationConverter.class, description = "The HPA "
            + "controller's --horizontal-pod-autoscaler-downscale-stabilization, for an HPA whose behavior sets no "
            + "scale-down window (default ${DEFAULT-VALUE}; a cluster's is 5m).")
    Duration hpaDownscaleStabilization = HpaControllerFlags.demo().downscaleStabilization();

    @Option(names = "--pod-start-delay", converter = DurationConverter.class, description = "Node-pool model: delay before a pod's process starts (default ${DEFAULT-VALUE}).")
    Duration podStartDelay = Duration.ZERO;

    @Option(names = "--node-provisioning-delay", converter = DurationConverter.class, description = "Node-pool model: "
            + "time to add a node when pods do not fit on the nodes there are; only matters when --max-nodes is above "
            + "--initial-nodes (default ${DEFAULT-VALUE}).")
    Duration nodeDelay = Duration.ZERO;

    @Option(names = "--pods-per-node", description = "Node-pool model: pods that fit one node (default ${DEFAULT-VALUE}).")
    int podsPerNode = NodePoolSpec.DEFAULT_PODS_PER_NODE;

    @Option(names = "--initial-nodes", description = "Node-pool model: nodes ready at the start; the pool never "
            + "shrinks below this (default ${DEFAULT-VALUE}).")
    int initialNodes = NodePoolSpec.noDelays().initialNodes();

    @Option(names = "--max-nodes", description = "Node-pool model: the cluster autoscaler's upper bound (default: "
            + "enough nodes for --max-replicas pods at --pods-per-node, and at least --initial-nodes).")
    Integer maxNodes;

    @Option(names = "--orchestration-workers", description = "durabletask SDK workers running the orchestration and its "
            + "activities, per orchestration host; each handles one work item at a time (default ${DEFAULT-VALUE}).")
    int orchestrationWorkers = LocalStack.Options.defaults().orchestrationWorkers();

    @Option(names = "--worker-concurrency", description = "Job slots per worker pod (default ${DEFAULT-VALUE}).")
    int workerConcurrency = 1;

    @Option(names = "--no-verify", negatable = true, description = "Verify every output in the completion bridge (default ${DEFAULT-VALUE}).")
    boolean verify = true;

    @Option(names = "--worker-jar", description = "worker.jar to run as pods (default: worker/target/worker.jar of this checkout).")
    Path workerJar;

    @Option(names = "--run-dir", description = "Run directory for the timeline and pod logs (default: a new one under target/durascale/runs).")
    Path runDir;

    @Option(names = "--connection", description = "Azure Storage connection string (default: $AZURE_STORAGE_CONNECTION_STRING, else an emulator).")
    String connection;

    /** Runs the stack the options describe until it stops; tests put something else here. */
    interface Runner {
        int run(LocalStack.Options options) throws InterruptedException;
    }

    Runner runner = UpCommand::runStack;

    @Override
    public Integer call() throws InterruptedException {
        return runner.run(options());
    }

    /**
     * The flags as the stack's options, checked: a value out of range throws an
     * IllegalArgumentException that names its flag, which the CLI prints as one line with exit code 2.
     */
    LocalStack.Options options() {
        ScaledObjectSpec scaling = scaledObject != null ? fromManifest() : fromFlags();
        if (scaledObject != null) {
            try {
                LocalKeda.checkFitsOneMachine(scaling);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--scaled-object: " + e.getMessage(), e);
            }
        } else {
            checked(() -> LocalKeda.checkFitsOneMachine(scaling));
        }
        HpaControllerFlags hpa = checked(() -> new HpaControllerFlags(hpaSyncPeriod, hpaTolerance, hpaDownscaleStabilization));
        NodePoolSpec pool = checked(() -> NodePoolSpec.noDelays().toBuilder().podStartDelay(podStartDelay)
                .nodeProvisioningDelay(nodeDelay).podsPerNode(podsPerNode).initialNodes(initialNodes)
                .maxNodes(maxNodes != null ? maxNodes : defaultMaxNodes(scaling.maxReplicaCount())).build());
        return LocalStack.Options.defaults().withPorts(apiPort, taskHubPort)
                .withTaskHub(hub, partitions).withScaling(scaling, pool).withHpaController(hpa)
                .withJobsQueue(scaling.azureQueue().queueName()).withRunDirectory(runDir).withStorage(connection)
                .withWorkers(workerJar, workerConcurrency, verify).withOrchestrationWorkers(orchestrationWorkers)
                .withOrchestrationTier(tierMode == TierMode.scaled ? LocalStack.Tier.scaled(pipelineJar) : LocalStack.Tier.inProcess());
    }

    private ScaledObjectSpec fromFlags() {
        ScalingBehavior behavior = DEMO.behavior().orElseThrow();
        return checked(() -> DEMO.toBuilder().minReplicaCount(minReplicas).maxReplicaCount(maxReplicas)
                .azureQueue(queue -> queue.withQueueLength(queueLength).withActivationQueueLength(activationQueueLength))
                .pollingInterval(pollingInterval).cooldownPeriod(cooldown)
                .behavior(behavior.withScaleDown(behavior.scaleDown().withStabilizationWindow(scaleDownStabilization))).build());
    }

    /** The ScaledObject of --scaled-object, which the flags that would set the same settings may not contradict. */
    private ScaledObjectSpec fromManifest() {
        for (String flag : SCALED_OBJECT_FLAGS) {
            if (command != null && command.commandLine().getParseResult().hasMatchedOption(flag)) {
                throw new IllegalArgumentException(flag + ": the ScaledObject of --scaled-object " + scaledObject
                        + " sets this; change it there (or in the chart's values), not both");
            }
        }
        ScaledObjectSpec spec;
        try {
            spec = ScaledObjectManifest.read(scaledObject).spec();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--scaled-object: " + e.getMessage(), e);
        }
        if (!(spec.trigger() instanceof AzureQueueTrigger)) {
            throw new IllegalArgumentException("--scaled-object: " + scaledObject + " scales on an " + spec.trigger().type()
                    + " trigger; the worker tier's ScaledObject needs an azure-queue trigger (its queue is the jobs queue)");
        }
        return spec;
    }

    /**
     * Room for every replica KEDA may ask for, so that no pod stays Unschedulable unless --max-nodes
     * says so; 1 with the other defaults (110 pods per node), as before --max-nodes existed.
     */
    private int defaultMaxNodes(int maxReplicas) {
        // podsPerNode is checked by the node pool spec this feeds, maxReplicas by the scaling spec built before it.
        int forReplicas = podsPerNode < 1 ? 1 : (maxReplicas + podsPerNode - 1) / podsPerNode;
        return Math.max(1, Math.max(initialNodes, forReplicas));
    }

    /** Spec settings and the flags that set them: a spec's message starts with the setting's name. */
    private static final Map<String, String> FLAGS = flags();

    private static Map<String, String> flags() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("minReplicaCount", "--min-replicas");
        m.put("maxReplicaCount", "--max-replicas");
        m.put("activationQueueLength", "--activation-queue-length");
        m.put("queueLength", "--queue-length");
        m.put("pollingInterval", "--polling-interval");
        m.put("cooldownPeriod", "--cooldown");
        m.put("behavior.scaleDown.stabilizationWindow", "--scale-down-stabilization");
        m.put("syncPeriod", "--hpa-sync-period");
        m.put("tolerance", "--hpa-tolerance");
        m.put("downscaleStabilization", "--hpa-downscale-stabilization");
        m.put("podStartDelay", "--pod-start-delay");
        m.put("podsPerNode", "--pods-per-node");
        m.put("initialNodes", "--initial-nodes");
        m.put("maxNodes", "--max-nodes");
        m.put("nodeProvisioningDelay", "--node-provisioning-delay");
        return m;
    }

    private static <T> T checked(java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            for (Map.Entry<String, String> setting : FLAGS.entrySet()) {
                if (message.regionMatches(true, 0, setting.getKey(), 0, setting.getKey().length())) {
                    throw new IllegalArgumentException(setting.getValue() + ": " + message, e);
                }
            }
            throw e;
        }
    }

    /** {@code scaled} or {@code in-process}, one clear error otherwise. */
    static final class TierModeConverter implements picocli.CommandLine.ITypeConverter<TierMode> {
        @Override
        public TierMode convert(String value) {
            for (TierMode mode : TierMode.values()) {
                if (mode.toString().equals(value)) {
                    return mode;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not scaled or in-process");
        }
    }

    private static int runStack(LocalStack.Options options) throws InterruptedException {
        LocalStack stack = LocalStack.start(options, line -> System.out.println("  " + line));
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            System.out.println("durascale up: stopping (worker pods drain first)...");
            stack.close();
            System.out.println("durascale up: stopped; timeline and pod logs in " + stack.runDirectory());
            stopped.countDown();
        };
        TerminationSignals.install(() -> new Thread(stop, "up-stop").start(), () -> System.exit(1), stop);

        String api = stack.apiBaseUrl();
        System.out.println();
        System.out.println("durascale up: the pipeline is running (storage: " + stack.storage().describe() + ")");
        System.out.println("  API       " + api + "   host key: " + stack.hostKey());
        String hubLine = " (hub " + options.hub() + ", " + options.partitions() + " partitions)";
        System.out.println(stack.taskHubPort().isPresent() ? "  task hub  127.0.0.1:" + stack.taskHubPort().getAsInt() + hubLine
                : "  task hub  in storage" + hubLine + "; orchestration hosts 0.." + options.partitions() + " scaled by KEDA");
        System.out.println("  run dir   " + stack.runDirectory() + " (timeline.jsonl, pods/)");
        System.out.println("Try:  curl -X POST -H 'Content-Length: 0' '" + api + "/api/orchestrators/BatchCompute?inputCount=20'");
        System.out.println("Ctrl-C stops everything.");
        System.out.println("durascale-up: ready " + readyLine(stack));
        System.out.flush();
        stopped.await();
        return 0;
    }

    /**
     * The {@code durascale-up: ready} line's JSON, for programs that start {@code up} as a child process.
     *
     * @param connectionString only for an emulator this command started: its development key is public; a user's
     *     own key is never printed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ReadyLine(String api, String hostKey, Integer taskHubPort, String runDirectory, String connectionString) {
    }

    private static String readyLine(LocalStack stack) {
        StorageAccount storage = stack.storage();
        ReadyLine ready = new ReadyLine(stack.apiBaseUrl(), stack.hostKey(),
                stack.taskHubPort().isPresent() ? stack.taskHubPort().getAsInt() : null,
                stack.runDirectory().toString(), storage.startedEmulator() ? storage.connectionString() : null);
        try {
            return new ObjectMapper().writeValueAsString(ready);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
