package io.durascale.pipeline.taskhub.storage;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.durascale.pipeline.taskhub.StorageOps;
import io.durascale.pipeline.taskhub.TaskHubNames;
import io.durascale.storage.StorageAccount;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@code <hub>-leases/taskhub.json} says of a hub, as the Azure Storage provider writes it when it creates
 * one (DTFx's TaskHubInfo: name, creation time, partition count; the KEDA Durable Task scaler reads it too). It is
 * how a client with no backend running learns which control queue an instance's messages go to, and it never
 * changes: a backend set to another partition count refuses to start rather than misroute messages.
 */
public record TaskHubInfo(@JsonProperty("TaskHubName") String taskHubName, @JsonProperty("CreatedAt") Instant createdAt,
                          @JsonProperty("PartitionCount") int partitionCount) {

    /** The blob's name in the leases container. */
    public static final String BLOB = "taskhub.json";

    /** The hub's description; empty when it has none (not created yet, or created before descriptions were written). */
    public static Optional<TaskHubInfo> read(TaskHubStorage storage) {
        String json = storage.readLeaseBlob(BLOB);
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(TaskHubJson.read(json, TaskHubInfo.class));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(storage.names().leasesContainer() + "/" + BLOB + " is not a task hub description: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Writes the description of a hub being created, unless it has one.
     *
     * @throws IllegalArgumentException when the hub's description names another partition count than {@code storage}'s
     */
    static void ensure(TaskHubStorage storage) {
        TaskHubNames names = storage.names();
        TaskHubInfo info = read(storage).orElseGet(() -> {
            TaskHubInfo mine = new TaskHubInfo(names.hub(), Instant.now(), names.partitionCount());
            storage.writeBlobIfAbsent(storage.leasesContainer().getBlobClient(BLOB), TaskHubJson.write(mine));
            return read(storage).orElse(mine); // another process may have created it first
        });
        if (info.partitionCount() != names.partitionCount()) {
            throw new IllegalArgumentException("task hub " + names.hub() + " has " + info.partitionCount() + " partitions ("
                    + names.leasesContainer() + "/" + BLOB + "), not " + names.partitionCount()
                    + ": a hub's partition count never changes, so use " + info.partitionCount() + " or another hub name");
        }
    }

    /**
     * The partition count of an existing hub: its description, else (a hub created before descriptions were
     * written) its {@code <hub>-control-NN} queues; empty when the hub does not exist.
     */
    public static OptionalInt partitionCountOf(StorageAccount account, String hub) {
        TaskHubStorage probe = new TaskHubStorage(account, new TaskHubNames(hub, 1), new StorageOps());
        Optional<TaskHubInfo> info = read(probe);
        if (info.isPresent()) {
            return OptionalInt.of(info.get().partitionCount());
        }
        String first = probe.names().controlQueue(0);
        String prefix = first.substring(0, first.length() - 2);
        long queues = probe.queueNamesStartingWith(prefix).stream().filter(q -> q.substring(prefix.length()).matches("\\d{2}"))
                .count();
        return queues == 0 ? OptionalInt.empty() : OptionalInt.of((int) queues);
    }
}
