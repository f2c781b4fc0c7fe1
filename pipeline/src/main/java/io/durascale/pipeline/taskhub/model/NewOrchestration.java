package io.durascale.pipeline.taskhub.model;

import java.time.Instant;

/**
 * A client's request to start an orchestration instance.
 *
 * @param instanceId         empty to let the task hub pick one
 * @param version            null when not given
 * @param input              null when not given
 * @param scheduledStartTime null to start now
 */
public record NewOrchestration(String instanceId, String name, String version, String input, Instant scheduledStartTime) {
}
