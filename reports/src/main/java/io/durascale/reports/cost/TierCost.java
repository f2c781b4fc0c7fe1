package io.durascale.reports.cost;

import io.durascale.reports.analysis.Figure;
import io.durascale.reports.analysis.RunAnalysis;
import io.durascale.reports.analysis.TierReplicas;
import io.durascale.run.figures.Tiers;
import io.durascale.run.Sizing;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cost of every tier (issue 14): each deployment's pod-seconds over the run at its price per pod-hour, and three
 * designs for the same run — every scaled tier going to zero (as it ran), seed 002's orchestration tier that never
 * goes below one pod, and every scaled tier kept at its peak (always on). Always-on tiers (API, bridge, scaler) cost
 * the same in all three.
 *
 * @param tiers one row per deployment in the timeline; empty when the timeline has no replicas
 * @param designs the three designs, each for this run and a month; empty when the timeline has the worker tier only
 */
public record TierCost(String currency, List<TierRow> tiers, List<CostScenario> designs, List<Assumption> assumptions,
                       List<String> missing) {

    /** One deployment: its pod-seconds, peak pods, price per pod-hour with its source, and its cost as it ran. */
    public record TierRow(String deployment, boolean scaled, double podSeconds, double peak, double pricePerPodHour,
                          String priceSource, double cost) {
    }

    public static TierCost of(RunAnalysis analysis, Pricing pricing) {
        List<Assumption> in = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        if (analysis.run().timeline().isEmpty()) {
            missing.add("the cost of every tier needs timeline.jsonl with replicas events per deployment");
            return new TierCost(pricing.currency(), List.of(), List.of(), in, missing);
        }
        TierReplicas tiers = TierReplicas.of(analysis.run().timeline());
        Figure worker = CostEstimate.resolvePodHour(analysis, pricing);
        Figure other = otherPodHour(analysis, pricing);
        in.add(CostEstimate.assumption(pricing, Pricing.POD_HOUR, worker));
        in.add(CostEstimate.assumption(pricing, Pricing.TIER_PODS_PER_NODE, CostEstimate.given(pricing, Pricing.TIER_PODS_PER_NODE)));
        in.add(CostEstimate.assumption(pricing, Pricing.TIER_POD_HOUR, other));
        double runs = pricing.value(Pricing.RUNS_PER_MONTH).orElse(30.0);
        double hours = pricing.value(Pricing.HOURS_PER_MONTH).orElse(730.0);
        double window = tiers.windowSeconds();

        List<TierRow> rows = new ArrayList<>();
        double[] run = new double[3];
        double[] month = new double[3];
        boolean sawOrchestration = false;
        for (TierReplicas.Tier t : tiers.tiers()) {
            Figure price = Tiers.WORKER.equals(t.deployment()) ? worker : other;
            double podSeconds = tiers.podSeconds(t);
            double asRan = podSeconds / 3600 * price.value();
            rows.add(new TierRow(t.deployment(), t.scaled(), podSeconds, t.peak(), price.value(), price.source(), asRan));
            if (!t.scaled()) {
                // Always on: its average pods for every hour of the month, in every design.
                double always = window > 0 ? podSeconds / window * hours * price.value() : Double.NaN;
                for (int d = 0; d < 3; d++) {
                    run[d] += asRan;
                    month[d] += always;
                }
                continue;
            }
            boolean orchestration = Tiers.ORCHESTRATION.equals(t.deployment());
            sawOrchestration |= orchestration;
            double seed002 = orchestration ? tiers.podSecondsAtLeast(t, 1) / 3600 * price.value() : asRan;
            run[0] += asRan;
            month[0] += runs * asRan;
            run[1] += seed002;
            // Between runs seed 002's orchestration tier keeps its one pod.
            month[1] += runs * seed002 + (orchestration ? Math.max(0, hours - runs * window / 3600) * price.value() : 0);
            run[2] += t.peak() * window / 3600 * price.value();
            month[2] += t.peak() * hours * price.value();
        }
        List<CostScenario> designs = new ArrayList<>();
        if (tiers.everyTier()) {
            designs.add(new CostScenario("Every tier scales to zero (as it ran)", run[0], month[0],
                    "each tier's pod-seconds / 3600 x its price per pod-hour; a month = runs per month x the scaled tiers' run "
                            + "+ the always-on tiers' average pods x hours per month",
                    "The node pool is billed by node, not by pod: a node kept after its pods leave costs more."));
            designs.add(new CostScenario("Seed 002: orchestration tier never below one pod", run[1], month[1],
                    "as (a), with the orchestration tier's replicas max(1, r) over the run and one pod for every hour between "
                            + "runs",
                    sawOrchestration ? "KEDA's Durable Functions scaler cannot go below one pod (seed 002)."
                            : "The timeline has no " + Tiers.ORCHESTRATION + " replicas: the tier's one pod is added to (a)."));
            designs.add(new CostScenario("Always on: every scaled tier at its peak", run[2], month[2],
                    "each scaled tier's peak replicas in this run (not the ScaledObject's maxReplicaCount) x the run's length "
                            + "x its price; a month = peak x hours per month",
                    "No scale to zero: what served the peak is kept all month."));
        } else {
            missing.add("the three designs need the other tiers' replicas in timeline.jsonl (" + Tiers.ORCHESTRATION
                    + ", durascale-api, …): this timeline has the worker tier only");
        }
        return new TierCost(pricing.currency(), rows, designs, in, missing);
    }

    /** A small pod's share of a node: given, else the recommended SKU's (or the default node's) price / pods per node. */
    private static Figure otherPodHour(RunAnalysis analysis, Pricing pricing) {
        Figure given = CostEstimate.given(pricing, Pricing.TIER_POD_HOUR);
        if (given.known()) {
            return given;
        }
        double perNode = pricing.value(Pricing.TIER_PODS_PER_NODE).orElse(8.0);
        Optional<Sizing.SkuRow> sku = analysis.recommendedSkuRow().filter(r -> r.pricePerHour() != null);
        Figure node = sku.map(r -> new Figure(r.pricePerHour(), "sizing.json: " + r.name() + " at " + r.pricePerHour() + "/h"))
                .orElse(CostEstimate.DEFAULT_NODE);
        String pods = perNode == Math.rint(perNode) ? String.valueOf((long) perNode) : String.valueOf(perNode);
        return new Figure(node.value() / perNode, node.source() + " / " + Pricing.TIER_PODS_PER_NODE + " (" + pods + ")");
    }
}
