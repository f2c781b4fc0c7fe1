/**
 * The Deployment on one machine, behind the {@link io.durascale.pipeline.local.kube.ScaleTarget} KEDA and
 * the HPA scale: {@link io.durascale.pipeline.local.kube.LocalDeployment} (ReplicaSet and kubelet), its
 * node pool with the scheduler and the cluster autoscaler ({@link io.durascale.pipeline.local.kube.NodePoolSpec}),
 * pod phases as kubectl shows them, and the pods' processes
 * ({@link io.durascale.pipeline.local.kube.PodLauncher}, {@link io.durascale.pipeline.local.kube.ProcessPodLauncher},
 * {@link io.durascale.pipeline.local.kube.WorkerJar}).
 */
package io.durascale.pipeline.local.kube;
