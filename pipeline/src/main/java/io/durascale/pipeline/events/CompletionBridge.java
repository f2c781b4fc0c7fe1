package io.durascale.pipeline.events;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.DownloadRetryOptions;
import io.durascale.pipeline.orchestration.BatchRequest;
import io.durascale.pipeline.orchestration.BlockEvents;
import io.durascale.storage.StorageAccount;
import io.durascale.core.job.BlobNames;
import io.durascale.core.job.OutputMetadata;
import io.durascale.core.kernel.ComputeKernel;
import io.durascale.core.kernel.Kernels;
import io.durascale.core.kernel.Verification;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * BlobCreated → BlockCompleted. Consumes the completions queue (Event Grid's storage-queue
 * delivery, or the emulated source on Azurite), reads the output blob's metadata, optionally
 * verifies the output against its regenerated input (the batch's seed and block size come from
 * the orchestration's input), and raises BlockCompleted — or BlockFailed when the output does
 * not verify. Duplicates and events for finished or unknown instances are harmless: the
 * orchestration counts a block once and the task hub drops events for finished instances.
 */
public final class CompletionBridge implements AutoCloseable {

    public static final String DEFAULT_QUEUE = "compute-completions";

    private final StorageAccount storage;
    private final EventRaiser hub;
    private final String outputContainer;
    private final boolean verify;
    private final Map<String, Optional<BatchRequest>> batches = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Optional<BatchRequest>> eldest) {
                    return size() > 1000;
                }
            });
    private final MessagePump pump;

    public CompletionBridge(StorageAccount storage, EventRaiser hub, String queue, String outputContainer, boolean verify,
                            int parallelism) {
        this.storage = storage;
        this.hub = hub;
        this.outputContainer = outputContainer;
        this.verify = verify;
        this.pump = new MessagePump("completion-bridge", storage.queues().getQueueClient(queue),
                storage.queues().getQueueClient(queue + "-poison"), this::handle, Duration.ofSeconds(60), 5, parallelism);
    }

    public CompletionBridge start() {
        pump.start();
        return this;
    }

    public long handled() {
        return pump.handled();
    }

    void handle(String message) throws MessagePump.Unprocessable {
        BlobCreatedEvent event;
        BlobNames.BlobRef ref;
        try {
            event = BlobCreatedEvent.parse(message);
            ref = event.blob();
        } catch (IllegalArgumentException e) {
            throw new MessagePump.Unprocessable("not a BlobCreated event for a block: " + e.getMessage());
        }
        if (!ref.container().equals(outputContainer)) {
            return; // another container's blob: not ours to report
        }
        BlobClient blob = storage.blobs().getBlobContainerClient(ref.container()).getBlobClient(ref.blobName());
        Map<String, String> metadata;
        byte[] output = null;
        try {
            if (verify) {
                var download = blob.downloadContentWithResponse(new DownloadRetryOptions(), null, null, null);
                output = download.getValue().toBytes();
                metadata = download.getDeserializedHeaders().getMetadata();
            } else {
                metadata = blob.getProperties().getMetadata();
            }
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return; // deleted since: an old event, nothing to report
            }
            throw e;
        }
        OutputMetadata.CompletedBlock block;
        try {
            block = OutputMetadata.parse(metadata);
        } catch (IllegalArgumentException e) {
            throw new MessagePump.Unprocessable("output blob " + ref + " has no durascale metadata: " + e.getMessage());
        }
        Boolean verified = null;
        if (verify) {
            Optional<Verification> check = verifyAgainstBatch(block, output);
            if (check.isPresent() && !check.get().ok()) {
                raise(hub, block.instanceId(), BlockEvents.BLOCK_FAILED, new BlockEvents.BlockFailed(block.blockId(),
                        "output failed verification: " + check.get().detail()));
                return;
            }
            verified = check.map(Verification::ok).orElse(null);
        }
        raise(hub, block.instanceId(), BlockEvents.BLOCK_COMPLETED, new BlockEvents.BlockCompleted(block.blockId(),
                block.sha256(), block.computeMillis(), block.workerId(), verified));
    }

    /** Raises the event; an instance that does not exist (never started, or purged) can never take it: dead-letter. */
    static void raise(EventRaiser hub, String instanceId, String eventName, Object payload) throws MessagePump.Unprocessable {
        try {
            hub.raise(instanceId, eventName, payload);
        } catch (EventRaiser.NoSuchInstance e) {
            throw new MessagePump.Unprocessable("cannot raise " + eventName + ": " + e.getMessage());
        }
    }

    /** Regenerates the block's input from its batch and checks the output; empty when the batch is unknown. */
    private Optional<Verification> verifyAgainstBatch(OutputMetadata.CompletedBlock block, byte[] output) {
        Optional<BatchRequest> batch = batches.computeIfAbsent(block.instanceId(), hub::batchOf);
        if (batch.isEmpty() || !block.blockId().matches("\\d{5}")) {
            return Optional.empty();
        }
        BatchRequest request = batch.get();
        int index = Integer.parseInt(block.blockId());
        ComputeKernel kernel = Kernels.byName(request.kernel());
        byte[] input = kernel.generateInput(request.blockSeed(index), request.blockSize());
        return Optional.of(kernel.verify(input, output));
    }

    @Override
    public void close() {
        pump.close();
    }
}
