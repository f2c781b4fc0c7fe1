/**
 * Which process works which control queue, as DTFx's {@code Partitioning/} decides it: blob
 * leases with a fair share per live process ({@code PartitionManager}, telling its listener of
 * partitions acquired and lost), and the adaptive polling of one queue ({@code QueuePoller}).
 */
package io.durascale.pipeline.taskhub.partition;
