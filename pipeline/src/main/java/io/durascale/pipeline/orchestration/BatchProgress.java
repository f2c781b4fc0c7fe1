package io.durascale.pipeline.orchestration;

/** BatchCompute's custom status, kept current as blocks report in. */
public record BatchProgress(int total, int completed, int failed) {
}
