package io.durascale.pipeline.taskhub.model;

import java.time.Instant;
import java.util.Set;

/**
 * Which instances a query or purge selects; every criterion is optional (null, or an empty set).
 */
public record InstanceFilter(Set<OrchestrationStatus> statuses, Instant createdFrom, Instant createdTo,
                             String instanceIdPrefix) {
}
