/**
 * {@code pipeline.jar taskhub-bench}: the task hub's throughput per partition count on stock durabletask SDK workers
 * ({@link io.durascale.pipeline.taskhub.bench.TaskHubBenchmark}: HelloCities5 and a fan-out/fan-in), and the storage
 * bound measured in the same run ({@link io.durascale.pipeline.taskhub.bench.StorageBound}: the step's own counted
 * operations replayed with no orchestration logic). Drives a hub only through its public surface.
 */
package io.durascale.pipeline.taskhub.bench;
