package io.durascale.reports.report.sections;

import static io.durascale.reports.report.SectionView.map;

import io.durascale.reports.analysis.RunAnalysis;
import io.durascale.reports.cost.Assumption;
import io.durascale.reports.cost.CostScenario;
import io.durascale.reports.cost.Pricing;
import io.durascale.reports.cost.TierCost;
import io.durascale.reports.report.Figures;
import io.durascale.run.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The cost section's every-tier part: pod-seconds per tier, the three designs, the orchestration tier's cold start. */
final class EveryTierView {

    private EveryTierView() {
    }

    static Map<String, Object> of(RunAnalysis run, Pricing pricing) {
        TierCost cost = TierCost.of(run, pricing);
        String currency = cost.currency();
        List<Map<String, Object>> tiers = new ArrayList<>();
        for (TierCost.TierRow t : cost.tiers()) {
            tiers.add(map("deployment", t.deployment(), "scaling", t.scaled() ? "scaled (0..max)" : "always on",
                    "podSeconds", Figures.number(t.podSeconds()), "peak", Figures.number(t.peak()),
                    "price", Figures.price(t.pricePerPodHour()), "priceSource", t.priceSource(),
                    "cost", Figures.money(t.cost(), currency)));
        }
        List<Map<String, Object>> designs = new ArrayList<>();
        char letter = 'a';
        for (CostScenario d : cost.designs()) {
            designs.add(map("name", "(" + letter++ + ") " + d.name(), "perRun", Figures.money(d.perRun(), currency),
                    "perMonth", Figures.money(d.perMonth(), currency), "formula", d.formula(), "note", d.note()));
        }
        List<Map<String, Object>> prices = new ArrayList<>();
        for (Assumption a : cost.assumptions()) {
            prices.add(map("key", a.key(), "description", a.description(), "value", a.key().equals(Pricing.TIER_PODS_PER_NODE)
                    ? Figures.number(a.value()) : Figures.price(a.value()), "unit", a.unit(), "source", a.source()));
        }
        return map("tiers", tiers, "designs", designs, "tierPrices", prices, "tierMissing", cost.missing(),
                "orchestrationTier", run.run().metrics().map(Metrics::orchestrationTier).map(EveryTierView::coldStart)
                        .orElse(null));
    }

    /** metrics.json orchestrationTier: its cold start from zero and its time back to zero, formatted. */
    private static Map<String, Object> coldStart(Metrics.OrchestrationTier o) {
        List<Map<String, Object>> steps = new ArrayList<>();
        steps.add(step("start request → tier active (KEDA 0 → 1)", o.startToTierActiveMs()));
        steps.add(step("start request → first host ready", o.startToFirstHostReadyMs()));
        steps.add(step("start request → first orchestration episode", o.startToFirstEpisodeMs()));
        steps.add(step("start request → first job enqueued", o.startToFirstJobEnqueuedMs()));
        steps.add(step("last work → zero replicas", o.lastWorkToZeroReplicasMs()));
        return map("deployment", o.deployment(), "steps", steps,
                "peak", o.peakReplicas() == null ? Figures.UNKNOWN : Figures.number(o.peakReplicas()),
                "podSeconds", Figures.number(Figures.orUnknown(o.podSeconds())), "note", o.note());
    }

    private static Map<String, Object> step(String name, Long ms) {
        return map("name", name, "value", ms == null ? "not reached" : Figures.millis(ms));
    }
}
