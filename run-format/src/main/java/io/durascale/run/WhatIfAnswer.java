package io.durascale.run;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * {@code what-if.json}: the study's cloud question and its simulated answer, one point per partition count, written
 * by {@code simulate --what-if RUN_DIR} into that measured run directory; the report's what-if section reads it.
 * Every figure is simulated on {@code profile}; each point is a simulated run directory of its own.
 *
 * @param question the target on the SKU, in words ({@code 1,000,000 blocks/hour (… ) on Standard_D2s_v5})
 * @param profile the profile the points ran, by name (the cloud profile with the run's sizing and counted operations)
 * @param sku the worker node pool's VM size the question is asked for
 * @param blocksPerHour the sizing's target (1,000,000 when sizing.json has none)
 * @param nodePricePerHour the SKU's price per node-hour, in {@code currency}
 * @param currency of every amount
 * @param priceSource where the node price came from (sizing.json's catalog, else the profile's default)
 * @param partitionsThatStillHelp the fewest partitions whose end-to-end p95 is within 5 % of the best, null when none
 * @param points one per partition count, in increasing order
 * @param notes what the question could not take from the run (no sizing recommendation, …)
 */
@JsonPropertyOrder({"question", "profile", "sku", "blocksPerHour", "nodePricePerHour", "currency", "priceSource",
        "partitionsThatStillHelp", "points", "notes"})
public record WhatIfAnswer(String question, String profile, String sku, Double blocksPerHour, Double nodePricePerHour,
                           String currency, String priceSource, Integer partitionsThatStillHelp, List<Point> points,
                           List<String> notes) {

    public WhatIfAnswer {
        points = points == null ? List.of() : List.copyOf(points);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /**
     * The answer at one partition count, also written into the point's own {@code run.json} as {@code whatIf}. Steady
     * figures are the time average over the second half of the hour (after the scale-up's transient).
     *
     * @param run the point's run directory, relative to the directory holding what-if.json
     * @param firstEnqueueToDesiredReplicasMs scale-up: the first enqueue to the desired worker replicas ready
     * @param lastArrivalToQueueDrainedMs drain: the last batch's arrival to the jobs queue drained
     * @param monthlyCost steady nodes × node price plus the other tiers' price, × hours per month
     * @param note how the figures were made
     */
    @JsonPropertyOrder({"partitions", "run", "steadyPods", "steadyNodes", "peakPods", "peakNodes",
            "firstEnqueueToDesiredReplicasMs", "lastArrivalToQueueDrainedMs", "orchestrationEndToEndP95Ms",
            "blocksPerSecond", "monthlyCost", "currency", "note"})
    public record Point(int partitions, String run, int steadyPods, int steadyNodes, int peakPods, int peakNodes,
                        Long firstEnqueueToDesiredReplicasMs, Long lastArrivalToQueueDrainedMs,
                        Double orchestrationEndToEndP95Ms, double blocksPerSecond, double monthlyCost, String currency,
                        String note) {
    }
}
