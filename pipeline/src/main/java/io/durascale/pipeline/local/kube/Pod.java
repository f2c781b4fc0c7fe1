package io.durascale.pipeline.local.kube;

import java.time.Instant;
import java.util.Comparator;

/** A pod of a {@link LocalDeployment}, its state mutated only under the deployment's lock. */
final class Pod {

    /** Most deletable first, as the ReplicaSet controller ranks pods for scale-down ({@code ActivePodsWithRanks}). */
    static final Comparator<Pod> DELETION_ORDER = Comparator
            .comparing((Pod pod) -> pod.node != null)
            .thenComparing(pod -> pod.phase == PodPhase.RUNNING || pod.phase == PodPhase.READY)
            .thenComparing(pod -> pod.phase == PodPhase.READY)
            .thenComparing((Pod pod) -> pod.readySince, Comparator.nullsFirst(Comparator.reverseOrder()))
            .thenComparing(pod -> -pod.sequence);

    final String name;
    final long sequence;
    final Instant createdAt;
    PodPhase phase = PodPhase.PENDING;
    Node node;
    Instant startAt;
    PodProcess process;
    Instant readySince;
    int restarts;
    boolean unschedulableRecorded;

    Pod(String name, long sequence, Instant createdAt) {
        this.name = name;
        this.sequence = sequence;
        this.createdAt = createdAt;
    }
}
