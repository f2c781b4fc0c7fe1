package io.durascale.pipeline.local.kube;

import java.time.Instant;
import java.util.Optional;

/**
 * A pod as observed at one moment.
 *
 * @param name the pod's name, also the worker's {@code --worker-id}
 * @param phase where it is in its life
 * @param node the node it is scheduled on, if any
 * @param pid the worker process, once started
 * @param createdAt when the deployment created it
 * @param readySince when it last became ready, if it is ready
 */
public record PodStatus(String name, PodPhase phase, Optional<String> node, Optional<Long> pid, Instant createdAt,
                        Optional<Instant> readySince) {
}
