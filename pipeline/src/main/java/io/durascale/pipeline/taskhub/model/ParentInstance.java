package io.durascale.pipeline.taskhub.model;

/**
 * The orchestration that started a sub-orchestration, and the task in it that waits for the
 * result (DurableTask.Core's {@code ParentInstance}).
 *
 * @param name     the parent orchestration's name; null if not sent
 * @param version  the parent orchestration's version; null if not sent
 * @param instance the parent's instance and execution; null if not sent
 */
public record ParentInstance(int taskScheduledId, String name, String version, OrchestrationInstance instance) {
}
