package io.durascale.pipeline.taskhub.partition;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.LeaseStateType;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.specialized.BlobLeaseClient;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;
import io.durascale.pipeline.taskhub.TaskHubNames;
import io.durascale.pipeline.taskhub.TaskHubSettings;
import io.durascale.pipeline.taskhub.storage.TaskHubStorage;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Partition ownership by blob leases, one lease blob per control queue in
 * {@code <hub>-leases/default/}, as the Azure Storage provider's lease manager keeps them.
 *
 * <p>Each backend process writes a heartbeat blob ({@code workers/<id>}); from the live
 * heartbeats every process computes its fair share (partitions ÷ live processes, rounded up),
 * gives up partitions above it and takes free or expired ones below it. An owner renews its
 * leases on a timer; a process that dies stops renewing and its partitions are taken over once
 * the lease expires. Ownership is an optimisation for exclusivity, not the safety net: two
 * processes can both believe they own a partition for a while (an expired lease whose owner has
 * not noticed yet). The history sentinel's ETag is the safety net: every append replaces the
 * sentinel only if its ETag is still the one the appender loaded or last committed, so of two
 * owners working on the same instance only the first commits an episode; the other reloads
 * (see {@code HistoryStore}).
 */
public final class PartitionManager implements AutoCloseable {

    /** Told when this process takes or loses a partition (on the balancing or renewal thread). */
    public interface Listener {
        void acquired(int partition);

        void lost(int partition);
    }

    private static final Logger log = LoggerFactory.getLogger(PartitionManager.class);
    private static final String LEASE_PREFIX = "default/";
    private static final String WORKER_PREFIX = "workers/";

    private final TaskHubStorage storage;
    private final TaskHubSettings settings;
    private final TaskHubNames names;
    private final ScheduledExecutorService scheduler;
    private volatile Listener listener;
    private final Map<Integer, BlobLeaseClient> owned = new ConcurrentHashMap<>();
    private final String leaseId = UUID.randomUUID().toString();
    private ScheduledFuture<?> balancing;
    private ScheduledFuture<?> renewing;
    private volatile boolean closed;

    public PartitionManager(TaskHubStorage storage, TaskHubSettings settings, ScheduledExecutorService scheduler) {
        this.storage = storage;
        this.settings = settings;
        this.names = storage.names();
        this.scheduler = scheduler;
    }

