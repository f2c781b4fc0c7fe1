package io.durascale.reports.gate;

import com.fasterxml.jackson.databind.JsonNode;
import io.durascale.reports.report.Figures;
import io.durascale.run.RunJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares a run's metrics with a baseline's, metric by metric, each family by its own rule:
 * <ul>
 * <li>JMH scores: normalised by the calibration factor, then a regression only if the confidence intervals of
 *     run and baseline do not overlap AND the change exceeds {@code jmh.minEffect} in the unit's worse direction;
 * <li>allocation (B/op): a regression above baseline × (1 + tolerance) + slackBytes, never normalised;
 * <li>latency percentiles and scaling times: a regression above an absolute threshold, or above
 *     baseline × (1 + maxIncrease) when also more than minIncreaseMs slower;
 * <li>orchestration rates: a regression below baseline × (1 − maxDecrease).
 * </ul>
 */
public final class Gate {

    private final GateConfig config;

    public Gate(GateConfig config) {
        this.config = config;
    }

    public GateResult compare(String runName, List<Metric> run, Baseline baseline) {
        return compare(runName, null, run, baseline);
    }

    /** @param runMachine the run's machine as run.json describes it, or null */
    public GateResult compare(String runName, String runMachine, List<Metric> run, Baseline baseline) {
        return compare(runName, runMachine, null, run, baseline);
    }

    /**
     * @param runWorkload the run's load-test workload ({@link BaselineFile.Workload#of}), or null; when it and the
     *                    baseline's are both known and differ, latency, scaling times and rates are not gated
     */
    public GateResult compare(String runName, String runMachine, BaselineFile.Workload runWorkload,
                              List<Metric> run, Baseline baseline) {
        String workloadDiffers = runWorkload != null && baseline.workload() != null && !runWorkload.equals(baseline.workload())
                ? "the load-test workload differs from the baseline's (" + difference(runWorkload, baseline.workload())
                + "): latency, scaling times and rates compare only under the same workload" : null;
        Set<String> ignore = config.ignoreParams();
        Calibration calibration = Calibration.of(run, baseline.metrics(), config.calibration(), ignore);
        Map<String, Metric> base = new LinkedHashMap<>();
        baseline.metrics().forEach(m -> base.putIfAbsent(m.key(ignore), m));
        List<Verdict> verdicts = new ArrayList<>();
        // Only benchmarks of code (JMH time and allocation) compare across workloads; latencies, times and rates do not.
        java.util.function.Predicate<Metric> workloadBound = m -> workloadDiffers != null && m.kind() != MetricKind.JMH
                && m.kind() != MetricKind.ALLOCATION;
        Set<String> seen = new java.util.HashSet<>();
        for (Metric m : run) {
            String key = m.key(ignore);
            if (!seen.add(key)) {
                continue;
            }
            Metric b = base.get(key);
            if (calibration.calibrationKeys().contains(key)) {
                verdicts.add(skip(m, b, "calibration benchmark: it measures the machine, so it normalises the others and "
                        + "is not gated itself"));
            } else if (!config.gates(m.id())) {
                verdicts.add(skip(m, b, "not selected by the config's include/exclude patterns"));
            } else if (workloadBound.test(m)) {
                verdicts.add(skip(m, b, workloadDiffers));
            } else if (m.kind() == MetricKind.LATENCY && !config.percentiles().contains(percentile(m.name()))) {
                verdicts.add(skip(m, b, "percentile not gated (times.percentiles is " + config.percentiles() + ")"));
            } else {
                verdicts.add(judge(m, b, calibration));
            }
        }
        for (Map.Entry<String, Metric> e : base.entrySet()) {
            if (!seen.contains(e.getKey()) && config.gates(e.getValue().id())
                    && !calibration.calibrationKeys().contains(e.getKey())
                    && !workloadBound.test(e.getValue())) {
                Metric b = e.getValue();
                String reason = "in the baseline but not measured in this run";
                verdicts.add(new Verdict(b.id(), b.kind(), config.failOnMissing() ? Verdict.Status.FAIL : Verdict.Status.SKIP,
                        b.unit(), b.score(), Double.NaN, Double.NaN, Double.NaN,
                        "failOnMissing is " + config.failOnMissing(), reason));
            }
        }
        return new GateResult(runName, baseline.description(), config, calibration, verdicts, runMachine,
                Baseline.describeMachine(baseline.machine()));
    }

