package io.durascale.pipeline.taskhub.model;

/**
 * A worker's answer to an activity work item: a result, or the failure.
 *
 * @param result         null when the activity returned nothing
 * @param failureDetails null unless the activity failed
 */
public record ActivityResult(String instanceId, int taskId, String result, FailureDetails failureDetails) {
}
