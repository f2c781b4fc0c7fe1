package io.durascale.pipeline.local.kube;

/**
 * Starts the container of a pod: the kubelet's part. {@link ProcessPodLauncher} runs a real
 * {@code worker.jar} process; tests give a fake.
 */
public interface PodLauncher extends AutoCloseable {

    /**
     * Starts the pod's process and returns at once (readiness comes later, see {@link PodProcess#isReady}).
     *
     * @param podName the pod's name, unique within the deployment (the worker's id)
     * @throws RuntimeException with a one-sentence reason if the process cannot start; the pod fails
     */
    PodProcess start(String podName);

    /** Stops whatever this launcher still runs; the deployment stops its pods first, gracefully. */
    @Override
    default void close() {
    }
}
