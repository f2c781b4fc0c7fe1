package io.durascale.pipeline.local.kube;

import java.time.Instant;
import java.util.List;

/**
 * A node of the pool as observed at one moment.
 *
 * @param name {@code node-1}, {@code node-2}, ... in order of creation
 * @param state provisioning or ready
 * @param readyAt when it became (or becomes) ready
 * @param pods the pods on it, terminating ones included (they still hold their place)
 */
public record NodeStatus(String name, State state, Instant readyAt, List<String> pods) {

    public NodeStatus {
        pods = List.copyOf(pods);
    }

    /** A node's state, as the timeline records it. */
    public enum State {
        PROVISIONING("Provisioning"), READY("Ready");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        @Override
        public String toString() {
            return label;
        }
    }
}
