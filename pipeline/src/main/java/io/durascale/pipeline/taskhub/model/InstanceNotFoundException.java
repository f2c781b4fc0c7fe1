package io.durascale.pipeline.taskhub.model;

/** No instance row has that id: the instance was never started, or has been purged. */
public final class InstanceNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InstanceNotFoundException(String instanceId) {
        super("no orchestration instance with id '" + instanceId + "'", null, false, false);
    }
}
