package io.durascale.pipeline.scaler;

import io.durascale.storage.ConnectionString;
import io.durascale.storage.StorageAccount;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scalers a running {@code pipeline.jar scaler} answers for: KEDA sends each trigger's metadata with every
 * request, so each request is parsed afresh ({@link TaskHubScalerMetadata#parse}), while the storage clients and
 * the last reading of each hub are kept, one {@link TaskHubMonitor} per account, hub and partition count.
 * A trigger without {@code connectionFromEnv} reads this scaler's own account.
 */
public final class TaskHubScalers {

    /** Storage accounts a trigger may name besides the scaler's own: a bound on what requests can make it keep. */
    static final int MAX_ACCOUNTS = 16;
    /** Hubs (with their partition counts) it keeps a monitor for: the same bound, for the same reason. */
    static final int MAX_MONITORS = 256;

    private final StorageAccount ownAccount;
    private final Clock clock;
    private final TaskHubMonitor.ReadListener listener;
    private final Map<String, StorageAccount> accounts = new ConcurrentHashMap<>();
    private final Map<MonitorKey, TaskHubMonitor> monitors = new ConcurrentHashMap<>();

    /**
     * @param ownAccount the account of triggers that name none (the scaler's connection string)
     * @param listener told about every storage read, for the scaler's metrics
     */
    public TaskHubScalers(StorageAccount ownAccount, Clock clock, TaskHubMonitor.ReadListener listener) {
        this.ownAccount = Objects.requireNonNull(ownAccount, "ownAccount");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * The scaler for a trigger's metadata.
     *
     * @throws InvalidMetadataException naming the field that is wrong
     */
    public TaskHubScaler scalerFor(Map<String, String> scalerMetadata) {
        TaskHubScalerMetadata metadata = TaskHubScalerMetadata.parse(scalerMetadata);
        String connection = metadata.connection().map(ConnectionString::value).orElse("");
        StorageAccount account = connection.isEmpty() ? ownAccount : accountFor(connection);
        MonitorKey key = new MonitorKey(connection, metadata.hub(), metadata.partitionCount());
        TaskHubMonitor monitor = monitors.get(key);
        if (monitor == null) {
            if (monitors.size() >= MAX_MONITORS) {
                throw new InvalidMetadataException(TaskHubScalerMetadata.HUB, "this scaler already reads " + MAX_MONITORS
                        + " task hubs; run another scaler for more");
            }
            monitor = monitors.computeIfAbsent(key, k -> new TaskHubMonitor(account, metadata.names(), clock, listener));
        }
        return new TaskHubScaler(metadata, monitor);
    }

    private StorageAccount accountFor(String connection) {
        StorageAccount known = accounts.get(connection);
        if (known != null) {
            return known;
        }
        if (accounts.size() >= MAX_ACCOUNTS) {
            throw new InvalidMetadataException(TaskHubScalerMetadata.CONNECTION_FROM_ENV, "names a storage account "
                    + "beyond the " + MAX_ACCOUNTS + " this scaler reads besides its own; run another scaler for them");
        }
        return accounts.computeIfAbsent(connection, StorageAccount::of);
    }

    /** A monitor's identity; its connection string never reaches a log, so the record hides it. */
    private record MonitorKey(String connection, String hub, int partitions) {
        @Override
        public String toString() {
            return hub + "/" + partitions + (connection.isEmpty() ? " (own account)" : " (connectionFromEnv)");
        }
    }
}
