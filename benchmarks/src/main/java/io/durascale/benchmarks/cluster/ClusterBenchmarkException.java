package io.durascale.benchmarks.cluster;

/** A cluster-mode run that cannot go on, with one sentence saying what happened and what to do. */
public final class ClusterBenchmarkException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ClusterBenchmarkException(String message) {
        super(message, null, false, false);
    }
}
