package io.durascale.simulator.profile;

import static io.durascale.simulator.profile.ValueType.bool;
import static io.durascale.simulator.profile.ValueType.choice;
import static io.durascale.simulator.profile.ValueType.distribution;
import static io.durascale.simulator.profile.ValueType.duration;
import static io.durascale.simulator.profile.ValueType.integer;
import static io.durascale.simulator.profile.ValueType.number;
import static io.durascale.simulator.profile.ValueType.text;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every parameter of the model, by the key profiles, {@code --set} and {@code --sweep} use: what it is, its unit and
 * range. Values and their sources live in a {@link Profile}; docs/simulator.md lists every key (a test holds them
 * equal).
 */
public enum Parameter {

    // ---- workload ----
    BATCHES("batches", Group.WORKLOAD, integer(1, 100_000_000), "orchestrations (batches) to start"),
    BLOCKS("blocks", Group.WORKLOAD, integer(1, 10_000), "blocks per orchestration (BatchCompute's inputCount)"),
    RATE("rate", Group.WORKLOAD, number(0, 1_000_000), "batches started per second; 0 starts them all at once (a burst)"),
    CLIENT_POLL_INTERVAL("clientPollInterval", Group.WORKLOAD, duration(Duration.ofMillis(1)),
            "how often the client polls an orchestration's status: its end-to-end time ends at the first poll after completion"),
    STATUS_POLL_TABLE_OPS("statusPollTableOps", Group.WORKLOAD, number(0, 100),
            "table operations of one client status poll (the HTTP tier reads the instance's row)"),

    // ---- orchestration tier ----
    PARTITIONS("partitions", Group.ORCHESTRATION, integer(1, 16), "control-queue partitions of the task hub"),
    ORCHESTRATION_HOSTS("orchestrationHosts", Group.ORCHESTRATION, integer(1, 1_000),
            "task hub hosts; each partition is owned by one, so hosts beyond the partition count add activity capacity only"),
    ORCHESTRATOR_SLOTS("orchestratorSlots", Group.ORCHESTRATION, integer(1, 10_000),
            "episodes one host runs at once (maxConcurrentOrchestratorFunctions)"),
    ACTIVITY_SLOTS("activitySlots", Group.ORCHESTRATION, integer(1, 10_000),
            "activities (ComputeActivity) one host runs at once (maxConcurrentActivityFunctions)"),
    SHARED_WORK_ITEM_SLOTS("sharedWorkItemSlots", Group.ORCHESTRATION, bool(),
            "episodes and activities share one pool of orchestratorSlots per host (a durabletask SDK worker takes one "
                    + "work item of either kind at a time), instead of separate pools"),
    CONTROL_QUEUE_BATCH_SIZE("controlQueueBatchSize", Group.ORCHESTRATION, integer(1, 32),
            "messages an owner takes from a control queue per receive (queued messages only)"),
    CONTROL_QUEUE_POLL_MAX("controlQueuePollMax", Group.ORCHESTRATION, duration(Duration.ofMillis(1)),
            "longest wait between receives of an idle control queue (maxQueuePollingInterval)"),
    EPISODE_QUEUE_OPS("episodeQueueOps", Group.ORCHESTRATION, number(0, 10_000), "queue operations per episode (counted)"),
    EPISODE_TABLE_OPS("episodeTableOps", Group.ORCHESTRATION, number(0, 10_000), "table operations per episode (counted)"),
    EPISODE_BLOB_OPS("episodeBlobOps", Group.ORCHESTRATION, number(0, 10_000), "blob operations per episode (counted)"),
    EPISODE_CPU("episodeCpu", Group.ORCHESTRATION, duration(Duration.ZERO),
            "host time per episode besides storage: the orchestrator's replay and the worker round trip"),
    ACTIVITY_CPU("activityCpu", Group.ORCHESTRATION, duration(Duration.ZERO),
            "host time per ComputeActivity besides storage: making the block's input"),
    ACTIVITY_QUEUE_OPS("activityQueueOps", Group.ORCHESTRATION, number(0, 100), "queue operations per ComputeActivity"),
    ACTIVITY_BLOB_OPS("activityBlobOps", Group.ORCHESTRATION, number(0, 100), "blob operations per ComputeActivity"),

