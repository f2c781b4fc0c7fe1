package io.durascale.pipeline.taskhub.model;

import java.util.Locale;

/** The instance exists and is not finished, so it cannot be started again. */
public final class InstanceExistsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InstanceExistsException(String instanceId, OrchestrationStatus status) {
        super("an orchestration with instance id '" + instanceId + "' already exists and is "
                + status.storedName().toLowerCase(Locale.ROOT), null, false, false);
    }
}
