package io.durascale.pipeline.taskhub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Every setting of the task hub backend, validated in one place. Defaults follow the Azure
 * Storage provider of the Durable Task Framework where they matter for behaviour (4 partitions,
 * batches of 32, 30/10/10 s leases, 5 min visibility), and are quicker where its defaults are
 * tuned for cost on real Azure (polling backs off to 1 s here, 30 s there).
 *
 * @param hubName                   task hub name: 3–45 letters and digits, starting with a letter
 * @param partitionCount            control queues, 1–16
 * @param controlQueueBatchSize     messages per control-queue receive, 1–32
 * @param workItemBatchSize         messages per work-item-queue receive, 1–32
 * @param minPollingInterval        first delay after an empty receive
 * @param maxPollingInterval        the bound polling backs off to when idle
 * @param controlVisibilityTimeout  how long a received control message stays invisible
 * @param workItemVisibilityTimeout how long a received activity message stays invisible (renewed while it runs)
 * @param leaseDuration             partition lease length (a dead owner's partitions move after this)
 * @param leaseRenewInterval        how often an owner renews its leases
 * @param leaseAcquireInterval      how often a process looks for partitions to take or give up
 * @param extendedSessions          keep orchestration history in memory on the partition owner
 * @param sessionCacheSize          instances kept in memory per process when extended sessions are on
 * @param maxInFlightPerStream      work items outstanding on one GetWorkItems stream (fairness across workers)
 * @param workerId                  this process's identity in lease metadata and logs
 */
public record TaskHubSettings(
        String hubName,
        int partitionCount,
        int controlQueueBatchSize,
        int workItemBatchSize,
        Duration minPollingInterval,
        Duration maxPollingInterval,
        Duration controlVisibilityTimeout,
        Duration workItemVisibilityTimeout,
        Duration leaseDuration,
        Duration leaseRenewInterval,
        Duration leaseAcquireInterval,
        boolean extendedSessions,
        int sessionCacheSize,
        int maxInFlightPerStream,
        String workerId) {

    public static final String DEFAULT_HUB = "DurascaleHub";
    /** The Azure Storage provider's limit on control queues. */
    public static final int MAX_PARTITIONS = 16;

    public TaskHubSettings {
        List<String> problems = new ArrayList<>();
        if (hubName == null || !hubName.matches("[A-Za-z][A-Za-z0-9]{2,44}")) {
            problems.add("hub name '" + hubName + "' must be 3-45 letters or digits starting with a letter");
        }
        check(problems, partitionCount >= 1 && partitionCount <= MAX_PARTITIONS, "partition count must be 1-" + MAX_PARTITIONS + ", not " + partitionCount);
        check(problems, controlQueueBatchSize >= 1 && controlQueueBatchSize <= 32,
                "control queue batch size must be 1-32, not " + controlQueueBatchSize);
        check(problems, workItemBatchSize >= 1 && workItemBatchSize <= 32,
                "work item batch size must be 1-32, not " + workItemBatchSize);
        check(problems, positive(minPollingInterval) && positive(maxPollingInterval)
                && minPollingInterval.compareTo(maxPollingInterval) <= 0,
                "polling intervals must be positive with min <= max");
        check(problems, atLeastSeconds(controlVisibilityTimeout, 1) && atLeastSeconds(workItemVisibilityTimeout, 1),
                "visibility timeouts must be at least 1 s");
        check(problems, positive(leaseRenewInterval) && positive(leaseAcquireInterval)
                        && atLeastSeconds(leaseDuration, 15) && leaseDuration.compareTo(Duration.ofSeconds(60)) <= 0
                        && leaseRenewInterval.compareTo(leaseDuration) < 0 && leaseAcquireInterval.compareTo(leaseDuration) < 0,
                // A process counts as live while its heartbeat, written every acquire interval, is younger than a lease.
                "lease duration must be 15-60 s (Azure blob leases) and renewal shorter than it, and the acquire interval too");
        check(problems, sessionCacheSize >= 0, "session cache size must not be negative");
        check(problems, maxInFlightPerStream >= 1, "in-flight work items per stream must be at least 1");
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The hub name lower-cased, as queue and container names need it. */
    public String lowerHubName() {
        return hubName.toLowerCase(Locale.ROOT);
    }

    private static void check(List<String> problems, boolean ok, String message) {
        if (!ok) {
            problems.add(message);
        }
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    private static boolean atLeastSeconds(Duration d, long seconds) {
        return d != null && d.compareTo(Duration.ofSeconds(seconds)) >= 0;
    }

    public Builder toBuilder() {
        return new Builder().hubName(hubName).partitionCount(partitionCount)
                .controlQueueBatchSize(controlQueueBatchSize).workItemBatchSize(workItemBatchSize)
                .pollingInterval(minPollingInterval, maxPollingInterval)
                .controlVisibilityTimeout(controlVisibilityTimeout).workItemVisibilityTimeout(workItemVisibilityTimeout)
                .leases(leaseDuration, leaseRenewInterval, leaseAcquireInterval)
                .extendedSessions(extendedSessions).sessionCacheSize(sessionCacheSize)
                .maxInFlightPerStream(maxInFlightPerStream).workerId(workerId);
    }

    /** Fluent construction with the defaults above. */
    public static final class Builder {
        private String hubName = DEFAULT_HUB;
        private int partitionCount = 4;
        private int controlQueueBatchSize = 32;
        private int workItemBatchSize = 32;
        private Duration minPollingInterval = Duration.ofMillis(10);
        private Duration maxPollingInterval = Duration.ofSeconds(1);
        private Duration controlVisibilityTimeout = Duration.ofMinutes(5);
        private Duration workItemVisibilityTimeout = Duration.ofMinutes(5);
        private Duration leaseDuration = Duration.ofSeconds(30);
        private Duration leaseRenewInterval = Duration.ofSeconds(10);
        private Duration leaseAcquireInterval = Duration.ofSeconds(10);
        private boolean extendedSessions = true;
        private int sessionCacheSize = 10_000;
        private int maxInFlightPerStream = 64;
        private String workerId = defaultWorkerId();

        public Builder hubName(String v) { hubName = v; return this; }
        public Builder partitionCount(int v) { partitionCount = v; return this; }
        public Builder controlQueueBatchSize(int v) { controlQueueBatchSize = v; return this; }
        public Builder workItemBatchSize(int v) { workItemBatchSize = v; return this; }
        public Builder pollingInterval(Duration min, Duration max) { minPollingInterval = min; maxPollingInterval = max; return this; }
        public Builder controlVisibilityTimeout(Duration v) { controlVisibilityTimeout = v; return this; }
        public Builder workItemVisibilityTimeout(Duration v) { workItemVisibilityTimeout = v; return this; }
        public Builder leases(Duration duration, Duration renew, Duration acquire) {
            leaseDuration = duration; leaseRenewInterval = renew; leaseAcquireInterval = acquire; return this;
        }
        public Builder extendedSessions(boolean v) { extendedSessions = v; return this; }
        public Builder sessionCacheSize(int v) { sessionCacheSize = v; return this; }
        public Builder maxInFlightPerStream(int v) { maxInFlightPerStream = v; return this; }
        public Builder workerId(String v) { workerId = v; return this; }

        public TaskHubSettings build() {
            return new TaskHubSettings(hubName, partitionCount, controlQueueBatchSize, workItemBatchSize,
                    minPollingInterval, maxPollingInterval, controlVisibilityTimeout, workItemVisibilityTimeout,
                    leaseDuration, leaseRenewInterval, leaseAcquireInterval, extendedSessions, sessionCacheSize,
                    maxInFlightPerStream, workerId);
        }

        private static String defaultWorkerId() {
            String host = System.getenv().getOrDefault("HOSTNAME", "local");
            return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
        }
    }
}
