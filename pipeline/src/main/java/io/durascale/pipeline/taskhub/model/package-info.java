/**
 * The task hub's own model of the Durable Task protocol, in plain Java: history events and
 * orchestrator actions named as DurableTask.Core names them, work items and the workers'
 * results, failures, instance records and statuses.
 *
 * <p>Everything inside the task hub — sessions, episodes, storage — works on these types; the
 * sidecar protocol's generated protobuf classes appear only at the gRPC edge
 * ({@code taskhub.grpc}), which converts both ways, as durabletask-java keeps protobuf out of its
 * public client and worker. Records only, no behaviour beyond what their names promise.
 */
package io.durascale.pipeline.taskhub.model;
