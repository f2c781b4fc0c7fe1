package io.durascale.pipeline.orchestration;

import io.durascale.storage.StorageAccount;
import io.durascale.core.job.JobMessage;
import io.durascale.core.job.JobQueues;
import io.durascale.storage.JobSubmitter;
import io.durascale.core.kernel.ComputeKernel;
import io.durascale.core.kernel.Kernels;
import com.microsoft.durabletask.TaskActivity;
import com.microsoft.durabletask.TaskActivityContext;
import java.time.Instant;
import java.util.Map;

/**
 * One block's hand-off to the compute tier: generate its input deterministically, upload it to
 * {@code compute-input/{instanceId}/{blockId}}, enqueue its job, and return. Loosely coupled: it
 * does not wait for the compute. Running it twice (a redelivery) uploads the same bytes and
 * enqueues a second job for the same output, which the worker treats as a duplicate.
 */
public final class ComputeActivity implements TaskActivity {

    public static final String NAME = "ComputeActivity";

    /** The activity's input. */
    public record Block(String instanceId, String blockId, String kernel, int blockSize, long seed) {
    }

    private final JobSubmitter submitter;

    public ComputeActivity(StorageAccount compute, String jobsQueue) {
        var queue = compute.queues().getQueueClient(JobQueues.checkJobsQueue(jobsQueue));
        this.submitter = new JobSubmitter(compute.blobs(), queue);
    }

    @Override
    public Object run(TaskActivityContext ctx) {
        Block block = ctx.getInput(Block.class);
        ComputeKernel kernel = Kernels.byName(block.kernel());
        byte[] input = kernel.generateInput(block.seed(), block.blockSize());
        JobMessage job = JobMessage.of(block.instanceId() + "/" + block.blockId(), block.instanceId(), block.blockId(),
                kernel.name(), Map.of("seed", Long.toString(block.seed()), "blockSize", Integer.toString(block.blockSize())),
                Instant.now());
        submitter.submit(job, input);
        return null;
    }
}
