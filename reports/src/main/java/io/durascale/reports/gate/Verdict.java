package io.durascale.reports.gate;

/**
 * The gate's judgement of one metric: pass, fail (a regression, with the reason) or skip (not gated, with why).
 *
 * @param change relative worsening against the baseline after normalisation (0.12 = 12% worse, negative = better), NaN if none
 */
public record Verdict(String id, MetricKind kind, Status status, String unit, double baseline, double run, double normalised,
                      double change, String rule, String reason) {

    public enum Status { PASS, FAIL, SKIP }

    public boolean failed() {
        return status == Status.FAIL;
    }
}
