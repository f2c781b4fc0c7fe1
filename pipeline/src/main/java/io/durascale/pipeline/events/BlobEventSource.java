package io.durascale.pipeline.events;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.queue.QueueClient;
import io.durascale.storage.StorageAccount;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Event Grid for Azurite, which has none: watches a container and enqueues a BlobCreated event
 * (Event Grid schema, Base64, one per message — as Event Grid delivers to a storage queue) once
 * per blob. In a cluster an Event Grid subscription on the storage account does this instead;
 * everything downstream of the queue is the same code.
 *
 * <p>Like a new Event Grid subscription, it announces only blobs written after it started: the
 * outputs already in the container (an earlier run's, a restarted stack's) are not announced
 * again. It lists the container on every round, which is cheap at the scale of a local run (a
 * listing page holds 5,000 blobs) and would not be at cloud scale — where Event Grid is used.
 */
public final class BlobEventSource implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BlobEventSource.class);

    private final BlobContainerClient container;
    private final QueueClient completions;
    private final String blobEndpoint;
    private final Duration interval;
    private final Set<String> announced = new HashSet<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long events;

    public BlobEventSource(StorageAccount storage, String container, String completionsQueue, Duration interval) {
        this.container = storage.blobs().getBlobContainerClient(container);
        this.completions = storage.queues().getQueueClient(completionsQueue);
        this.blobEndpoint = storage.parsedConnectionString().blobEndpoint();
        this.interval = interval;
        this.thread = new Thread(this::loop, "blob-event-source");
        this.thread.setDaemon(true);
    }

    public BlobEventSource start() {
        container.createIfNotExists();
        completions.createIfNotExists();
        for (BlobItem item : container.listBlobs()) {
            announced.add(item.getName());
        }
        thread.start();
        return this;
    }

    /** BlobCreated events enqueued so far. */
    public long events() {
        return events;
    }

    /** One round: announce every blob not announced yet. Returns how many were. */
    int scan() {
        int found = 0;
        for (BlobItem item : container.listBlobs()) {
            if (announced.contains(item.getName())) {
                continue;
            }
            BlobCreatedEvent event = BlobCreatedEvent.forBlob(container.getBlobContainerName(), item.getName(),
                    item.getProperties().getETag(), item.getProperties().getContentLength(), blobEndpoint);
            completions.sendMessage(event.toQueueMessage());
            announced.add(item.getName());
            found++;
        }
        events += found;
        return found;
    }

    private void loop() {
        while (running) {
            try {
                scan();
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("listing {} failed (retrying): {}", container.getBlobContainerName(), e.toString());
                }
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Outputs written since the last scan (workers draining as the stack stops) would otherwise never be
        // announced: the next start marks every existing blob as seen. The events go to the durable queue.
        try {
            scan();
        } catch (RuntimeException e) {
            log.warn("last listing of {} failed: {}", container.getBlobContainerName(), e.toString());
        }
    }
}
