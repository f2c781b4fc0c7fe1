package io.durascale.worker.consumer;

import com.azure.core.exception.HttpResponseException;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.queue.models.QueueErrorCode;
import com.azure.storage.queue.models.QueueStorageException;

/**
 * Reading Azure Storage errors: which ones mean "not there", and a one-line, secret-free
 * description. Sync SDK calls with a timeout wrap the service error (in an ExecutionException),
 * so every check looks along the cause chain.
 */
final class StorageErrors {

    private StorageErrors() {
    }

    static boolean isBlobMissing(Throwable e) {
        BlobStorageException b = find(e, BlobStorageException.class);
        return b != null && (BlobErrorCode.BLOB_NOT_FOUND.equals(b.getErrorCode())
                || BlobErrorCode.CONTAINER_NOT_FOUND.equals(b.getErrorCode()) || b.getStatusCode() == 404);
    }

    static boolean isContainerMissing(Throwable e) {
        BlobStorageException b = find(e, BlobStorageException.class);
        return b != null && BlobErrorCode.CONTAINER_NOT_FOUND.equals(b.getErrorCode());
    }

    /** The message is gone or another receiver holds it (its pop receipt changed). */
    static boolean isQueueMissing(Throwable e) {
        QueueStorageException q = find(e, QueueStorageException.class);
        return q != null && QueueErrorCode.QUEUE_NOT_FOUND.equals(q.getErrorCode());
    }

    static boolean isMessageLost(Throwable e) {
        QueueStorageException q = find(e, QueueStorageException.class);
        return q != null && (q.getStatusCode() == 404 || QueueErrorCode.POP_RECEIPT_MISMATCH.equals(q.getErrorCode())
                || QueueErrorCode.MESSAGE_NOT_FOUND.equals(q.getErrorCode()));
    }

    /** E.g. "HTTP 503 ServerBusy" or "ConnectException: Connection refused"; never a URL's SAS token. */
    static String describe(Throwable e) {
        BlobStorageException blob = find(e, BlobStorageException.class);
        if (blob != null) {
            return "HTTP " + blob.getStatusCode() + " " + blob.getErrorCode();
        }
        QueueStorageException queue = find(e, QueueStorageException.class);
        if (queue != null) {
            return "HTTP " + queue.getStatusCode() + " " + queue.getErrorCode();
        }
        HttpResponseException http = find(e, HttpResponseException.class);
        if (http != null && http.getResponse() != null) {
            return "HTTP " + http.getResponse().getStatusCode();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        return (root.getClass().getSimpleName() + message).replaceAll("(?i)(sig|accountkey)=[^&;\\s]+", "$1=***");
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
