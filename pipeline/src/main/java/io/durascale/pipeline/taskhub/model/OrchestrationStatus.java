package io.durascale.pipeline.taskhub.model;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An instance's runtime status, as DurableTask.Core's {@code OrchestrationStatus} names it; the
 * {@link #storedName() stored name} is the .NET name the Azure Storage provider writes.
 */
public enum OrchestrationStatus {
    RUNNING("Running"),
    COMPLETED("Completed"),
    CONTINUED_AS_NEW("ContinuedAsNew"),
    FAILED("Failed"),
    CANCELED("Canceled"),
    TERMINATED("Terminated"),
    PENDING("Pending"),
    SUSPENDED("Suspended");

    /** Finished for good: only these may be purged, and a new start may replace them. */
    public static final Set<OrchestrationStatus> TERMINAL = EnumSet.of(COMPLETED, FAILED, TERMINATED, CANCELED);

    private final String storedName;

    OrchestrationStatus(String storedName) {
        this.storedName = storedName;
    }

    /** "ContinuedAsNew": the name in the instances table's RuntimeStatus column. */
    public String storedName() {
        return storedName;
    }

    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    /** The status with that stored name, in any case; empty for a name no status has. */
    public static Optional<OrchestrationStatus> fromStoredName(String name) {
        for (OrchestrationStatus status : values()) {
            if (status.storedName.toLowerCase(Locale.ROOT).equals(name == null ? null : name.toLowerCase(Locale.ROOT))) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
