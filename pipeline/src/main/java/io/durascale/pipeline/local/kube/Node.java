package io.durascale.pipeline.local.kube;

import java.time.Instant;

/** A node of a {@link NodePool}. */
final class Node {

    final String name;
    final Instant readyAt;
    boolean ready;
    Instant emptySince;
    /** Pods placed here, terminating ones included (they hold their place until they end). */
    int pods;

    Node(String name, Instant readyAt) {
        this.name = name;
        this.readyAt = readyAt;
    }
}
