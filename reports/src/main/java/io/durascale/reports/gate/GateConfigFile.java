package io.durascale.reports.gate;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The gate's config file ({@code --config gate.json}) and its built-in defaults ({@code gate-defaults.json}), as
 * written: every key optional, so a user's file names only what it changes. {@link #over} lays it on the defaults;
 * {@link GateConfig} validates the result. The keys are documented in the README ("Capacity report and regression
 * gate").
 *
 * @param include metric id patterns (Java regular expressions, found anywhere in the id) that are gated
 * @param exclude patterns of ids that are not, even when included
 * @param ignoreParams JMH parameters left out of a metric's identity (so a changed value still pairs up)
 * @param calibration the pattern naming the calibration benchmark
 * @param failOnMissing whether a baseline metric the run did not measure fails the gate
 */
@JsonPropertyOrder({"include", "exclude", "ignoreParams", "calibration", "failOnMissing", "jmh", "allocation", "counts",
        "times", "rates"})
public record GateConfigFile(List<String> include, List<String> exclude, List<String> ignoreParams, String calibration,
                             Boolean failOnMissing, Jmh jmh, Allocation allocation, Counts counts, Times times, Rates rates) {

    /** JMH scores: the smallest change that counts, and whether the confidence intervals must also separate. */
    @JsonPropertyOrder({"minEffect", "requireCiSeparation"})
    public record Jmh(Double minEffect, Boolean requireCiSeparation) {

        Jmh over(Jmh base) {
            return base == null ? this : new Jmh(or(minEffect, base.minEffect), or(requireCiSeparation, base.requireCiSeparation));
        }
    }

    /** Allocation per operation may grow by {@code tolerance} (a fraction) plus {@code slackBytes}. */
    @JsonPropertyOrder({"tolerance", "slackBytes"})
    public record Allocation(Double tolerance, Double slackBytes) {

        Allocation over(Allocation base) {
            return base == null ? this : new Allocation(or(tolerance, base.tolerance), or(slackBytes, base.slackBytes));
        }
    }

    /** Counted storage operations per orchestration may grow by {@code maxIncrease} (a fraction). */
    public record Counts(Double maxIncrease) {

        Counts over(Counts base) {
            return base == null ? this : new Counts(or(maxIncrease, base.maxIncrease));
        }
    }

    /**
     * Latencies and scaling times: which percentiles are gated, how much they may grow (a fraction, and only when
     * also more than {@code minIncreaseMs} slower), and absolute limits by metric name ({@code *} matches anything).
     * A file's {@code thresholdsMs} replaces the defaults' whole.
     */
    @JsonPropertyOrder({"percentiles", "maxIncrease", "minIncreaseMs", "thresholdsMs"})
    public record Times(List<String> percentiles, Double maxIncrease, Double minIncreaseMs, Map<String, Double> thresholdsMs) {

        Times over(Times base) {
            return base == null ? this : new Times(or(percentiles, base.percentiles), or(maxIncrease, base.maxIncrease),
                    or(minIncreaseMs, base.minIncreaseMs), or(thresholdsMs, base.thresholdsMs));
        }
    }

    /** Orchestration rates may drop by {@code maxDecrease} (a fraction). */
    public record Rates(Double maxDecrease) {

        Rates over(Rates base) {
            return base == null ? this : new Rates(or(maxDecrease, base.maxDecrease));
        }
    }

    /** This file's keys over the given base, section by section: what this file leaves out, the base keeps. */
    public GateConfigFile over(GateConfigFile base) {
        return new GateConfigFile(or(include, base.include), or(exclude, base.exclude), or(ignoreParams, base.ignoreParams),
                or(calibration, base.calibration), or(failOnMissing, base.failOnMissing),
                jmh == null ? base.jmh : jmh.over(base.jmh), allocation == null ? base.allocation : allocation.over(base.allocation),
                counts == null ? base.counts : counts.over(base.counts), times == null ? base.times : times.over(base.times), rates == null ? base.rates : rates.over(base.rates));
    }

    private static <T> T or(T value, T base) {
        return value != null ? value : base;
    }
}
