package io.durascale.reports.cost;

import io.durascale.reports.analysis.Figure;
import io.durascale.reports.analysis.RunAnalysis;
import io.durascale.run.Metrics;
import io.durascale.run.Sizing;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Scale to zero and cost: AKS+KEDA as measured (pod-seconds × price, idle pod-seconds shown apart), an
 * always-on pool of the same size, and the same work on the Azure Functions Consumption plan.
 */
public record CostEstimate(String currency, List<Assumption> assumptions, List<CostScenario> scenarios,
                           double idleCost, String idleCostSource, List<String> missing) {

    /** The node price when the run has no sizing: Standard_D2s_v5's list price. */
    static final Figure DEFAULT_NODE = new Figure(0.096, "default: Standard_D2s_v5 at $0.096/h (c3x.dev, East US "
            + "pay-as-you-go Linux, June 2026; third-party)");
    private static final double MB128_IN_GB = 128.0 / 1024.0;
    private static final double MAX_MEMORY_GB = 1.5;

    public static CostEstimate of(RunAnalysis analysis, Pricing pricing) {
        List<Assumption> in = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        String currency = pricing.currency();

        Figure podHour = resolvePodHour(analysis, pricing);
        in.add(assumption(pricing, Pricing.POD_HOUR, podHour));
        Figure podSeconds = analysis.podSeconds();
        Figure idle = analysis.idlePodSeconds();
        Figure peak = analysis.peakPods();
        Figure window = analysis.windowSeconds();
        in.add(new Assumption("podSeconds", "worker pod-seconds over the run", podSeconds.value(), "pod-s", podSeconds.source()));
        in.add(new Assumption("idlePodSeconds", "pod-seconds after the queue drained (cooldown)", idle.value(), "pod-s",
                idle.source()));
        in.add(new Assumption("peakPods", "most worker pods at once", peak.value(), "pods", peak.source()));
        in.add(new Assumption("windowSeconds", "length of the run", window.value(), "s", window.source()));
        if (!podSeconds.known()) {
            missing.add("pod-seconds need timeline.jsonl (replicas or pod events)");
        }

        double concurrency = analysis.recommendedSkuRow().map(Sizing.SkuRow::workerConcurrency).map(Integer::doubleValue)
                .orElse(1.0);
        in.add(new Assumption("workerConcurrency", "blocks a pod computes at once", concurrency, "blocks",
                analysis.recommendedSkuRow().isPresent() ? "sizing.json recommended SKU" : "assumption"));
        Figure memory = given(pricing, Pricing.MEMORY_GB).or(memoryFromSizing(analysis)).or(new Figure(0.5, "assumption"));
        in.add(assumption(pricing, Pricing.MEMORY_GB, memory));
        Figure seconds = given(pricing, Pricing.EXECUTION_SECONDS).or(secondsFromSizing(analysis))
                .or(new Figure(1.0, "assumption"));
        in.add(assumption(pricing, Pricing.EXECUTION_SECONDS, seconds));
        double busy = podSeconds.value() - (idle.known() ? idle.value() : 0);
        Figure executions = given(pricing, Pricing.EXECUTIONS).or(podSeconds.known() && seconds.value() > 0
                ? new Figure(Math.ceil(busy * concurrency / seconds.value()),
                "derived: busy pod-seconds x worker concurrency / execution duration (an upper bound where pods also "
                        + "waited on storage)")
                : Figure.UNKNOWN);
        in.add(assumption(pricing, Pricing.EXECUTIONS, executions));
        for (String key : List.of(Pricing.GB_SECOND, Pricing.MILLION_EXECUTIONS, Pricing.FREE_GB_SECONDS,
                Pricing.FREE_EXECUTIONS, Pricing.MINIMUM_SECONDS, Pricing.RUNS_PER_MONTH, Pricing.HOURS_PER_MONTH)) {
            in.add(assumption(pricing, key, given(pricing, key)));
        }

        double price = podHour.value();
        double runs = pricing.value(Pricing.RUNS_PER_MONTH).orElse(30.0);
        double hours = pricing.value(Pricing.HOURS_PER_MONTH).orElse(730.0);
        List<CostScenario> scenarios = new ArrayList<>();

        double aksRun = podSeconds.value() / 3600 * price;
        scenarios.add(new CostScenario("AKS + KEDA (as measured)", aksRun, aksRun * runs,
                "pod-seconds / 3600 x price per pod-hour; a month = runs per month x one run",
                "Node VMs are billed while they exist: a node the cluster autoscaler keeps after its pods leave costs more "
                        + "than its pods; the system node pool, disks and the control plane are not included."));

        double alwaysRun = peak.value() * window.value() / 3600 * price;
        scenarios.add(new CostScenario("Always-on pool of the same size", alwaysRun, peak.value() * hours * price,
                "peak pods x hours x price per pod-hour; a month = peak pods x hours per month x price",
                "No scale to zero: the pool that served the peak is kept all month."));

        double memGb = memory.value();
        double billedSeconds = Math.max(seconds.value(), pricing.value(Pricing.MINIMUM_SECONDS).orElse(0.0));
        double gbSecondsRun = executions.value() * billedSeconds * memGb;
        double gbPrice = pricing.value(Pricing.GB_SECOND).orElse(Double.NaN);
        double execPrice = pricing.value(Pricing.MILLION_EXECUTIONS).orElse(Double.NaN);
        double functionsRun = gbSecondsRun * gbPrice + executions.value() / 1e6 * execPrice;
        double functionsMonth = Math.max(0, runs * gbSecondsRun - pricing.value(Pricing.FREE_GB_SECONDS).orElse(0.0)) * gbPrice
                + Math.max(0, runs * executions.value() - pricing.value(Pricing.FREE_EXECUTIONS).orElse(0.0)) / 1e6 * execPrice;
        scenarios.add(new CostScenario("Azure Functions Consumption plan (estimate)", functionsRun, functionsMonth,
                "executions x max(duration, minimum) x memory GB x price per GB-s + executions / 1e6 x price per million; "
                        + "a month subtracts the free grant once",
                "The free grant is per subscription and month, so one run alone is shown without it. Cold starts, "
                        + "the storage account and the 10-minute default timeout are not modelled."));

        double idleCost = Double.NaN;
        String idleSource = null;
        Optional<Metrics.IdleCost> measured = analysis.measuredIdleCost();
        if (measured.isPresent()) {
            idleCost = measured.get().amount();
            idleSource = "metrics.json scaleToZero.idleCost, "
                    + (measured.get().currency() == null ? currency : measured.get().currency());
        } else if (idle.known() && Double.isFinite(price)) {
            idleCost = idle.value() / 3600 * price;
            idleSource = "idle pod-seconds x price per pod-hour / 3600";
        }
        if (!idle.known()) {
            missing.add("idle pod-seconds need metrics.json scaleToZero or a timeline with the queue draining");
        }
        if (!executions.known()) {
            missing.add("the Functions estimate needs an execution count: pod-seconds from the timeline, or --price "
                    + Pricing.EXECUTIONS + "=N");
        }
        return new CostEstimate(currency, in, scenarios, idleCost, idleSource, missing);
    }

    static Figure given(Pricing pricing, String key) {
        Pricing.Item item = pricing.item(key);
        return item.value() == null ? Figure.UNKNOWN : new Figure(item.value(), item.source());
    }

    static Assumption assumption(Pricing pricing, String key, Figure figure) {
        Pricing.Item item = pricing.item(key);
        return new Assumption(key, item.description(), figure.value(), item.unit(), figure.source());
    }

    /** The worker pod's price per hour: given, else the load test's, else the recommended SKU's share, else a default. */
    static Figure resolvePodHour(RunAnalysis analysis, Pricing pricing) {
        Figure given = given(pricing, Pricing.POD_HOUR);
        if (given.known()) {
            return given;
        }
        Optional<Metrics.IdleCost> idle = analysis.measuredIdleCost();
        if (idle.isPresent()) {
            return new Figure(idle.get().pricePerPodHour(), "metrics.json scaleToZero.idleCost.pricePerPodHour");
        }
        Optional<Sizing.SkuRow> sku = analysis.recommendedSkuRow();
        if (sku.isPresent() && sku.get().pricePerHour() != null && sku.get().podsPerNode() != null
                && sku.get().podsPerNode() > 0) {
            Sizing.Catalog c = analysis.run().sizing().map(Sizing::catalog).orElse(null);
            String catalog = c == null ? "" : (c.source() == null ? "" : c.source()) + (c.date() != null ? ", " + c.date() : "");
            Sizing.SkuRow row = sku.get();
            return new Figure(row.pricePerHour() / row.podsPerNode(), "sizing.json: " + row.name() + " at "
                    + row.pricePerHour() + "/h over " + row.podsPerNode() + " pods" + (catalog.isBlank() ? "" : " (" + catalog + ")"));
        }
        return new Figure(DEFAULT_NODE.value() / 2, DEFAULT_NODE.source() + " shared by 2 pods");
    }

    /** Functions bill memory rounded up to 128 MB, at most 1.5 GB. */
    private static Figure memoryFromSizing(RunAnalysis analysis) {
        return analysis.run().sizing().map(Sizing::measured).map(Sizing.Measured::memoryPerSlotBytes).map(bytes -> {
            double gb = bytes / (1024.0 * 1024 * 1024);
            double billed = Math.min(MAX_MEMORY_GB, Math.max(1, Math.ceil(gb / MB128_IN_GB)) * MB128_IN_GB);
            return new Figure(billed, "sizing.json memoryPerSlotBytes (" + bytes + " B) rounded up to 128 MB");
        }).orElse(Figure.UNKNOWN);
    }

    private static Figure secondsFromSizing(RunAnalysis analysis) {
        Optional<Sizing.SkuRow> sku = analysis.recommendedSkuRow();
        if (sku.isPresent() && sku.get().perCoreBlocksPerSecond() != null && sku.get().perCoreBlocksPerSecond() > 0) {
            return new Figure(1 / sku.get().perCoreBlocksPerSecond(),
                    "sizing.json: 1 / perCoreBlocksPerSecond of " + sku.get().name());
        }
        return analysis.run().sizing().map(Sizing::measured).map(Sizing.Measured::opsPerSecond)
                .filter(ops -> !ops.isEmpty() && ops.get(0) != null && ops.get(0) > 0)
                .map(ops -> new Figure(1 / ops.get(0), "sizing.json: 1 / single-thread opsPerSecond"))
                .orElse(Figure.UNKNOWN);
    }
}