    // ---- worker pods ----
    WORKER_CONCURRENCY("workerConcurrency", Group.WORKER, integer(1, 64), "blocks one worker pod computes at once"),
    POD_READY_DELAY("podReadyDelay", Group.WORKER, distribution(),
            "from a pod's container start to its readiness probe passing (JVM start, warm-up)"),
    BLOCK_COMPUTE("blockCompute", Group.WORKER, distribution(), "the kernel's time per block"),
    WORKER_OVERHEAD("workerOverhead", Group.WORKER, duration(Duration.ZERO),
            "worker time per block besides the kernel and storage (decoding, hashing, metadata)"),
    WORKER_WARMUP("workerWarmup", Group.WORKER, duration(Duration.ZERO),
            "how much longer a new worker's first block takes (a cold JVM: the kernel's and the storage clients' first use)"),
    WORKER_QUEUE_OPS("workerQueueOps", Group.WORKER, number(0, 100), "queue operations per block in the worker"),
    WORKER_BLOB_OPS("workerBlobOps", Group.WORKER, number(0, 100), "blob operations per block in the worker"),
    WORKER_POLL_MAX("workerPollMax", Group.WORKER, duration(Duration.ofMillis(1)),
            "longest wait between receives of an idle worker (its poll back-off doubles from 50 ms)"),

    // ---- node pool ----
    POD_START_DELAY("podStartDelay", Group.NODES, duration(Duration.ZERO),
            "from scheduling to the container starting: image pull and container creation"),
    PODS_PER_NODE("podsPerNode", Group.NODES, integer(1, 1_000), "worker pods one node holds"),
    INITIAL_NODES("initialNodes", Group.NODES, integer(0, 100_000), "nodes ready at the start; the pool never shrinks below"),
    MAX_NODES("maxNodes", Group.NODES, integer(1, 100_000), "the cluster autoscaler's upper bound"),
    NODE_PROVISIONING_DELAY("nodeProvisioningDelay", Group.NODES, duration(Duration.ZERO),
            "from a pod that fits nowhere to its new node being Ready"),
    EMPTY_NODE_REMOVAL("emptyNodeRemoval", Group.NODES, duration(Duration.ZERO),
            "how long a node above initialNodes stays empty before it is removed (scale-down-unneeded-time)"),

    // ---- KEDA and the HPA ----
    POLLING_INTERVAL("pollingInterval", Group.SCALING, duration(Duration.ofMillis(1)), "KEDA's pollingInterval"),
    COOLDOWN_PERIOD("cooldownPeriod", Group.SCALING, duration(Duration.ZERO), "KEDA's cooldownPeriod"),
    INITIAL_COOLDOWN_PERIOD("initialCooldownPeriod", Group.SCALING, duration(Duration.ZERO), "KEDA's initialCooldownPeriod"),
    MIN_REPLICAS("minReplicas", Group.SCALING, integer(0, 100_000), "KEDA's minReplicaCount"),
    MAX_REPLICAS("maxReplicas", Group.SCALING, integer(1, 100_000), "KEDA's maxReplicaCount"),
    QUEUE_LENGTH("queueLength", Group.SCALING, integer(1, 1_000_000), "the azure-queue trigger's queueLength: messages per replica"),
    ACTIVATION_QUEUE_LENGTH("activationQueueLength", Group.SCALING, integer(0, 1_000_000),
            "the trigger is active above this many messages"),
    QUEUE_LENGTH_STRATEGY("queueLengthStrategy", Group.SCALING, choice("all", "visibleonly"),
            "which messages the trigger counts"),
    HPA_SYNC_PERIOD("hpaSyncPeriod", Group.SCALING, duration(Duration.ofMillis(1)),
            "--horizontal-pod-autoscaler-sync-period"),
    HPA_TOLERANCE("hpaTolerance", Group.SCALING, number(0, 0.99), "--horizontal-pod-autoscaler-tolerance"),
    HPA_DOWNSCALE_STABILIZATION("hpaDownscaleStabilization", Group.SCALING, duration(Duration.ZERO),
            "--horizontal-pod-autoscaler-downscale-stabilization"),
    SCALE_UP_PODS("scaleUpPods", Group.SCALING, integer(1, 100_000), "behavior.scaleUp: at most this many pods per period"),
    SCALE_UP_PERCENT("scaleUpPercent", Group.SCALING, integer(1, 100_000), "behavior.scaleUp: or this percent per period (Max)"),
    SCALE_UP_PERIOD("scaleUpPeriod", Group.SCALING, duration(Duration.ofSeconds(1)), "behavior.scaleUp policies' period"),
    SCALE_UP_STABILIZATION("scaleUpStabilization", Group.SCALING, duration(Duration.ZERO),
            "behavior.scaleUp.stabilizationWindowSeconds"),
    SCALE_DOWN_PERCENT("scaleDownPercent", Group.SCALING, integer(1, 100), "behavior.scaleDown: at most this percent per period"),
    SCALE_DOWN_PERIOD("scaleDownPeriod", Group.SCALING, duration(Duration.ofSeconds(1)), "behavior.scaleDown policy's period"),
    SCALE_DOWN_STABILIZATION("scaleDownStabilization", Group.SCALING, duration(Duration.ZERO),
            "behavior.scaleDown.stabilizationWindowSeconds"),

