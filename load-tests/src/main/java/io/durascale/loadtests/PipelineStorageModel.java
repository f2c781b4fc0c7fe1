package io.durascale.loadtests;

import io.durascale.pipeline.taskhub.bench.StorageBound;
import io.durascale.pipeline.taskhub.StorageOps.Kind;
import java.util.EnumMap;
import java.util.Map;

/**
 * The storage bound of the whole pipeline on the embedded stack: the task hub's operations as it
 * counted them, plus what each block costs outside the hub, which nobody counts in flight (the
 * workers are other processes), so it is written down here from the code paths:
 * the activity writes the input blob and sends the job; the worker receives it, reads the input,
 * writes the output, deletes the message and the input; the blob-event source sends the
 * BlobCreated message; the completion bridge receives it, reads the output to verify it, and
 * deletes the message. Raising the event is a task hub operation and already counted.
 */
final class PipelineStorageModel {

    static final String BASIS = "task hub operations as counted, plus per block 2 queue sends, 2 receives, 2 deletes, "
            + "2 blob writes, 2 blob reads and 1 blob delete (activity, worker, blob event, bridge); each service bounds "
            + "on its own at the rates measured in the same run";

    private static final Map<Kind, Integer> PER_BLOCK = Map.of(
            Kind.QUEUE_SEND, 2, Kind.QUEUE_RECEIVE, 2, Kind.QUEUE_DELETE, 2,
            Kind.BLOB_WRITE, 2, Kind.BLOB_READ, 2, Kind.BLOB_DELETE, 1);

    private PipelineStorageModel() {
    }

    /** Orchestrations per second the storage allows for this mix of hub operations and blocks. */
    static double bound(StorageBound.Rates rates, Map<Kind, Long> hubOperations, int orchestrations, int blocks) {
        Map<Kind, Long> all = new EnumMap<>(Kind.class);
        all.putAll(hubOperations);
        PER_BLOCK.forEach((kind, perBlock) -> all.merge(kind, (long) perBlock * blocks, Long::sum));
        return rates.bound(all, orchestrations);
    }
}
