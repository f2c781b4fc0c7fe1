/**
 * The gRPC edge: the Durable Task sidecar protocol ({@code TaskHubSidecarService}, from the
 * orchestrator_service.proto inside durabletask-client 1.5.0, whose generated classes are used
 * as the SDK ships them) served over the task hub's façade. The only package that sees
 * protobuf: {@code ProtoHistory}, {@code ProtoActions} and {@code ProtoInstances} convert every
 * message to the task hub's model and back, {@code WorkerCall} adapts a GetWorkItems stream, and
 * {@code CallerConnection} tells which connection a call came in on. As durabletask-java keeps
 * protobuf out of its public client and worker, this edge keeps it out of the task hub.
 */
package io.durascale.pipeline.taskhub.grpc;
