package io.durascale.pipeline.taskhub.model;

/**
 * An instance and, where known, one execution of it (DurableTask.Core's
 * {@code OrchestrationInstance}).
 *
 * @param executionId null when not known (an event raised by a client addresses the instance only)
 */
public record OrchestrationInstance(String instanceId, String executionId) {
}
