package io.durascale.storage;

import io.durascale.core.job.BlobNames;
import io.durascale.core.job.JobCodec;
import io.durascale.core.job.JobMessage;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.queue.QueueClient;
import java.util.Objects;

/**
 * The producer's side of the job contract: upload a block's input, then enqueue its job — in that
 * order, so a worker never receives a job whose input is not there yet. Used by the orchestration's
 * compute activity, the benchmarks and the tests.
 */
public final class JobSubmitter {

    private final BlobServiceClient blobs;
    private final QueueClient jobs;

    public JobSubmitter(BlobServiceClient blobs, QueueClient jobs) {
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
    }

    /** Uploads the input (overwriting) and enqueues the job; returns the queue's message id. */
    public String submit(JobMessage job, byte[] input) {
        uploadInput(job, input);
        return enqueue(job);
    }

    /** Uploads a job's input blob, creating its container if needed. */
    public void uploadInput(JobMessage job, byte[] input) {
        BlobNames.BlobRef ref = job.input();
        var container = blobs.getBlobContainerClient(ref.container());
        try {
            container.getBlobClient(ref.blobName()).upload(BinaryData.fromBytes(input), true);
        } catch (BlobStorageException e) {
            if (!BlobErrorCode.CONTAINER_NOT_FOUND.equals(e.getErrorCode())) {
                throw e;
            }
            container.createIfNotExists();
            container.getBlobClient(ref.blobName()).upload(BinaryData.fromBytes(input), true);
        }
    }

    /** Enqueues the job message (Base64 JSON); returns the message id. */
    public String enqueue(JobMessage job) {
        return jobs.sendMessage(JobCodec.encode(job)).getMessageId();
    }
}