    /** Writes the lease blobs if missing, takes a first share and keeps balancing and renewing. */
    public void start(Listener listener) {
        this.listener = listener;
        for (int p = 0; p < names.partitionCount(); p++) {
            BlobClient blob = leaseBlob(p);
            storage.writeBlobIfAbsent(blob, "{\"partition\":" + p + ",\"queue\":\"" + names.controlQueue(p) + "\"}");
        }
        balance();
        balancing = scheduler.scheduleWithFixedDelay(this::balanceQuietly, settings.leaseAcquireInterval().toMillis(),
                settings.leaseAcquireInterval().toMillis(), TimeUnit.MILLISECONDS);
        renewing = scheduler.scheduleWithFixedDelay(this::renew, settings.leaseRenewInterval().toMillis(),
                settings.leaseRenewInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    public Set<Integer> owned() {
        return new TreeSet<>(owned.keySet());
    }

    public boolean owns(int partition) {
        return owned.containsKey(partition);
    }

    private void balanceQuietly() {
        try {
            balance();
        } catch (RuntimeException e) {
            log.warn("partition balancing failed (will retry): {}", e.toString());
        }
    }

    /** One round: heartbeat, count live processes, give up or take partitions towards a fair share. */
    synchronized void balance() {
        if (closed) {
            return;
        }
        storage.writeBlobWithMetadata(storage.leasesContainer().getBlobClient(WORKER_PREFIX + settings.workerId()),
                Map.of("lastseen", Long.toString(System.currentTimeMillis())));
        Map<Integer, LeaseStateType> leaseStates = new HashMap<>();
        Set<String> liveWorkers = new HashSet<>();
        liveWorkers.add(settings.workerId());
        // A process is live while its heartbeat (written every acquire interval) is younger than a
        // lease: a dead one stops counting about when its leases expire, so its share is taken then.
        long liveAfter = System.currentTimeMillis() - settings.leaseDuration().toMillis();
        storage.countBlobList();
        ListBlobsOptions options = new ListBlobsOptions().setDetails(new BlobListDetails().setRetrieveMetadata(true));
        for (BlobItem item : storage.leasesContainer().listBlobs(options, null)) {
            if (item.getName().startsWith(LEASE_PREFIX)) {
                partitionOf(item.getName()).ifPresent(p -> leaseStates.put(p, item.getProperties().getLeaseState()));
            } else if (item.getName().startsWith(WORKER_PREFIX) && item.getMetadata() != null) {
                long seen = Long.parseLong(item.getMetadata().getOrDefault("lastseen", "0"));
                if (seen >= liveAfter) {
                    liveWorkers.add(item.getName().substring(WORKER_PREFIX.length()));
                }
            }
        }
        int target = (names.partitionCount() + liveWorkers.size() - 1) / liveWorkers.size();
        // Give up the highest-numbered partitions above the fair share.
        List<Integer> mine = owned().stream().sorted(java.util.Comparator.reverseOrder()).toList();
        for (int i = 0; i < mine.size() - target; i++) {
            release(mine.get(i));
        }
        for (int p = 0; p < names.partitionCount() && owned.size() < target; p++) {
            LeaseStateType state = leaseStates.get(p);
            if (owned.containsKey(p) || state == LeaseStateType.LEASED) {
                continue;
            }
            tryAcquire(p);
        }
    }

    private void tryAcquire(int partition) {
        BlobLeaseClient lease = new BlobLeaseClientBuilder().blobClient(leaseBlob(partition)).leaseId(leaseId).buildClient();
        try {
            storage.countLease();
            lease.acquireLease((int) settings.leaseDuration().toSeconds());
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 409) {
                return; // someone else got it first
            }
            throw e;
        }
        owned.put(partition, lease);
        log.info("acquired partition {} ({})", partition, names.controlQueue(partition));
        listener.acquired(partition);
    }

    private void renew() {
        for (Map.Entry<Integer, BlobLeaseClient> entry : Map.copyOf(owned).entrySet()) {
            try {
                storage.countLease();
                entry.getValue().renewLease();
            } catch (RuntimeException e) {
                log.warn("lost the lease of partition {}: {}", entry.getKey(), e.toString());
                if (owned.remove(entry.getKey()) != null) {
                    listener.lost(entry.getKey());
                }
            }
        }
    }

    private void release(int partition) {
        BlobLeaseClient lease = owned.remove(partition);
        if (lease == null) {
            return;
        }
        listener.lost(partition);
        try {
            storage.countLease();
            lease.releaseLease();
            log.info("released partition {} for another process", partition);
        } catch (RuntimeException e) {
            log.debug("release of partition {} failed (it will expire): {}", partition, e.toString());
        }
    }

    private BlobClient leaseBlob(int partition) {
        return storage.leasesContainer().getBlobClient(LEASE_PREFIX + names.controlQueue(partition));
    }

    private java.util.Optional<Integer> partitionOf(String blobName) {
        String queue = blobName.substring(LEASE_PREFIX.length());
        for (int p = 0; p < names.partitionCount(); p++) {
            if (names.controlQueue(p).equals(queue)) {
                return java.util.Optional.of(p);
            }
        }
        return java.util.Optional.empty();
    }

    /** Takes no more partitions (a process scaling in); the ones it owns are still renewed until {@link #close()}. */
    public synchronized void stopBalancing() {
        closed = true;
        if (balancing != null) {
            balancing.cancel(false);
        }
    }

    /**
     * Gives every partition back (clean shutdown): other processes take them on their next balancing round. The
     * heartbeat goes first, so a round that sees the leases free also counts this process gone and takes its share.
     */
    @Override
    public synchronized void close() {
        stopBalancing();
        if (renewing != null) {
            renewing.cancel(false);
        }
        try {
            storage.deleteBlob(storage.leasesContainer(), WORKER_PREFIX + settings.workerId());
        } catch (RuntimeException e) {
            log.debug("could not remove the heartbeat blob: {}", e.toString());
        }
        for (Integer p : owned()) {
            release(p);
        }
    }
}
