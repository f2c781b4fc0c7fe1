package io.durascale.pipeline.scaler;

import io.durascale.pipeline.taskhub.TaskHubNames;
import io.durascale.pipeline.taskhub.TaskHubSettings;
import io.durascale.storage.ConnectionString;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The metadata of a ScaledObject's {@code external} trigger that points at this scaler, as KEDA sends it in
 * {@code ScaledObjectRef.scalerMetadata}: parsed by {@link #parse} and checked here, the one place, each
 * error naming its field ({@link InvalidMetadataException}). The struct of a KEDA scaler's
 * {@code pkg/scalers/*_scaler.go}, written in Java.
 *
 * @param hub the task hub's name ({@code hub}, required), checked by the task hub's own rule
 * @param partitionCount its control-queue partitions ({@code partitionCount}, default 4, the task hub's default):
 *     the queues read, and the cap on orchestration hosts
 * @param maxActivitiesPerWorker activity work items one host runs at once ({@code maxActivitiesPerWorker},
 *     default 10); the Durable Functions target-based scaler's {@code MaxConcurrentActivities}
 * @param maxOrchestrationsPerWorker orchestration work items one host runs at once
 *     ({@code maxOrchestrationsPerWorker}, default 10); its {@code MaxConcurrentOrchestrators}
 * @param pollingInterval the ScaledObject's {@code pollingInterval} in seconds ({@code pollingInterval}, default 30,
 *     KEDA's): how far ahead a durable timer counts as due. KEDA's external-scaler protocol does not send the
 *     ScaledObject's spec, only the trigger's metadata, so the trigger repeats it
 * @param connection the storage account, when {@code connectionFromEnv} named one: KEDA sends the variable's
 *     value (resolved from the scaled workload's environment), never its name; empty means this scaler's own
 *     account. Its {@code toString} hides the key
 */
public record TaskHubScalerMetadata(String hub, int partitionCount, int maxActivitiesPerWorker,
                                    int maxOrchestrationsPerWorker, Duration pollingInterval,
                                    Optional<ConnectionString> connection) {

    public static final String HUB = "hub";
    public static final String PARTITION_COUNT = "partitionCount";
    public static final String MAX_ACTIVITIES_PER_WORKER = "maxActivitiesPerWorker";
    public static final String MAX_ORCHESTRATIONS_PER_WORKER = "maxOrchestrationsPerWorker";
    public static final String POLLING_INTERVAL = "pollingInterval";
    public static final String CONNECTION_FROM_ENV = "connectionFromEnv";

    public static final int DEFAULT_PARTITION_COUNT = 4;
    /** Durable Functions' host.json default for one core: 10 concurrent activity functions. */
    public static final int DEFAULT_MAX_ACTIVITIES_PER_WORKER = 10;
    /** Durable Functions' host.json default for one core: 10 concurrent orchestrator functions. */
    public static final int DEFAULT_MAX_ORCHESTRATIONS_PER_WORKER = 10;
    /** KEDA's default {@code pollingInterval}. */
    public static final Duration DEFAULT_POLLING_INTERVAL = Duration.ofSeconds(30);
    /** A day: longer would mean a timer wakes the tier hours early. */
    static final int MAX_POLLING_INTERVAL_SECONDS = 86_400;

    /** KEDA's own keys of an {@code external} trigger (external_scaler.go): it sends them along; they are not ours. */
    static final Set<String> KEDA_KEYS = Set.of("scalerAddress", "enableTLS", "unsafeSsl", "caCert", "tlsClientCert",
            "tlsClientKey");
    static final Set<String> KEYS = Set.of(HUB, PARTITION_COUNT, MAX_ACTIVITIES_PER_WORKER, MAX_ORCHESTRATIONS_PER_WORKER,
            POLLING_INTERVAL, CONNECTION_FROM_ENV);

    public TaskHubScalerMetadata {
        try {
            TaskHubSettings.builder().hubName(hub).build();
        } catch (IllegalArgumentException e) {
            throw new InvalidMetadataException(HUB, e.getMessage());
        }
        try {
            TaskHubSettings.builder().partitionCount(partitionCount).build();
        } catch (IllegalArgumentException e) {
            throw new InvalidMetadataException(PARTITION_COUNT, e.getMessage());
        }
        atLeastOne(MAX_ACTIVITIES_PER_WORKER, maxActivitiesPerWorker);
        atLeastOne(MAX_ORCHESTRATIONS_PER_WORKER, maxOrchestrationsPerWorker);
        Objects.requireNonNull(pollingInterval, POLLING_INTERVAL);
        if (pollingInterval.compareTo(Duration.ofSeconds(1)) < 0
                || pollingInterval.compareTo(Duration.ofSeconds(MAX_POLLING_INTERVAL_SECONDS)) > 0) {
            throw new InvalidMetadataException(POLLING_INTERVAL, "must be 1 to " + MAX_POLLING_INTERVAL_SECONDS
                    + " seconds, got " + pollingInterval.toSeconds());
        }
        Objects.requireNonNull(connection, CONNECTION_FROM_ENV);
    }

    /** The defaults for a hub, with this scaler's own storage account. */
    public static TaskHubScalerMetadata of(String hub) {
        return new TaskHubScalerMetadata(hub, DEFAULT_PARTITION_COUNT, DEFAULT_MAX_ACTIVITIES_PER_WORKER,
                DEFAULT_MAX_ORCHESTRATIONS_PER_WORKER, DEFAULT_POLLING_INTERVAL, Optional.empty());
    }

    /**
     * Reads {@code scalerMetadata} with the names and defaults above. Keys that are neither ours nor KEDA's own are
     * refused, so that a misspelt setting is an error rather than a silent default.
     *
     * @throws InvalidMetadataException naming the first field that is missing, malformed or out of range
     */
    public static TaskHubScalerMetadata parse(Map<String, String> metadata) {
        Objects.requireNonNull(metadata, "metadata");
        Set<String> unknown = new TreeSet<>(metadata.keySet());
        unknown.removeAll(KEYS);
        unknown.removeAll(KEDA_KEYS);
        if (!unknown.isEmpty()) {
            String key = unknown.iterator().next();
            throw new InvalidMetadataException(key, "not a setting of the task-hub scaler (it reads " + new TreeSet<>(KEYS)
                    + ")");
        }
        String hub = text(metadata, HUB).orElseThrow(() -> new InvalidMetadataException(HUB, "required: the task hub's name"));
        Optional<ConnectionString> connection = text(metadata, CONNECTION_FROM_ENV).map(value -> {
            try {
                return ConnectionString.parse(value);
            } catch (IllegalArgumentException e) {
                // ConnectionString's messages never echo the value.
                throw new InvalidMetadataException(CONNECTION_FROM_ENV, "not a storage connection string (KEDA sends the "
                        + "variable's value, resolved from the scaled workload): " + e.getMessage());
            }
        });
        return new TaskHubScalerMetadata(hub,
                integer(metadata, PARTITION_COUNT, DEFAULT_PARTITION_COUNT),
                integer(metadata, MAX_ACTIVITIES_PER_WORKER, DEFAULT_MAX_ACTIVITIES_PER_WORKER),
                integer(metadata, MAX_ORCHESTRATIONS_PER_WORKER, DEFAULT_MAX_ORCHESTRATIONS_PER_WORKER),
                Duration.ofSeconds(integer(metadata, POLLING_INTERVAL, (int) DEFAULT_POLLING_INTERVAL.toSeconds())),
                connection);
    }

    /** The hub's queue and table names. */
    public TaskHubNames names() {
        return new TaskHubNames(hub, partitionCount);
    }

    /** The metric this trigger's HPA scales on: one per hub, so two ScaledObjects of one hub share it. */
    public String metricName() {
        return "taskhub-" + hub.toLowerCase(Locale.ROOT) + "-hosts";
    }

    private static void atLeastOne(String field, int value) {
        if (value < 1) {
            throw new InvalidMetadataException(field, "must be at least 1, got " + value);
        }
    }

    /** Blank counts as absent, as in KEDA. */
    private static Optional<String> text(Map<String, String> metadata, String key) {
        String value = metadata.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static int integer(Map<String, String> metadata, String key, int defaultValue) {
        Optional<String> value = text(metadata, key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.get());
        } catch (NumberFormatException e) {
            throw new InvalidMetadataException(key, "must be a whole number, got '" + value.get() + "'");
        }
    }
}
