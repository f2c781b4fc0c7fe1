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
 *     run leaves out the baseline's score AND the change exceeds {@code jmh.minEffect} in the unit's worse direction;
 * <li>allocation (B/op): a regression above baseline × (1 + tolerance) + slackBytes, never normalised;
 * <li>latency percentiles and scaling times: a regression above an absolute threshold, or above
 *     baseline × (1 + maxIncrease) when also more than minIncreaseMs slower;
 * <li>orchestration rates: a regression below baseline × (1 − maxDecrease);
 * <li>counted storage operations per orchestration: a regression above baseline × (1 + counts.maxIncrease).
 * </ul>
 * What is compared with what follows {@link MetricKind#sameMachineOnly()}: JMH scores (normalised by machine speed),
 * allocation and counts with the committed baseline, wherever it was made; times, latencies and rates only with the
 * same machine's own runs ({@link MachineBaseline}), each judged against the band those runs showed: a time is a
 * regression above the worst of them plus max(minIncreaseMs, maxIncrease × their median, {@link #SPREAD_FACTOR} ×
 * their spread), a rate below the worst minus max(maxDecrease × their median, that factor × their spread). The
 * spread (highest − lowest) counts from {@link #RUNS_FOR_SPREAD} runs on: it covers the figures a control loop's
 * poll quantises (the first ready pod moves by up to KEDA's polling interval), the relative term a machine whose
 * every figure drifts by tens of percent from run to run. Without such runs they are not gated.
 */
public final class Gate {

    /** Runs of a figure from which their own spread is the band (three give a first estimate of a machine's noise). */
    static final int RUNS_FOR_SPREAD = 3;

    /**
     * The band's width in spreads of the earlier runs: the range of three normal samples is about 1.7 σ and their
     * highest about μ + 0.85 σ, so highest + 1.5 × range is about μ + 3.4 σ.
     */
    static final double SPREAD_FACTOR = 1.5;

    private final GateConfig config;

    public Gate(GateConfig config) {
        this.config = config;
    }

    public GateResult compare(String runName, List<Metric> run, Baseline baseline) {
        return compare(runName, null, run, baseline, null);
    }

    /**
     * @param runMachine the run's machine as run.json describes it, or null
     * @param machine the same-machine figures' earlier values by metric key ({@link MachineBaseline#samplesByKey}),
     *                or null when there are none: times, latencies and rates are then not gated (but for absolute limits)
     */
    public GateResult compare(String runName, String runMachine, List<Metric> run, Baseline baseline,
                              Map<String, List<Double>> machine) {
        Set<String> ignore = config.ignoreParams();
        Calibration calibration = Calibration.of(run, baseline.metrics(), config.calibration(), ignore);
        Map<String, Metric> base = new LinkedHashMap<>();
        baseline.metrics().forEach(m -> base.putIfAbsent(m.key(ignore), m));
        List<Verdict> verdicts = new ArrayList<>();
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
            } else if (m.kind() == MetricKind.LATENCY && !config.percentiles().contains(percentile(m.name()))) {
                verdicts.add(skip(m, null, "percentile not gated (times.percentiles is " + config.percentiles() + ")"));
            } else if (m.kind().sameMachineOnly()) {
                List<Double> samples = machine == null ? null : machine.get(key);
                Double threshold = m.kind() == MetricKind.RATE ? null : config.thresholdMs(m.name());
                if (samples != null && !samples.isEmpty()) {
                    verdicts.add(sameMachine(m, samples));
                } else if (threshold != null && m.score() > threshold) {
                    // An absolute limit holds on any machine: a p95 of minutes is stuck, not slow.
                    verdicts.add(verdict(m, null, m, Double.NaN, Verdict.Status.FAIL, "at most " + Figures.millis(threshold)
                            + " (absolute)", "regression: " + Figures.millis(m.score()) + " is above the threshold of "
                            + Figures.millis(threshold)));
                } else {
                    verdicts.add(skip(m, null, machine == null ? "compared only with runs on this machine, and this is the "
                            + "first of this workload here: gated from the next one on"
                            : "not in this machine's baseline yet: gated from the next run on"));
                }
            } else {
                verdicts.add(judge(m, b, calibration));
            }
        }
        for (Map.Entry<String, Metric> e : base.entrySet()) {
            if (!seen.contains(e.getKey()) && config.gates(e.getValue().id())
                    && !calibration.calibrationKeys().contains(e.getKey())
                    && !e.getValue().kind().sameMachineOnly()) {
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
            case COUNT -> count(m, b);
            default -> throw new IllegalStateException(m.kind().name());
        };
    }

    private Verdict count(Metric m, Metric b) {
        double change = Direction.LOWER_IS_BETTER.worsening(b.score(), m.score());
        String rule = "counted, the same on any machine: at most baseline × " + (1 + config.countsMaxIncrease());
        return change > config.countsMaxIncrease()
                ? verdict(m, b, m, change, Verdict.Status.FAIL, rule, "regression: " + Figures.number(m.score()) + " "
                + m.unit() + " against " + Figures.number(b.score()) + " (" + describe(change) + ")")
                : verdict(m, b, m, change, Verdict.Status.PASS, rule, describe(change));
    }

    /** A time, latency or rate against this machine's earlier runs of the same workload. */
    private Verdict sameMachine(Metric m, List<Double> samples) {
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double typical = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        String runs = sorted.length + (sorted.length == 1 ? " earlier run" : " earlier runs") + " on this machine";
        Metric typicalMetric = new Metric(m.kind(), m.name(), m.params(), m.mode(), m.threads(), m.unit(), typical,
                Double.NaN, Double.NaN);
        boolean fromSpread = sorted.length >= RUNS_FOR_SPREAD;
        double spread = sorted[sorted.length - 1] - sorted[0];
        if (m.kind() == MetricKind.RATE) {
            double worst = sorted[0];
            double limit = worst - Math.max(config.ratesMaxDecrease() * typical, fromSpread ? SPREAD_FACTOR * spread : 0);
            double change = Direction.HIGHER_IS_BETTER.worsening(typical, m.score());
            String rule = String.format(Locale.ROOT, "higher is better; regression below the lowest of %s (%s) minus "
                    + "max(%s of their median%s): %s %s", runs, Figures.number(worst),
                    Figures.percent(config.ratesMaxDecrease()), fromSpread ? ", " + Figures.number(SPREAD_FACTOR)
                    + " × their spread of " + Figures.number(spread) : "", Figures.number(limit), m.unit());
            return m.score() < limit
                    ? verdict(m, typicalMetric, m, change, Verdict.Status.FAIL, rule, "regression: "
                    + Figures.number(m.score()) + " " + m.unit() + ", below " + Figures.number(limit))
                    : verdict(m, typicalMetric, m, change, Verdict.Status.PASS, rule, describe(change) + " than their median");
        }
        Double threshold = config.thresholdMs(m.name());
        double worst = sorted[sorted.length - 1];
        double allowance = Math.max(Math.max(config.timesMinIncreaseMs(), config.timesMaxIncrease() * typical),
                fromSpread ? SPREAD_FACTOR * spread : 0);
        double limit = worst + allowance;
        double change = Direction.LOWER_IS_BETTER.worsening(typical, m.score());
        String rule = "lower is better; regression above the highest of " + runs + " (" + Figures.millis(worst)
                + ") plus max(" + Figures.millis(config.timesMinIncreaseMs()) + ", "
                + Figures.percent(config.timesMaxIncrease()) + " of their median"
                + (fromSpread ? ", " + Figures.number(SPREAD_FACTOR) + " × their spread of " + Figures.millis(spread) : "")
                + "): " + Figures.millis(limit)
                + (threshold != null ? "; and at most " + Figures.millis(threshold) + " (absolute)" : "");
        if (threshold != null && m.score() > threshold) {
            return verdict(m, typicalMetric, m, change, Verdict.Status.FAIL, rule, "regression: " + Figures.millis(m.score())
                    + " is above the threshold of " + Figures.millis(threshold));
        }
        return m.score() > limit
                ? verdict(m, typicalMetric, m, change, Verdict.Status.FAIL, rule, "regression: " + Figures.millis(m.score())
                + " against at most " + Figures.millis(limit) + " (" + runs + ": " + Figures.millis(sorted[0]) + " to "
                + Figures.millis(worst) + ")")
                : verdict(m, typicalMetric, m, change, Verdict.Status.PASS, rule, describe(change) + " than their median");
    }

    private Verdict jmh(Metric m, Metric b, Calibration calibration, Direction d) {
        Metric n = calibration.normalise(m);
        double change = d.worsening(b.score(), n.score());
        // The run's interval against the baseline's score, not against the baseline's interval: a committed baseline
        // of three iterations has a 99.9% interval of ±31.6 standard errors (Student's t with 2 degrees of freedom),
        // e.g. [-19.7, 335] ops/s around a stencil score of 157, which no slowdown can leave. The baseline's own error
        // is what jmh.minEffect allows for; the run's interval says whether the run differs from that score at all.
        boolean ciKnown = n.hasConfidence();
        boolean covers = ciKnown && n.low() <= b.score() && b.score() <= n.high();
        boolean separated = !config.requireCiSeparation() || !covers;
        String rule = String.format(Locale.ROOT, "%s is better; regression if %sworse by more than %s%s",
                d == Direction.HIGHER_IS_BETTER ? "higher" : "lower",
                config.requireCiSeparation() ? "the run's 99.9% confidence interval leaves out the baseline's score and " : "",
                Figures.percent(config.jmhMinEffect()),
                calibration.applied() ? String.format(Locale.ROOT, " (run normalised by machine factor %.3f)", calibration.factor()) : "");
        String ci = ciKnown ? String.format(Locale.ROOT, "the run's interval [%s, %s] %s the baseline's %s",
                Figures.number(n.low()), Figures.number(n.high()), covers ? "covers" : "leaves out",
                Figures.number(b.score()))
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
