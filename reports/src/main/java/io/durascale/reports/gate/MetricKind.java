package io.durascale.reports.gate;

/**
 * The families of gated metrics, each with its own rule (see {@link Gate}), and what they may be compared with:
 * code benchmarks normalised by machine speed, allocation and counted operations transfer across machines; times,
 * latencies and rates measured on the embedded stack describe the machine they ran on (two shared cores run the
 * emulator, the task hub, the workers and the load generator), so they compare only with the same machine's runs.
 */
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
    RATE,
    /** Storage operations counted per orchestration (taskhub-bench.json, the sweep's task hub counters): a tight ceiling. */
    COUNT;

    /** Whether only runs on the same machine may be compared (times, latencies, rates). */
    public boolean sameMachineOnly() {
        return this == LATENCY || this == TIME || this == RATE;
    }
}
