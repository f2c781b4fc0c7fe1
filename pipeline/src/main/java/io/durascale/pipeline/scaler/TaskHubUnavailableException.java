package io.durascale.pipeline.scaler;

/**
 * The task hub's storage could not be read: one line naming the hub and the storage's answer, never a key.
 * The gRPC edge answers it as {@code UNAVAILABLE}; KEDA then reports a scaler error and leaves the replicas alone.
 */
public final class TaskHubUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TaskHubUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
