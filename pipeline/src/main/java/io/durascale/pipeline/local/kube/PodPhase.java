package io.durascale.pipeline.local.kube;

/**
 * A pod's life as {@code kubectl get pods} shows it in its STATUS column. Kubernetes' own
 * {@code status.phase} is coarser: Pending covers {@link #PENDING} and {@link #CONTAINER_CREATING},
 * Running covers {@link #RUNNING} and {@link #READY} (readiness is a condition), and a terminating
 * pod keeps its phase until it ends.
 */
public enum PodPhase {

    /** Created, waiting for a node with room. */
    PENDING("Pending"),
    /** On a node; the image is pulled and the container created (the pool's pod start delay). */
    CONTAINER_CREATING("ContainerCreating"),
    /** The process runs; its readiness probe has not passed yet (or fails again). */
    RUNNING("Running"),
    /** The readiness probe passes: the worker is receiving. */
    READY("Ready"),
    /** The process ended without being asked to; it is started again after a back-off (10 s, doubling, at most 5 min). */
    CRASH_LOOP_BACK_OFF("CrashLoopBackOff"),
    /** SIGTERM sent; the worker drains its in-flight jobs. */
    TERMINATING("Terminating"),
    /** Ended with exit code 0. */
    SUCCEEDED("Succeeded"),
    /** Ended otherwise: a non-zero exit, a kill after the grace period, or a process that could not start. */
    FAILED("Failed");

    private final String label;

    PodPhase(String label) {
        this.label = label;
    }

    /** As kubectl prints it, and as the timeline records it. */
    public String label() {
        return label;
    }

    /** Counted in status.replicas: created and not being deleted. */
    public boolean isActive() {
        return this == PENDING || this == CONTAINER_CREATING || this == RUNNING || this == READY
                || this == CRASH_LOOP_BACK_OFF;
    }

    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED;
    }

    @Override
    public String toString() {
        return label;
    }
}
