package io.durascale.loadtests.targets;

import io.durascale.loadtests.LoadSettings;
import io.durascale.pipeline.local.LocalStack;
import io.durascale.pipeline.local.LocalKeda;
import io.durascale.pipeline.local.keda.ScaledObjectSpec;
import io.durascale.pipeline.local.kube.NodePoolSpec;
import io.durascale.pipeline.taskhub.TaskHub;
import io.durascale.run.RunDirectory;
import io.durascale.run.RunInfo;
import io.durascale.storage.StorageAccount;
import io.durascale.storage.StorageResolution;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The whole pipeline in this JVM ({@link LocalStack}, what {@code pipeline.jar up} runs), on free
 * loopback ports, with KEDA emulated over real worker processes. Storage is resolved once and kept
 * across {@link #restart restarts}, so a partition sweep runs every step on the same emulator.
 */
public final class EmbeddedTarget implements LoadTarget {

    private final LoadSettings settings;
    private final RunDirectory run;
    private final StorageAccount storage;
    private final Consumer<String> progress;
    private volatile LocalStack stack;
    private volatile String hub;
    private volatile int partitions;

    private EmbeddedTarget(LoadSettings settings, RunDirectory run, StorageAccount storage, Consumer<String> progress) {
        this.settings = settings;
        this.run = run;
        this.storage = storage;
        this.progress = progress;
    }

    /** Resolves storage and starts the stack with the settings' hub, partitions and scaling. */
    public static EmbeddedTarget start(LoadSettings settings, RunDirectory run, Consumer<String> progress) {
        progress.accept("storage: resolving (connection string, Docker or npm Azurite)...");
        StorageAccount storage = StorageResolution.fromEnvironment()
                .withConnectionString(settings.connection().orElse(null)).orEmulator();
        progress.accept("storage: " + storage.describe());
        EmbeddedTarget target = new EmbeddedTarget(settings, run, storage, progress);
        try {
            target.restart(settings.hub(), settings.partitions(), scaling(settings), settings.verify(), settings.firstStackTier());
            return target;
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
    }

    /** The KEDA settings of the embedded stack: the demo's, with the load test's overrides. */
    public static ScaledObjectSpec scaling(LoadSettings settings) {
        return ScaledObjectSpec.demo().toBuilder().maxReplicaCount(settings.maxReplicas())
                .azureQueue(queue -> queue.withQueueLength(settings.queueLength())).pollingInterval(settings.pollingInterval())
                .cooldownPeriod(settings.cooldown()).build();
    }

    /** A fixed number of warm workers, so a step measures the task hub rather than scale-up. */
    public static ScaledObjectSpec fixedWorkers(LoadSettings settings, int workers) {
        return scaling(settings).toBuilder().minReplicaCount(workers).maxReplicaCount(workers).build();
    }

    /**
     * Stops the running stack (its pods drain) and starts another on the same storage.
     *
     * @param verify whether the completion bridge recomputes each block to check its output (as
     *               costly as the block itself, in this JVM)
     */
    public synchronized void restart(String hubName, int partitionCount, ScaledObjectSpec scaling, boolean verify,
                                     LocalStack.Tier orchestrationTier) {
        LocalStack old = stack;
        if (old != null) {
            stack = null;
            old.close();
        }
        NodePoolSpec pool = nodePool();
        LocalStack.Options options = LocalStack.Options.defaults().withPorts(0, 0).withTaskHub(hubName, partitionCount)
                .withScaling(scaling, pool).withRunDirectory(run.path()).withStorage(storage.connectionString())
                .withWorkers(null, settings.workerConcurrency(), verify)
                .withOrchestrationWorkers(settings.orchestrationWorkers()).withOrchestrationTier(orchestrationTier);
        stack = LocalStack.start(options, line -> progress.accept(line));
        hub = hubName;
        partitions = partitionCount;
    }

    public int partitions() {
        return partitions;
    }

    /** Worker pods whose readiness probe passes. */
    public int readyReplicas() {
        LocalStack s = stack;
        return s == null ? 0 : s.keda().readyReplicas();
    }

    @Override
    public String baseUrl() {
        return stack.apiBaseUrl();
    }

    @Override
    public String hostKey() {
        return stack.hostKey();
    }

    @Override
    public StorageAccount storage() {
        return storage;
    }

    @Override
    public String hub() {
        return hub;
    }

    @Override
    public boolean embedded() {
        return true;
    }

    @Override
    public int replicas() {
        LocalStack s = stack;
        return s == null ? 0 : s.keda().replicas();
    }

    @Override
    public int orchestrationReplicas() {
        LocalStack s = stack;
        return s == null ? 0 : s.orchestrationKeda().map(LocalKeda::replicas).orElse(0);
    }

    @Override
    public Optional<TaskHub> taskHub() {
        LocalStack s = stack;
        return s == null || s.taskHub() == null ? Optional.empty() : Optional.of(s.taskHub().hub());
    }

    @Override
    public RunInfo describe(RunInfo description) {
        // keda and nodePool as the specs' own JSON, as `up` writes them (docs/run-directory.md).
        return description.withTarget("embedded").withStorage(storage.describe(), storage.isEmulator())
                .withSetting("taskHub", new TaskHubSetting(settings.hub(), settings.partitions()))
                .withSetting("keda", scaling(settings))
                .withSetting("nodePool", nodePool());
    }

    @Override
    public synchronized void close() {
        try {
            if (stack != null) {
                stack.close();
                stack = null;
            }
        } finally {
            storage.close();
        }
    }

    private NodePoolSpec nodePool() {
        return NodePoolSpec.noDelays().toBuilder().podStartDelay(settings.podStartDelay()).build();
    }
}
