package io.durascale.pipeline.local.kube;

/**
 * The {@code /scale} subresource of the workload KEDA and the HPA scale: the replica count they
 * set, and the pods that exist and are ready.
 */
public interface ScaleTarget {

    /** {@code spec.replicas}: the count last set. */
    int specReplicas();

    /** {@code status.replicas}: pods that exist and are not terminating. */
    int statusReplicas();

    /** {@code status.readyReplicas}. */
    int readyReplicas();

    /** Sets {@code spec.replicas}; the workload's controller creates or deletes pods to match. */
    void scale(int replicas);

    /**
     * The Deployment's name, which the timeline's KEDA lines carry when one timeline holds several scaled tiers;
     * null for a target that has none (a model's).
     */
    default String name() {
        return null;
    }
}
