package io.durascale.run;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * {@code validation.json}: a simulated replay of a measured run beside it, figure by figure — each prediction, the
 * measurement, the relative error and its target — written by {@code simulate --replay}.
 *
 * @param measuredRun the measured run directory the simulation was calibrated from and replayed
 * @param measuredSimulation the measured run's simulation (its workload)
 * @param profile the calibrated profile's name
 * @param figures one per compared figure, in a fixed order
 * @param outsideTargets how many compared figures missed their target
 * @param note what could not be compared, when something could not
 */
@JsonPropertyOrder({"measuredRun", "measuredSimulation", "profile", "figures", "outsideTargets", "note"})
public record Validation(String measuredRun, String measuredSimulation, String profile, List<Figure> figures,
                         int outsideTargets, String note) {

    public Validation {
        figures = figures == null ? List.of() : List.copyOf(figures);
    }

    /**
     * One figure: measured and predicted (null where the run has none), |predicted - measured| / measured, the target
     * for that error and whether it was met (null when not compared).
     */
    @JsonPropertyOrder({"figure", "unit", "measured", "predicted", "relativeError", "target", "withinTarget", "note"})
    public record Figure(String figure, String unit, Double measured, Double predicted, Double relativeError,
                         double target, Boolean withinTarget, String note) {
    }
}
