package io.durascale.pipeline.taskhub.model;

import java.util.List;

/**
 * One page of a query.
 *
 * @param continuationToken where the next page starts; null on the last page
 */
public record InstancePage(List<InstanceRecord> instances, String continuationToken) {
}