    // ---- completion path ----
    BLOB_EVENT_DELAY("blobEventDelay", Group.COMPLETION, distribution(),
            "from an output blob written to its BlobCreated message on the completions queue"),
    BRIDGE_SLOTS("bridgeSlots", Group.COMPLETION, integer(1, 10_000), "BlobCreated messages the completion bridge handles at once"),
    BRIDGE_VERIFY("bridgeVerify", Group.COMPLETION, bool(), "whether the bridge recomputes each block to check its output"),
    BRIDGE_QUEUE_OPS("bridgeQueueOps", Group.COMPLETION, number(0, 100), "queue operations per block in the bridge"),
    BRIDGE_BLOB_OPS("bridgeBlobOps", Group.COMPLETION, number(0, 100), "blob operations per block in the bridge"),
    BRIDGE_POLL_MAX("bridgePollMax", Group.COMPLETION, duration(Duration.ofMillis(1)),
            "longest wait between receives of the idle bridge (its back-off doubles from 20 ms)"),

    // ---- storage ----
    MACHINE_CORES("machineCores", Group.MACHINE, number(0, 10_000),
            "cores of one machine that runs everything (the embedded stack): 0 for a cluster, where every host and pod "
                    + "has its own CPU and storage is a service"),
    STORAGE_OP_CPU("storageOpCpu", Group.MACHINE, duration(Duration.ZERO),
            "on that machine, the CPU one storage operation costs (client and emulator)"),
    FIRST_STEP_WORK_ITEM_CPU("firstStepWorkItemCpu", Group.MACHINE, duration(Duration.ZERO),
            "on that machine, the CPU of a work item in the run's first step, while the stack's JVM is still cold (JIT); "
                    + "0 for the same as episodeCpu"),
    FIRST_STEP_WORKER_WARMUP("firstStepWorkerWarmup", Group.MACHINE, duration(Duration.ZERO),
            "on that machine, how much longer a new worker's first block takes in the run's first step, when the "
                    + "emulator, the stack and every JVM are cold; 0 for workerWarmup"),
    FIRST_STEP_WORKER_OVERHEAD("firstStepWorkerOverhead", Group.MACHINE, duration(Duration.ZERO),
            "on that machine, the worker's CPU per block besides the kernel in the run's first step (everything cold); "
                    + "0 for workerOverhead"),
    POD_START_CPU("podStartCpu", Group.MACHINE, duration(Duration.ZERO),
            "on that machine, the CPU a worker JVM's start takes from everything else while it starts"),
    STATUS_POLL_CPU("statusPollCpu", Group.MACHINE, duration(Duration.ZERO),
            "on that machine, the CPU of one client status poll besides its table read: the load generator's request, "
                    + "the HTTP tier and its gRPC call to the task hub"),
    PARTITION_POLL_CPU("partitionPollCpu", Group.MACHINE, duration(Duration.ZERO),
            "on that machine, the CPU each owned partition's loop (control-queue receives, lease renewal, session "
                    + "dispatch) takes per second while its stack runs, busy or idle"),
    QUEUE_LATENCY("queueLatency", Group.STORAGE, duration(Duration.ZERO), "one queue operation, unloaded"),
    TABLE_LATENCY("tableLatency", Group.STORAGE, duration(Duration.ZERO), "one table operation, unloaded"),
    BLOB_LATENCY("blobLatency", Group.STORAGE, duration(Duration.ZERO), "one blob operation, unloaded"),
    ACCOUNT_REQUESTS_PER_SECOND("accountRequestsPerSecond", Group.STORAGE, number(1, 1e9),
            "the storage account's request-rate target (all services)"),
    QUEUE_MESSAGES_PER_SECOND("queueMessagesPerSecond", Group.STORAGE, number(1, 1e9),
            "each queue's throughput target (1 KiB messages)"),

