/**
 * The reference pipeline on one machine ({@link io.durascale.pipeline.local.LocalStack}, what
 * {@code pipeline.jar up} runs) and KEDA on one machine: the autoscaling a cluster would do for the
 * worker Deployment, with KEDA's and the Kubernetes HPA's semantics, scaling real {@code worker.jar}
 * processes as pods.
 *
 * <ul>
 *   <li>{@link io.durascale.pipeline.local.LocalKeda} — the façade: start, observe, close.</li>
 *   <li>{@code local.keda} — KEDA: the ScaledObject spec and its manifest reader, trigger metadata, the
 *       {@code Scaler} interface, the azure-queue scaler and the external one (gRPC), the scale handler (polling, activation,
 *       cooldown) and the controller that runs it with the HPA.</li>
 *   <li>{@code local.hpa} — the HPA: its spec and behavior, the controller's flags, the arithmetic, the sync.</li>
 *   <li>{@code local.kube} — the Deployment KEDA and the HPA scale ({@code ScaleTarget}): ReplicaSet,
 *       scheduler, node pool, kubelet, and the processes that are its pods.</li>
 * </ul>
 *
 * Dependencies point one way: {@code local} → {@code keda} → {@code hpa} → {@code kube}. Pure logic takes
 * its time from an injected clock and runs only when called, so the unit tests replay minutes of
 * scaling on a fake clock (and a simulator can, on a virtual one); every decision and pod or node change
 * is a record on the run's {@code timeline.jsonl} ({@link io.durascale.run.timeline.Timeline}).
 */
package io.durascale.pipeline.local;