    /** The first few workload keys whose values differ, as "key run vs baseline". */
    static String difference(BaselineFile.Workload runWorkload, BaselineFile.Workload baseWorkload) {
        // The load test's own workload record is open-ended JSON: compared key by key, one level deep.
        JsonNode run = RunJson.MAPPER.valueToTree(runWorkload);
        JsonNode base = RunJson.MAPPER.valueToTree(baseWorkload);
        List<String> out = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>();
        run.fieldNames().forEachRemaining(keys::add);
        base.fieldNames().forEachRemaining(keys::add);
        for (String k : keys) {
            JsonNode a = run.path(k);
            JsonNode b = base.path(k);
            if (a.isObject() && b.isObject()) {
                TreeSet<String> inner = new TreeSet<>();
                a.fieldNames().forEachRemaining(inner::add);
                b.fieldNames().forEachRemaining(inner::add);
                for (String i : inner) {
                    if (!a.path(i).equals(b.path(i))) {
                        out.add(i + " " + text(a.path(i)) + " vs " + text(b.path(i)));
                    }
                }
            } else if (!a.equals(b)) {
                out.add(k + " " + text(a) + " vs " + text(b));
            }
        }
        return out.size() > 4 ? String.join(", ", out.subList(0, 4)) + ", …" : String.join(", ", out);
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() ? "none" : n.isValueNode() ? n.asText() : n.toString();
    }

    private Verdict judge(Metric m, Metric b, Calibration calibration) {
        if (m.kind() == MetricKind.LATENCY || m.kind() == MetricKind.TIME) {
            return time(m, b);
        }
        if (b == null) {
            return skip(m, null, "no baseline entry: gate it from the next --update-baseline on");
        }
        if (!m.unit().equals(b.unit())) {
            return new Verdict(m.id(), m.kind(), Verdict.Status.FAIL, m.unit(), b.score(), m.score(), Double.NaN, Double.NaN,
                    "units must match", "unit changed from " + b.unit() + " to " + m.unit()
                    + ": the benchmark's mode changed; write a new baseline with --update-baseline");
        }
        Direction d = m.direction();
        if (d == Direction.UNKNOWN) {
            return skip(m, b, "the unit \"" + m.unit() + "\" says nothing about which way is better");
        }
        return switch (m.kind()) {
            case JMH -> jmh(m, b, calibration, d);
            case ALLOCATION -> allocation(m, b);
            case RATE -> rate(m, b, d);
            default -> throw new IllegalStateException(m.kind().name());
        };
    }

    private Verdict jmh(Metric m, Metric b, Calibration calibration, Direction d) {
        Metric n = calibration.normalise(m);
        double change = d.worsening(b.score(), n.score());
        boolean ciKnown = n.hasConfidence() && b.hasConfidence();
        boolean overlap = ciKnown && n.low() <= b.high() && b.low() <= n.high();
        boolean separated = !config.requireCiSeparation() || !overlap;
        String rule = String.format(Locale.ROOT, "%s is better; regression if %sworse by more than %s%s",
                d == Direction.HIGHER_IS_BETTER ? "higher" : "lower",
                config.requireCiSeparation() ? "the 99.9% confidence intervals do not overlap and " : "",
                Figures.percent(config.jmhMinEffect()),
                calibration.applied() ? String.format(Locale.ROOT, " (run normalised by machine factor %.3f)", calibration.factor()) : "");
        String ci = ciKnown ? String.format(Locale.ROOT, "intervals [%s, %s] vs baseline [%s, %s] %s",
                Figures.number(n.low()), Figures.number(n.high()), Figures.number(b.low()), Figures.number(b.high()),
                overlap ? "overlap" : "do not overlap")
                : "no confidence interval (fewer than 3 measurement iterations), so the minimum effect alone decides";
        String what = describe(change) + "; " + ci;
        if (change > config.jmhMinEffect() && separated) {
            return verdict(m, b, n, change, Verdict.Status.FAIL, rule, "regression: " + what);
        }
        if (-change > config.jmhMinEffect() && separated) {
            return verdict(m, b, n, change, Verdict.Status.PASS, rule, "improved: " + what
                    + "; consider --update-baseline so the gate holds the gain");
        }
        return verdict(m, b, n, change, Verdict.Status.PASS, rule, "within noise: " + what);
    }