    // ---- cost ----
    NODE_SKU("nodeSku", Group.COST, text(), "the worker node pool's VM size"),
    NODE_PRICE_PER_HOUR("nodePricePerHour", Group.COST, number(0, 1_000), "one worker node's price per hour"),
    OTHER_PRICE_PER_HOUR("otherPricePerHour", Group.COST, number(0, 100_000),
            "whatever else runs, per hour: the task hub hosts, the API and the bridge (their nodes)"),
    HOURS_PER_MONTH("hoursPerMonth", Group.COST, number(1, 744), "hours in a billing month"),

    // ---- simulation ----
    SEED("seed", Group.SIMULATION, integer(0, Long.MAX_VALUE), "the random draws' seed: the same seed, the same run"),
    MONITOR_INTERVAL("monitorInterval", Group.SIMULATION, duration(Duration.ofMillis(10)),
            "how often queue depths are written to the timeline, as the load tests' monitor does"),
    IDLE_UNTIL_ZERO("idleUntilZero", Group.SIMULATION, bool(),
            "after the last orchestration, keep going until the workers are back at zero replicas"),
    HORIZON("horizon", Group.SIMULATION, duration(Duration.ofSeconds(1)),
            "the longest simulated time; a run that has not finished by then stops there, and says so");

    /** Where a parameter belongs, for the reference and the profile's order. */
    public enum Group {
        WORKLOAD, ORCHESTRATION, WORKER, NODES, SCALING, COMPLETION, STORAGE, MACHINE, COST, SIMULATION;

        public String title() {
            return switch (this) {
                case WORKLOAD -> "Workload";
                case ORCHESTRATION -> "Orchestration tier";
                case WORKER -> "Worker pods";
                case NODES -> "Node pool";
                case SCALING -> "KEDA and the HPA";
                case COMPLETION -> "Completion path";
                case STORAGE -> "Storage";
                case MACHINE -> "One machine (the embedded stack)";
                case COST -> "Cost";
                case SIMULATION -> "Simulation";
            };
        }
    }

    private final String key;
    private final Group group;
    private final ValueType type;
    private final String description;

    Parameter(String key, Group group, ValueType type, String description) {
        this.key = key;
        this.group = group;
        this.type = type;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public Group group() {
        return group;
    }

    public ValueType type() {
        return type;
    }

    public String description() {
        return description;
    }

    /**
     * The typed value of {@code text}.
     *
     * @throws IllegalArgumentException "{@code key} must be ..., got ..."
     */
    public Object parse(String text) {
        try {
            return type.parse(text == null ? "" : text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " " + e.getMessage(), e);
        }
    }

    public String format(Object value) {
        return type.format(value);
    }

    /** The parameter with this key, exactly as spelled. */
    public static Optional<Parameter> byKey(String key) {
        return Arrays.stream(values()).filter(p -> p.key.equals(key)).findFirst();
    }

    /**
     * @throws IllegalArgumentException naming the key and, when one is close, the key it probably meant
     */
    public static Parameter of(String key) {
        return byKey(key).orElseThrow(() -> {
            String lower = key.toLowerCase(Locale.ROOT);
            List<String> near = Arrays.stream(values()).map(Parameter::key)
                    .filter(k -> k.toLowerCase(Locale.ROOT).equals(lower) || k.toLowerCase(Locale.ROOT).contains(lower)
                            && lower.length() >= 4)
                    .toList();
            return new IllegalArgumentException("unknown parameter '" + key + "'"
                    + (near.isEmpty() ? "" : " (did you mean " + String.join(" or ", near) + "?)")
                    + ": see the parameter list with 'simulator.jar parameters' or docs/simulator.md");
        });
    }
}
