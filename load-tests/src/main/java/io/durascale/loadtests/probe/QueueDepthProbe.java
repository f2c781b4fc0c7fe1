package io.durascale.loadtests.probe;

import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.models.QueueItem;
import com.azure.storage.queue.models.QueueStorageException;
import com.azure.storage.queue.models.QueuesSegmentOptions;
import io.durascale.run.timeline.Timeline;
import io.durascale.run.timeline.TimelineEvent.QueueDepth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the depth of a task hub's queues, named as the Azure Storage provider names them
 * ({@code <hub>-control-00..NN}, {@code <hub>-workitems}, lower-cased) plus the compute-jobs queue,
 * so it reads a real Durable Functions hub as well as ours. Every interval, each queue's approximate
 * message count becomes a {@link QueueDepth} event in the timeline.
 * Control queues are discovered by listing, so the partition count need not be known; a hub
 * restarted under another name is picked up with {@link #watchHub}. Not the scaler's
 * {@code pipeline.scaler.TaskHubMonitor}: that one reads a known partition count and the timer index
 * for KEDA's answer; this one records every queue's depth, the jobs queue too, and reads no table,
 * so the load it adds to the storage under test stays one metadata call per queue.
 */
public final class QueueDepthProbe implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QueueDepthProbe.class);
    private static final long REDISCOVER_MILLIS = 10_000;

    private final QueueServiceClient queues;
    private final String jobsQueue;
    private final Duration interval;
    private final Timeline timeline;
    private final Map<String, Long> depths = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "queue-depth-probe");
        t.setDaemon(true);
        return t;
    });
    private volatile String hub;
    private volatile List<String> controlQueues = List.of();
    private volatile long discoveredAt;
    private volatile boolean warned;

    public QueueDepthProbe(QueueServiceClient queues, String hub, String jobsQueue, Duration interval, Timeline timeline) {
        this.queues = queues;
        this.hub = hub.toLowerCase(Locale.ROOT);
        this.jobsQueue = jobsQueue;
        this.interval = interval;
        this.timeline = timeline;
    }

    public QueueDepthProbe start() {
        timer.scheduleWithFixedDelay(this::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Switches to another hub (a partition-sweep step); its queues are discovered on the next sample. */
    public void watchHub(String hubName) {
        hub = hubName.toLowerCase(Locale.ROOT);
        discoveredAt = 0;
    }

    /** The control queues found for the current hub, in partition order. */
    public List<String> controlQueues() {
        if (discoveredAt == 0) {
            discover();
        }
        return controlQueues;
    }

    /** The last depth read of a queue. */
    public Optional<Long> depth(String queue) {
        return Optional.ofNullable(depths.get(queue));
    }

    /** The last depth read of the compute-jobs queue. */
    public Optional<Long> jobsDepth() {
        return depth(jobsQueue);
    }

    /** Reads every queue once now (also what the timer does). */
    public synchronized void sample() {
        try {
            if (System.currentTimeMillis() - discoveredAt > REDISCOVER_MILLIS) {
                discover();
            }
            List<String> watched = new ArrayList<>(controlQueues);
            watched.add(hub + "-workitems");
            watched.add(jobsQueue);
            for (String queue : watched) {
                long depth = depthOf(queue);
                if (depth >= 0) {
                    depths.put(queue, depth);
                    timeline.record(new QueueDepth(System.currentTimeMillis(), queue, depth));
                }
            }
        } catch (RuntimeException e) {
            if (!warned) {
                warned = true;
                log.warn("queue depth probe: cannot read queue depths ({}); will keep trying", e.getMessage());
            }
        }
    }

    private void discover() {
        String prefix = hub + "-control-";
        List<String> found = new ArrayList<>();
        // With include=metadata: the SDK otherwise sends an empty include=, which Azurite 3.37 rejects with 400.
        QueuesSegmentOptions options = new QueuesSegmentOptions().setPrefix(prefix).setIncludeMetadata(true);
        for (QueueItem item : queues.listQueues(options, null, null)) {
            if (item.getName().substring(prefix.length()).matches("\\d{2}")) {
                found.add(item.getName());
            }
        }
        found.sort(null);
        controlQueues = List.copyOf(found);
        discoveredAt = System.currentTimeMillis();
    }

    /** The approximate count, or -1 if the queue does not exist (yet). */
    private long depthOf(String queue) {
        try {
            return queues.getQueueClient(queue).getProperties().getApproximateMessagesCountLong();
        } catch (QueueStorageException e) {
            if (e.getStatusCode() == 404) {
                return -1;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
