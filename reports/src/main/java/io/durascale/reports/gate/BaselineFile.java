package io.durascale.reports.gate;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.durascale.run.Machine;
import io.durascale.run.RunInfo;
import java.util.List;
import java.util.Map;

/**
 * A gate baseline ({@code gate --update-baseline}, e.g. .github/capacity/baseline.json): a run's gateable metrics
 * with where and when they were measured, written by {@link Baseline#write} and read by {@link Baseline#read}.
 *
 * @param format {@value Baseline#FORMAT}
 * @param createdAt when the baseline was written (ISO-8601, seconds)
 * @param run the run directory's name; {@code runPath} its path then
 * @param workload what the run's load-test figures depend on; absent for a run that is not a load test
 * @param calibration the calibration benchmarks among the metrics, for a person reading the file
 */
@JsonPropertyOrder({"format", "createdAt", "run", "runPath", "machine", "versions", "workload", "calibration", "metrics"})
public record BaselineFile(String format, String createdAt, String run, String runPath, Machine machine,
                           Map<String, String> versions, Workload workload, List<CalibrationScore> calibration,
                           List<Entry> metrics) {

    /**
     * What a load test's figures depend on, from run.json: target, simulation, kernel, block size and its workload
     * (batches, blocks, sweep, scaling settings, as the load test's own record). Latency, scaling times and rates
     * compare only between runs of an equal workload.
     */
    @JsonPropertyOrder({"target", "simulation", "kernel", "blockSize", "workload"})
    public record Workload(String target, String simulation, String kernel, Integer blockSize, JsonNode workload) {

        /** The run's workload, or null when the run is not a load test (run.json has no workload object). */
        public static Workload of(RunInfo run) {
            if (run == null || run.workload() == null || !run.workload().isObject()) {
                return null;
            }
            return new Workload(run.target(), run.simulation(), run.kernel(), run.blockSize(), run.workload());
        }
    }

    /** A calibration benchmark's score. */
    @JsonPropertyOrder({"name", "score", "unit"})
    public record CalibrationScore(String name, double score, String unit) {
    }

    /**
     * One metric. {@code params} is absent without JMH parameters, {@code mode} and {@code threads} for metrics that
     * are not JMH's, {@code confidence} (JMH's 99.9 % interval, low and high) where there is none.
     *
     * @param kind the {@link MetricKind}, lower case
     */
    @JsonPropertyOrder({"kind", "name", "params", "mode", "threads", "unit", "score", "confidence"})
    public record Entry(String kind, String name, Map<String, String> params, String mode, Integer threads, String unit,
                        Double score, List<Double> confidence) {
    }
}
