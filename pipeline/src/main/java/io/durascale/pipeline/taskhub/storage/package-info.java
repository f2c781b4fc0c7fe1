/**
 * The task hub's storage, as DTFx's {@code Storage/} wraps it: {@code TaskHubStorage} is the one
 * gateway to the Azure SDK for queues, tables and blobs, counting every operation (so
 * "operations per orchestration" is complete by construction); {@code TaskHubJson} is how the
 * model is stored (JSON, like DTFx's serialized history); {@code TaskHubMessages} the queue
 * message bodies, large ones moved to blobs; {@code TableKeys} the provider's key escaping.
 */
package io.durascale.pipeline.taskhub.storage;
