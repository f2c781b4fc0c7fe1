package io.durascale.pipeline.local.keda;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import io.durascale.core.job.JobQueues;
import java.util.Objects;
import java.util.Optional;

/**
 * The metadata of an {@code azure-queue} trigger ({@code azureQueueMetadata} in KEDA's
 * {@code pkg/scalers/azure_queue_scaler.go}), parsed by {@link #parse} and checked here, in the
 * constructor: the one place these settings are validated.
 *
 * @param queueName the queue the trigger watches ({@code queueName}, required)
 * @param queueLength target messages per replica ({@code queueLength}, default 5): the HPA's AverageValue target
 * @param activationQueueLength the trigger is active when the queue is strictly longer than this (default 0)
 * @param queueLengthStrategy which messages count ({@code all} by default)
 * @param connection where KEDA takes the storage connection string from, never the string itself; the local
 *     KEDA reads the queue of the stack's storage account, whatever this names
 */
public record AzureQueueTrigger(String queueName, int queueLength, int activationQueueLength,
                                QueueLengthStrategy queueLengthStrategy, Connection connection) implements Trigger {

    public static final String TYPE = "azure-queue";
    /** KEDA's default {@code queueLength}. */
    public static final int DEFAULT_QUEUE_LENGTH = 5;
    /**
     * The TriggerAuthentication the worker chart renders for a release named {@code durascale-worker}
     * (its full name): the connection of the triggers built here.
     */
    public static final String DEFAULT_AUTHENTICATION = "durascale-worker";

    public AzureQueueTrigger {
        try {
            JobQueues.checkJobsQueue(queueName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("queueName: " + e.getMessage(), e);
        }
        if (queueLength < 1) {
            throw new IllegalArgumentException("queueLength must be at least 1 (the messages one replica handles), got "
                    + queueLength);
        }
        if (activationQueueLength < 0) {
            throw new IllegalArgumentException("activationQueueLength must be 0 or more, got " + activationQueueLength);
        }
        Objects.requireNonNull(queueLengthStrategy, "queueLengthStrategy");
        Objects.requireNonNull(connection, "connection");
    }

    /** KEDA's defaults for a queue: queueLength 5, activation 0, strategy all; the connection the chart gives. */
    public static AzureQueueTrigger of(String queueName) {
        return new AzureQueueTrigger(queueName, DEFAULT_QUEUE_LENGTH, 0, QueueLengthStrategy.ALL,
                Connection.authenticationRef(DEFAULT_AUTHENTICATION));
    }

    /**
     * Reads the trigger's metadata with KEDA's names and defaults. The connection is looked up in KEDA's order
     * ({@code order=authParams;triggerMetadata;resolvedEnv}): the trigger's authenticationRef, then
     * {@code connection} in the metadata, then {@code connectionFromEnv}.
     *
     * @param authenticationRef the trigger's {@code authenticationRef.name}, if it has one
     * @throws IllegalArgumentException naming the parameter, with the metadata's path
     */
    public static AzureQueueTrigger parse(TriggerMetadata metadata, Optional<String> authenticationRef) {
        String queueName = metadata.required("queueName");
        int queueLength = metadata.integer("queueLength", DEFAULT_QUEUE_LENGTH);
        int activation = metadata.integer("activationQueueLength", 0);
        QueueLengthStrategy strategy = metadata.oneOf("queueLengthStrategy", QueueLengthStrategy.ALL,
                QueueLengthStrategy::parse);
        Connection connection = authenticationRef.map(Connection::authenticationRef)
                .or(() -> metadata.optional("connection").map(value -> Connection.inMetadata()))
                .or(() -> metadata.optional("connectionFromEnv").map(Connection::fromEnv))
                // KEDA's own words when none is given.
                .orElseThrow(() -> metadata.invalid("connection: no connection setting given (an authenticationRef, "
                        + "connection or connectionFromEnv)"));
        try {
            return new AzureQueueTrigger(queueName, queueLength, activation, strategy, connection);
        } catch (IllegalArgumentException e) {
            throw metadata.invalid(e.getMessage());
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    public AzureQueueTrigger withQueueName(String value) {
        return new AzureQueueTrigger(value, queueLength, activationQueueLength, queueLengthStrategy, connection);
    }

    public AzureQueueTrigger withQueueLength(int value) {
        return new AzureQueueTrigger(queueName, value, activationQueueLength, queueLengthStrategy, connection);
    }

    public AzureQueueTrigger withActivationQueueLength(int value) {
        return new AzureQueueTrigger(queueName, queueLength, value, queueLengthStrategy, connection);
    }

    public AzureQueueTrigger withQueueLengthStrategy(QueueLengthStrategy value) {
        return new AzureQueueTrigger(queueName, queueLength, activationQueueLength, value, connection);
    }

    public AzureQueueTrigger withConnection(Connection value) {
        return new AzureQueueTrigger(queueName, queueLength, activationQueueLength, queueLengthStrategy, value);
    }

    /** The trigger for run.json and the timeline: its type, then its metadata with numbers as numbers. */
    @JsonValue
    public Description describe() {
        return new Description(TYPE, queueName, queueLength, activationQueueLength, queueLengthStrategy.kedaName(),
                connection);
    }

    /** {@link #describe()}'s JSON. */
    public record Description(String type, String queueName, int queueLength, int activationQueueLength,
                              String queueLengthStrategy, Connection connection) {
    }

    /**
     * Where the connection string comes from.
     *
     * @param source {@code authenticationRef} (a TriggerAuthentication's {@code connection} parameter),
     *     {@code connectionFromEnv} (a variable of the scaled workload) or {@code metadata} (in the trigger itself)
     * @param name the TriggerAuthentication or the variable; none for {@code metadata}, whose value is never kept
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Connection(String source, String name) {

        public Connection {
            Objects.requireNonNull(source, "source");
        }

        public static Connection authenticationRef(String name) {
            return new Connection("authenticationRef", Objects.requireNonNull(name, "name"));
        }

        public static Connection fromEnv(String variable) {
            return new Connection("connectionFromEnv", Objects.requireNonNull(variable, "variable"));
        }

        public static Connection inMetadata() {
            return new Connection("metadata", null);
        }
    }
}
