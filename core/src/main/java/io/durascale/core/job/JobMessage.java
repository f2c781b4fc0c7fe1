package io.durascale.core.job;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One block of work as it travels on the jobs queue (see {@link JobCodec} for the wire form).
 *
 * @param schemaVersion the message layout; this worker reads {@value #CURRENT_SCHEMA_VERSION}
 * @param jobId unique per enqueued job (a retry of the same block by the orchestrator gets a new one)
 * @param instanceId the orchestration instance that owns the block
 * @param blockId the block within the instance
 * @param kernel the registered kernel name
 * @param params free-form kernel parameters, for reports (the input blob carries what the kernel needs)
 * @param inputBlob {@code container/instanceId/blockId} of the input
 * @param outputBlob {@code container/instanceId/blockId} the output goes to
 * @param enqueuedAt when the producer enqueued the job
 */
public record JobMessage(int schemaVersion, String jobId, String instanceId, String blockId, String kernel,
                         Map<String, String> params, String inputBlob, String outputBlob, Instant enqueuedAt) {

    public static final int CURRENT_SCHEMA_VERSION = 1;

    public JobMessage {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(blockId, "blockId");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(inputBlob, "inputBlob");
        Objects.requireNonNull(outputBlob, "outputBlob");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
        TreeMap<String, String> sorted = new TreeMap<>();
        if (params != null) {
            params.forEach((key, value) -> sorted.put(Objects.requireNonNull(key, "params key"),
                    Objects.requireNonNull(value, () -> "params." + key)));
        }
        params = Collections.unmodifiableMap(sorted);
    }

    /** A job in the current schema, with the canonical blob names from {@link BlobNames}. */
    public static JobMessage of(String jobId, String instanceId, String blockId, String kernel, Map<String, String> params,
                                Instant enqueuedAt) {
        return new JobMessage(CURRENT_SCHEMA_VERSION, jobId, instanceId, blockId, kernel, params,
                BlobNames.inputBlob(instanceId, blockId), BlobNames.outputBlob(instanceId, blockId), enqueuedAt);
    }

    /** The same job with its blobs in other containers (tests, side-by-side runs). */
    public JobMessage withContainers(String inputContainer, String outputContainer) {
        return new JobMessage(schemaVersion, jobId, instanceId, blockId, kernel, params,
                inputContainer + "/" + BlobNames.blockPath(instanceId, blockId),
                outputContainer + "/" + BlobNames.blockPath(instanceId, blockId), enqueuedAt);
    }

    public BlobNames.BlobRef input() {
        return BlobNames.parseBlob(inputBlob);
    }

    public BlobNames.BlobRef output() {
        return BlobNames.parseBlob(outputBlob);
    }
}
