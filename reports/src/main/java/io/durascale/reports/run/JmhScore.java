package io.durascale.reports.run;

/**
 * One JMH metric (primary or secondary): the score, its 99.9% error and confidence interval
 * (NaN when JMH had too few iterations to give one), and the unit.
 */
public record JmhScore(double score, double error, double low, double high, String unit) {

    /** True when JMH gave a confidence interval (at least 3 measurement iterations × forks). */
    public boolean hasConfidence() {
        return Double.isFinite(low) && Double.isFinite(high);
    }
}
