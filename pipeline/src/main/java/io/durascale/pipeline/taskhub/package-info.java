/**
 * The task hub backend: a Durable Task backend over Azure Storage, shaped like DTFx's Azure
 * Storage provider. {@link io.durascale.pipeline.taskhub.TaskHub} is the façade, as
 * AzureStorageOrchestrationService is there; this package holds it, the parts it wires that share
 * its sessions and episodes (session manager, episode committer, activity queue, held messages,
 * work-item dispatcher, status watchers), and the public surface other modules use (settings,
 * names, counted storage operations, stats, metrics, the server, the commands).
 *
 * <p>Sub-packages have narrow interfaces and depend on this package only for its value types
 * (settings, names, operation counts): {@code model} (the plain-Java protocol model),
 * {@code storage} (the one counted gateway to Azure Storage, and how the model is stored),
 * {@code tracking} (history and instances tables: the episode write path, get, query, purge),
 * {@code partition} (leases and queue polling) and {@code grpc} (the sidecar protocol — the only
 * code that sees protobuf). {@link io.durascale.pipeline.taskhub.TaskHubServer} puts the façade
 * behind the gRPC edge; {@code bench} (taskhub-bench: the workloads, the same-run storage bound) drives a
 * hub through that server and the stock SDK workers, as any client would.
 */
package io.durascale.pipeline.taskhub;
