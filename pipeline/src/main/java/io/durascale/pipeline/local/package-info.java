/**
 * KEDA on one machine: the autoscaling a cluster would do for the worker Deployment, with KEDA's
 * and the Kubernetes HPA's semantics, scaling real {@code worker.jar} processes as pods.
 *
 * <ul>
 *   <li>{@link io.durascale.pipeline.local.LocalKeda} — the facade: start, observe, close.</li>
 *   <li>{@link io.durascale.pipeline.local.ScaledObjectSpec}, {@link io.durascale.pipeline.local.ScalingBehavior},
 *       {@link io.durascale.pipeline.local.NodePoolSpec} — the settings, each checked in one place.</li>
 *   <li>{@link io.durascale.pipeline.local.AzureQueueScaler} over a {@link io.durascale.pipeline.local.QueueMetric} —
 *       KEDA's azure-queue trigger.</li>
 *   <li>{@link io.durascale.pipeline.local.ScaledObjectController} — KEDA's polling loop (activation, cooldown) and the
 *       HPA's sync; {@link io.durascale.pipeline.local.HorizontalPodAutoscaler} — the HPA's arithmetic.</li>
 *   <li>{@link io.durascale.pipeline.local.LocalDeployment} — ReplicaSet, scheduler, node pool and kubelet;
 *       {@link io.durascale.pipeline.local.PodLauncher} / {@link io.durascale.pipeline.local.ProcessPodLauncher} —
 *       the processes; {@link io.durascale.pipeline.local.WorkerJar} — where the worker program is.</li>
 * </ul>
 *
 * Pure logic takes its time from an injected clock and runs only when called, so the unit tests
 * replay minutes of scaling on a fake clock; every decision and pod or node change is written to
 * the run's {@code timeline.jsonl} ({@link io.durascale.run.Timeline}).
 */
package io.durascale.pipeline.local;
