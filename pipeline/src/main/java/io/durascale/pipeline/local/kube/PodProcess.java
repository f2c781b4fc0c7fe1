package io.durascale.pipeline.local.kube;

import java.util.OptionalInt;
import java.util.OptionalLong;

/** A pod's running container, as its launcher sees it. Non-blocking: the deployment polls it. */
public interface PodProcess {

    /** The operating system's process id, if there is a process. */
    OptionalLong pid();

    /** The latest readiness probe result: true while the worker answers {@code /readyz} with 200. */
    boolean isReady();

    /** The exit code once the process has ended; empty while it runs. */
    OptionalInt exitCode();

    /**
     * Asks the process to stop (SIGTERM: the worker drains its jobs) and kills it if it is still
     * running after the launcher's grace period. Returns at once.
     */
    void terminate();

    /** Kills the process at once (SIGKILL). */
    void kill();
}
