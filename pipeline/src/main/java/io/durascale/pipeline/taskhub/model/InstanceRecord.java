package io.durascale.pipeline.taskhub.model;

import java.time.Instant;

/**
 * An orchestration instance as the instances table keeps it (DurableTask.Core's
 * {@code OrchestrationState}). Nullable: version, input, output, customStatus, the times but
 * created and last updated, executionId, scheduledStartTime, failure, parentInstanceId.
 */
public record InstanceRecord(String instanceId, String name, String version, String input, String output,
                             String customStatus, OrchestrationStatus status, Instant createdTime, Instant lastUpdatedTime,
                             Instant completedTime, String executionId, Instant scheduledStartTime, FailureDetails failure,
                             String parentInstanceId) {

    public boolean isTerminal() {
        return status.isTerminal();
    }
}
