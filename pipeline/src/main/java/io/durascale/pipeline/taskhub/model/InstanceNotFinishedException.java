package io.durascale.pipeline.taskhub.model;

/**
 * The instance has not finished, so it cannot be purged. An {@link IllegalStateException}, as the
 * sidecar protocol's purge has always refused it (FAILED_PRECONDITION).
 */
public final class InstanceNotFinishedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public InstanceNotFinishedException(String instanceId, OrchestrationStatus status) {
        super("instance " + instanceId + " is " + status.storedName()
                + "; only completed, failed or terminated instances can be purged");
    }
}
