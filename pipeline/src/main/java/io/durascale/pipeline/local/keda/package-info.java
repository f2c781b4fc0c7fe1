/**
 * KEDA's part, after kedacore/keda: a {@link io.durascale.pipeline.local.keda.ScaledObjectSpec} (built in
 * Java or read from a rendered chart by {@link io.durascale.pipeline.local.keda.ScaledObjectManifest}), its
 * triggers' metadata, each parsed and checked by its own record through
 * {@link io.durascale.pipeline.local.keda.TriggerMetadata} ({@code pkg/scalers/scalersconfig}), one
 * {@link io.durascale.pipeline.local.keda.Scaler} per trigger type ({@code pkg/scalers/scaler.go}; today
 * {@link io.durascale.pipeline.local.keda.AzureQueueScaler}, and
 * {@link io.durascale.pipeline.local.keda.ExternalScaler}, which asks an external scaler — the task-hub scaler,
 * {@code io.durascale.pipeline.scaler} — over real gRPC), the
 * {@link io.durascale.pipeline.local.keda.ScaleHandler} with the polling, activation and cooldown rules
 * ({@code pkg/scaling}), and the {@link io.durascale.pipeline.local.keda.ScaledObjectController} that runs
 * it with the HPA KEDA creates. A new trigger type is a record implementing
 * {@link io.durascale.pipeline.local.keda.Trigger} and a scaler; nothing else changes.
 */
package io.durascale.pipeline.local.keda;
