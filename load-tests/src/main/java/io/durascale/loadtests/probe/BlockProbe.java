package io.durascale.loadtests.probe;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.ListBlobsOptions;
import io.durascale.core.job.OutputMetadata;
import io.durascale.core.job.OutputMetadata.CompletedBlock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the output blobs of each finished orchestration ({@code compute-output/<instanceId>/...})
 * with their metadata, which the worker writes in the same request as the content: when the job
 * was enqueued and when its computation completed. From them come the enqueue→output latency per
 * block ({@code block-enqueue-to-output}), the compute time ({@code block-compute}) and the block
 * times scale-up latency is measured from. Reading happens on its own thread, off Gatling's.
 */
public final class BlockProbe implements AutoCloseable {

    /** One block's times, as its output's metadata gives them. */
    public record BlockTimes(String instanceId, Instant enqueuedAt, Instant completedAt, long computeMillis) {
    }

    private static final Logger log = LoggerFactory.getLogger(BlockProbe.class);

    private final BlobContainerClient outputs;
    private final LatencyHistograms histograms;
    private final List<BlockTimes> blocks = new ArrayList<>();
    private final AtomicLong unreadable = new AtomicLong();
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "block-probe");
        t.setDaemon(true);
        return t;
    });

    public BlockProbe(BlobContainerClient outputs, LatencyHistograms histograms) {
        this.outputs = outputs;
        this.histograms = histograms;
    }

    /** Reads the outputs of a finished orchestration, in the background. */
    public void orchestrationFinished(String instanceId) {
        reader.execute(() -> read(instanceId));
    }

    private void read(String instanceId) {
        try {
            ListBlobsOptions options = new ListBlobsOptions().setPrefix(instanceId + "/")
                    .setDetails(new BlobListDetails().setRetrieveMetadata(true));
            for (BlobItem item : outputs.listBlobs(options, null)) {
                if (item.getMetadata() == null) {
                    unreadable.incrementAndGet();
                    continue;
                }
                try {
                    CompletedBlock block = OutputMetadata.parse(item.getMetadata());
                    BlockTimes times = new BlockTimes(block.instanceId(), block.enqueuedAt(), block.completedAt(),
                            block.computeMillis());
                    synchronized (blocks) {
                        blocks.add(times);
                    }
                    histograms.record("block-enqueue-to-output",
                            Duration.between(block.enqueuedAt(), block.completedAt()).toMillis());
                    histograms.record("block-compute", block.computeMillis());
                } catch (IllegalArgumentException e) {
                    // A Durable Functions app of another shape writes outputs without our metadata.
                    unreadable.incrementAndGet();
                }
            }
        } catch (RuntimeException e) {
            if (unreadable.getAndIncrement() == 0) {
                log.warn("block probe: cannot list the outputs of {} ({})", instanceId, e.getMessage());
            }
        }
    }

    /** Every block read so far. */
    public List<BlockTimes> blocks() {
        synchronized (blocks) {
            return List.copyOf(blocks);
        }
    }

    /** Outputs that had no readable metadata. */
    public long unreadable() {
        return unreadable.get();
    }

    /** Finishes the reads already asked for, waiting at most {@code deadline}. */
    public void drain(Duration deadline) {
        reader.shutdown();
        try {
            if (!reader.awaitTermination(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("block probe: outputs still being read after {} s; latency figures may miss some blocks",
                        deadline.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        reader.shutdownNow();
    }
}
