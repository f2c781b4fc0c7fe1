package io.durascale.pipeline.local.kube;

import java.time.Instant;

/** A node of a {@link NodePool}. */
final class Node {

    final String name;
    final Instant readyAt;
    boolean ready;
    Instant emptySince;

    Node(String name, Instant readyAt) {
        this.name = name;
        this.readyAt = readyAt;
    }
}
