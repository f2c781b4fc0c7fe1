package io.durascale.reports.gate;

/** The families of gated metrics, each with its own rule (see {@link Gate}). */
public enum MetricKind {
    /** A JMH primary score: confidence intervals and a minimum effect, normalised by the calibration benchmark. */
    JMH,
    /** JMH's gc.alloc.rate.norm (B/op): a small tolerance, no normalisation. */
    ALLOCATION,
    /** A latency percentile (latency/*.json, *.hgrm, metrics.json latency): loose, plus absolute thresholds. */
    LATENCY,
    /** A scale-up or scale-to-zero time from metrics.json: loose, plus absolute thresholds. */
    TIME,
    /** Orchestration throughput per partition count (metrics.json, taskhub-bench.json): a loose floor. */
    RATE
}
