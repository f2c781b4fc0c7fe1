/**
 * The Kubernetes HPA, after {@code pkg/controller/podautoscaler}: the
 * {@link io.durascale.pipeline.local.hpa.HpaSpec} KEDA creates with its
 * {@link io.durascale.pipeline.local.hpa.ScalingBehavior}, the controller's
 * {@link io.durascale.pipeline.local.hpa.HpaControllerFlags}, the arithmetic
 * ({@link io.durascale.pipeline.local.hpa.HorizontalPodAutoscaler}, pure: time and the metric come in with
 * each call) and the sync around it ({@link io.durascale.pipeline.local.hpa.HorizontalController}).
 */
package io.durascale.pipeline.local.hpa;