    private Verdict allocation(Metric m, Metric b) {
        double limit = b.score() * (1 + config.allocationTolerance()) + config.allocationSlackBytes();
        double change = Direction.LOWER_IS_BETTER.worsening(b.score(), m.score());
        String rule = "allocation per operation, not normalised: at most baseline × " + (1 + config.allocationTolerance())
                + " + " + Figures.number(config.allocationSlackBytes()) + " B (" + Figures.number(limit) + " " + m.unit() + ")";
        return m.score() > limit
                ? verdict(m, b, m, change, Verdict.Status.FAIL, rule, "regression: allocates " + Figures.number(m.score())
                + " " + m.unit() + ", baseline " + Figures.number(b.score()) + " (" + describe(change) + ")")
                : verdict(m, b, m, change, Verdict.Status.PASS, rule, describe(change));
    }

    private Verdict rate(Metric m, Metric b, Direction d) {
        double change = d.worsening(b.score(), m.score());
        String rule = "higher is better; regression if lower by more than " + Figures.percent(config.ratesMaxDecrease());
        return change > config.ratesMaxDecrease()
                ? verdict(m, b, m, change, Verdict.Status.FAIL, rule, "regression: " + describe(change))
                : verdict(m, b, m, change, Verdict.Status.PASS, rule, describe(change));
    }

    private Verdict time(Metric m, Metric b) {
        Double threshold = config.thresholdMs(m.name());
        double change = b == null ? Double.NaN : Direction.LOWER_IS_BETTER.worsening(b.score(), m.score());
        List<String> rules = new ArrayList<>();
        if (threshold != null) {
            rules.add("at most " + Figures.millis(threshold) + " (absolute)");
        }
        rules.add("at most baseline × " + (1 + config.timesMaxIncrease()) + " unless within "
                + Figures.millis(config.timesMinIncreaseMs()));
        String rule = "lower is better; " + String.join(", and ", rules);
        if (threshold != null && m.score() > threshold) {
            return verdict(m, b, m, change, Verdict.Status.FAIL, rule, "regression: " + Figures.millis(m.score())
                    + " is above the threshold of " + Figures.millis(threshold));
        }
        if (b == null) {
            return threshold == null ? skip(m, null, "no baseline entry and no absolute threshold")
                    : verdict(m, null, m, change, Verdict.Status.PASS, rule, "within the absolute threshold (no baseline entry)");
        }
        if (change > config.timesMaxIncrease() && m.score() - b.score() > config.timesMinIncreaseMs()) {
            return verdict(m, b, m, change, Verdict.Status.FAIL, rule, "regression: " + Figures.millis(m.score())
                    + " against " + Figures.millis(b.score()) + " (" + describe(change) + ")");
        }
        return verdict(m, b, m, change, Verdict.Status.PASS, rule, describe(change));
    }

    private static String percentile(String latencyName) {
        return latencyName.substring(latencyName.lastIndexOf('.') + 1);
    }

    private static String describe(double change) {
        if (!Double.isFinite(change)) {
            return "no baseline";
        }
        if (change == 0) {
            return "unchanged";
        }
        return String.format(Locale.ROOT, "%.1f%% %s", Math.abs(change) * 100, change > 0 ? "worse" : "better");
    }

    private static Verdict verdict(Metric m, Metric b, Metric normalised, double change, Verdict.Status status, String rule,
                                   String reason) {
        return new Verdict(m.id(), m.kind(), status, m.unit(), b == null ? Double.NaN : b.score(), m.score(),
                normalised.score(), change, rule, reason);
    }

    private static Verdict skip(Metric m, Metric b, String why) {
        return new Verdict(m.id(), m.kind(), Verdict.Status.SKIP, m.unit(), b == null ? Double.NaN : b.score(), m.score(),
                Double.NaN, Double.NaN, "not gated", why);
    }
}
