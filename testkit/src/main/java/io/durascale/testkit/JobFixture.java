package io.durascale.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.models.PeekedMessageItem;
import io.durascale.testkit.TestStorage;
import io.durascale.core.job.JobCodec;
import io.durascale.core.job.JobMessage;
import io.durascale.core.job.JobQueues;
import io.durascale.storage.JobSubmitter;
import io.durascale.core.job.OutputMetadata;
import io.durascale.core.job.PoisonEnvelope;
import io.durascale.core.kernel.ComputeKernel;
import io.durascale.core.kernel.Kernels;
import io.durascale.core.kernel.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * One test's jobs: a jobs queue, its poison queue and input/output containers unique to the
 * test, plus helpers to submit jobs and to check every output against its kernel.
 */
public final class JobFixture {

    /** A submitted job and the seed its input came from (inputs are deleted once processed). */
    public record Submitted(JobMessage job, ComputeKernel kernel, long seed, int blockSize) {
    }

    private final QueueClient queue;
    private final QueueClient poison;
    private final BlobContainerClient inputs;
    private final BlobContainerClient outputs;
    private final JobSubmitter submitter;
    private final String instanceId;

    public JobFixture(TestStorage storage, String purpose) {
        this.queue = storage.queue(purpose + "-jobs");
        this.poison = storage.queues().getQueueClient(JobQueues.poisonQueue(queue.getQueueName()));
        storage.deleteAfterwards(poison::deleteIfExists);
        this.inputs = storage.container(purpose + "-in");
        this.outputs = storage.container(purpose + "-out");
        this.submitter = new JobSubmitter(storage.blobs(), queue);
        this.instanceId = "instance-" + storage.name("x").substring(2);
    }

    public QueueClient queue() {
        return queue;
    }

    public QueueClient poison() {
        return poison;
    }

    public BlobContainerClient inputs() {
        return inputs;
    }

    public BlobContainerClient outputs() {
        return outputs;
    }

    /** A job for this fixture's containers (not submitted). */
    public JobMessage job(String kernel, String blockId) {
        return JobMessage.of("job-" + blockId, instanceId, blockId, kernel, Map.of(), Instant.now())
                .withContainers(inputs.getBlobContainerName(), outputs.getBlobContainerName());
    }

    public Submitted submit(String kernelName, int blockSize, long seed) {
        ComputeKernel kernel = Kernels.byName(kernelName);
        JobMessage job = job(kernelName, String.format("block-%05d", seed));
        submitter.submit(job, kernel.generateInput(seed, blockSize));
        return new Submitted(job, kernel, seed, blockSize);
    }

    /** Submits {@code count} jobs with seeds {@code 0..count-1}, eight at a time. */
    public List<Submitted> submitMany(String kernelName, int blockSize, int count) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Submitted>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                long seed = i;
                futures.add(pool.submit(() -> submit(kernelName, blockSize, seed)));
            }
            List<Submitted> submitted = new ArrayList<>();
            for (Future<Submitted> future : futures) {
                submitted.add(future.get());
            }
            return submitted;
        } catch (Exception e) {
            throw new AssertionError("could not submit jobs", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sends a raw body, as a foreign producer might. */
    public String sendRaw(String body) {
        return queue.sendMessage(body).getMessageId();
    }

    public String enqueue(JobMessage job) {
        return submitter.enqueue(job);
    }

    public List<String> outputNames() {
        return outputs.listBlobs(new ListBlobsOptions(), null).stream().map(BlobItem::getName).collect(Collectors.toList());
    }

    public List<String> inputNames() {
        return inputs.listBlobs(new ListBlobsOptions(), null).stream().map(BlobItem::getName).collect(Collectors.toList());
    }

    /** Messages in the jobs queue, visible or not (Azure's approximate count, exact on Azurite). */
    public int queueLength() {
        return (int) queue.getProperties().getApproximateMessagesCountLong();
    }

    /** Visible messages (peek sees at most 32). */
    public int visibleMessages() {
        return (int) queue.peekMessages(32, null, null).stream().count();
    }

    public List<PoisonEnvelope> poisoned() {
        try {
            return poison.peekMessages(32, null, null).stream().map(PeekedMessageItem::getBody).map(Object::toString)
                    .map(PoisonEnvelope::decode).collect(Collectors.toList());
        } catch (com.azure.storage.queue.models.QueueStorageException e) {
            if (e.getStatusCode() == 404) {
                return List.of();
            }
            throw e;
        }
    }

    /** Checks one output: its content verifies against the regenerated input and its metadata describes it. */
    public OutputMetadata.CompletedBlock assertOutputVerifies(Submitted submitted) {
        String name = submitted.job().output().blobName();
        var blob = outputs.getBlobClient(name);
        byte[] output = blob.downloadContent().toBytes();
        Verification verification = submitted.kernel().verify(
                submitted.kernel().generateInput(submitted.seed(), submitted.blockSize()), output);
        assertThat(verification.ok()).as("%s: %s", name, verification.detail()).isTrue();
        OutputMetadata.CompletedBlock metadata = OutputMetadata.parse(blob.getProperties().getMetadata());
        assertThat(metadata.jobId()).isEqualTo(submitted.job().jobId());
        assertThat(metadata.instanceId()).isEqualTo(submitted.job().instanceId());
        assertThat(metadata.blockId()).isEqualTo(submitted.job().blockId());
        assertThat(metadata.kernel()).isEqualTo(submitted.kernel().name());
        assertThat(metadata.sha256()).isEqualTo(OutputMetadata.sha256(output));
        assertThat(metadata.enqueuedAt()).isEqualTo(submitted.job().enqueuedAt());
        assertThat(metadata.completedAt()).isAfterOrEqualTo(metadata.enqueuedAt());
        assertThat(metadata.computeMillis()).isNotNegative();
        return metadata;
    }

    /** Receives a message and makes it visible again at once, {@code times} times, as crashed workers would. */
    public void dequeueWithoutProcessing(int times) {
        for (int i = 0; i < times; i++) {
            var item = queue.receiveMessages(1, Duration.ofSeconds(30), null, null).stream().findFirst()
                    .orElseThrow(() -> new AssertionError("nothing to dequeue"));
            queue.updateMessage(item.getMessageId(), item.getPopReceipt(), null, Duration.ZERO);
        }
    }

    public static String body(JobMessage job) {
        return JobCodec.encode(job);
    }
}
