/**
 * The task-hub scaler: what KEDA asks, through its external-scaler gRPC protocol, to scale the orchestration tier
 * from and to zero. It reads like a KEDA scaler ({@code pkg/scalers/}) that happens to be written in Java:
 *
 * <ul>
 *   <li>{@link io.durascale.pipeline.scaler.TaskHubScalerMetadata} — the trigger's metadata, parsed and checked in
 *       one place; {@link io.durascale.pipeline.scaler.InvalidMetadataException} names the field.</li>
 *   <li>{@link io.durascale.pipeline.scaler.TaskHubMonitor} — reads a hub's control queues, work-item queue and
 *       timers due later ({@link io.durascale.pipeline.scaler.DueTimers}, over the task hub's timer index) into a
 *       {@link io.durascale.pipeline.scaler.TaskHubReading} (what is read and why is written there).</li>
 *   <li>{@link io.durascale.pipeline.scaler.HostRecommendation} — the two rules, plain arithmetic: recommended
 *       hosts (the Durable Functions target-based scaler's) and activity.</li>
 *   <li>{@link io.durascale.pipeline.scaler.TaskHubScaler} — one trigger's scaler: metric spec, metric and
 *       activity; {@link io.durascale.pipeline.scaler.TaskHubScalers} keeps the monitors between requests.</li>
 *   <li>{@code scaler.grpc} — the edge: KEDA's {@code externalscaler.ExternalScaler} service and its server; the
 *       generated protocol types ({@code scaler.proto}, from the vendored {@code externalscaler.proto}) go no
 *       further.</li>
 *   <li>{@link io.durascale.pipeline.scaler.ScalerCommand} ({@code pipeline.jar scaler}) and
 *       {@link io.durascale.pipeline.scaler.ScalerMetrics} (its decisions on {@code /metrics}).</li>
 * </ul>
 *
 * Polling, activation and cooldown are KEDA's: the scaler only answers.
 */
package io.durascale.pipeline.scaler;
