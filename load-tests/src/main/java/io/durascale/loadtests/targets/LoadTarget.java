package io.durascale.loadtests.targets;

import io.durascale.pipeline.taskhub.TaskHub;
import io.durascale.run.RunInfo;
import io.durascale.storage.StorageAccount;
import java.util.Optional;

/**
 * Where the load goes and what can be watched there: the embedded stack in this JVM, or a deployed
 * pipeline (or any Durable Functions app with the same HTTP API) and its cluster.
 */
public interface LoadTarget extends AutoCloseable {

    /** The HTTP API's base URL, without a trailing slash; it may change when the embedded stack restarts. */
    String baseUrl();

    /** The key management requests present ({@code x-functions-key}); never logged. */
    String hostKey();

    /** The storage account of the task hub and the compute queues. */
    StorageAccount storage();

    /** The task hub's name, as its queues are named. */
    String hub();

    /** True for the stack in this JVM (emulated scaling and, usually, emulated storage). */
    boolean embedded();

    /** Worker pods that exist (created and not being deleted), as last seen. */
    int replicas();

    /** Orchestration hosts that exist when the orchestration tier scales (0 when it does not, or runs in process). */
    default int orchestrationReplicas() {
        return 0;
    }

    /** The task hub backend in this JVM, when there is one: its per-partition counters and storage operations. */
    default Optional<TaskHub> taskHub() {
        return Optional.empty();
    }

    /** The description with what the target is added (target, storage, task hub, scaling), for run.json: never a secret. */
    RunInfo describe(RunInfo description);

    /**
     * run.json's {@code taskHub} section.
     *
     * @param partitions as configured, for a hub this JVM runs; null for a deployed one
     */
    record TaskHubSetting(String hub, Integer partitions) {
    }

    @Override
    void close();
}
