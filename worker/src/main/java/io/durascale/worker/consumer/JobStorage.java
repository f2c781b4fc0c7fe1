package io.durascale.worker.consumer;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.QueueServiceClientBuilder;
import com.azure.storage.queue.models.QueueMessageItem;
import io.durascale.storage.StorageAccount;
import io.durascale.core.job.BlobNames;
import io.durascale.core.job.OutputMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worker's view of storage: the jobs and poison queues and the blob containers. Its clients
 * retry a failed request only briefly (three tries, 0.2–2 s apart); longer outages are the
 * consumer's business, which backs off without losing messages.
 */
final class JobStorage {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** Azure keeps a message at most this long by default; poison messages should not expire unseen. */
    private static final Duration NEVER_EXPIRES = Duration.ofSeconds(-1);

    private final QueueClient jobs;
    private final QueueClient poison;
    private final String connectionString;
    private final com.azure.core.http.HttpClient http;
    private final RequestRetryOptions retry;
    /** Built on first use: a worker is ready once it can receive, and the blob client is for the first job. */
    private volatile BlobServiceClient blobs;
    private final Set<String> knownContainers = ConcurrentHashMap.newKeySet();

    JobStorage(StorageAccount account, ConsumerSettings settings) {
        RequestRetryOptions retry = new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 3, Duration.ofSeconds(60),
                Duration.ofMillis(200), Duration.ofSeconds(2), null);
        QueueServiceClient queues = new QueueServiceClientBuilder().connectionString(account.connectionString())
                .httpClient(account.httpClient()).retryOptions(retry).buildClient();
        this.jobs = queues.getQueueClient(settings.queue());
        this.poison = queues.getQueueClient(settings.poisonQueue());
        this.connectionString = account.connectionString();
        this.http = account.httpClient();
        this.retry = retry;
    }

    /** Creates the jobs queue if it is missing: all a worker needs before it can receive. */
    void ensureJobsQueue() {
        jobs.createIfNotExists();
    }

    /**
     * Creates the poison queue and the default output container if they are missing. Not needed to receive — the
     * consumer calls it beside its first receives — and each use creates what it lacks anyway.
     */
    void ensureTheRest() {
        poison.createIfNotExists();
        ensureContainer(BlobNames.OUTPUT_CONTAINER);
    }

    private BlobServiceClient blobs() {
        BlobServiceClient client = blobs;
        if (client == null) {
            synchronized (this) {
                if (blobs == null) {
                    blobs = new BlobServiceClientBuilder().connectionString(connectionString)
                            .httpClient(http).retryOptions(retry).buildClient();
                }
                client = blobs;
            }
        }
        return client;
    }

    QueueClient jobs() {
        return jobs;
    }

    List<QueueMessageItem> receive(int maxMessages, Duration visibilityTimeout) {
        List<QueueMessageItem> batch = new ArrayList<>(maxMessages);
        jobs.receiveMessages(maxMessages, visibilityTimeout, CALL_TIMEOUT, Context.NONE).forEach(batch::add);
        return batch;
    }

    void sendPoison(String envelope) {
        try {
            poison.sendMessageWithResponse(envelope, null, NEVER_EXPIRES, CALL_TIMEOUT, Context.NONE);
        } catch (RuntimeException e) {
            if (!StorageErrors.isQueueMissing(e)) {
                throw e;
            }
            poison.createIfNotExists();
            poison.sendMessageWithResponse(envelope, null, NEVER_EXPIRES, CALL_TIMEOUT, Context.NONE);
        }
    }

    byte[] download(BlobNames.BlobRef blob) {
        return blob(blob).downloadContentWithResponse(null, null, CALL_TIMEOUT, Context.NONE).getValue().toBytes();
    }

    /** Overwrites (idempotent per block) with content and metadata in one request. */
    void upload(BlobNames.BlobRef blob, byte[] content, Map<String, String> metadata) {
        BlobParallelUploadOptions options = new BlobParallelUploadOptions(BinaryData.fromBytes(content))
                .setMetadata(metadata)
                .setHeaders(new BlobHttpHeaders().setContentType("application/octet-stream"));
        try {
            blob(blob).uploadWithResponse(options, CALL_TIMEOUT, Context.NONE);
        } catch (RuntimeException e) {
            if (!StorageErrors.isContainerMissing(e)) {
                throw e;
            }
            ensureContainer(blob.container());
            blob(blob).uploadWithResponse(options, CALL_TIMEOUT, Context.NONE);
        }
    }

    /** Deletes a blob; a missing blob is fine (a redelivery may have deleted it already). */
    void deleteIfExists(BlobNames.BlobRef blob) {
        blob(blob).deleteIfExistsWithResponse(null, null, CALL_TIMEOUT, Context.NONE);
    }

    /** The metadata of a blob, or null if it does not exist. */
    Map<String, String> metadataOrNull(BlobNames.BlobRef blob) {
        try {
            return blob(blob).getPropertiesWithResponse(null, CALL_TIMEOUT, Context.NONE).getValue().getMetadata();
        } catch (RuntimeException e) {
            if (StorageErrors.isBlobMissing(e)) {
                return null;
            }
            throw e;
        }
    }

    /** Whether the output blob exists and was written for this job id (a blob without our metadata was not). */
    boolean outputWrittenFor(BlobNames.BlobRef output, String jobId) {
        Map<String, String> metadata = metadataOrNull(output);
        if (metadata == null) {
            return false;
        }
        try {
            return jobId.equals(OutputMetadata.parse(metadata).jobId());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void ensureContainer(String name) {
        if (knownContainers.add(name)) {
            BlobContainerClient container = blobs().getBlobContainerClient(name);
            container.createIfNotExists();
        }
    }

    private BlobClient blob(BlobNames.BlobRef blob) {
        return blobs().getBlobContainerClient(blob.container()).getBlobClient(blob.blobName());
    }
}
