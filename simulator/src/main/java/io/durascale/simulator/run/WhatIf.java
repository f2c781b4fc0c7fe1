package io.durascale.simulator.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.durascale.run.Metrics;
import io.durascale.run.RunDirectory;
import io.durascale.run.RunInfo;
import io.durascale.run.RunJson;
import io.durascale.run.RunReader;
import io.durascale.run.timeline.TimelineEvent.NodeChange;
import io.durascale.run.timeline.TimelineEvent.Replicas;
import io.durascale.simulator.model.Scenario;
import io.durascale.simulator.profile.Calibration;
import io.durascale.simulator.profile.Parameter;
import io.durascale.simulator.profile.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The study's cloud question: from a measured run's sizing (its target and recommended SKU) and what transfers from
 * the run (the task hub's counted operations per episode), on the bundled cloud profile, an hour of the target's
 * blocks per hour simulated at 4, 8 and 16 partitions — the pods and nodes it takes, the partitions that still help,
 * scale-up and drain times and the monthly cost. Each point is a simulated run directory; the answer goes into
 * each one's run.json ({@code whatIf}).
 */
public final class WhatIf {

    /** The part of sizing.json the question needs, bound by name (run-format has no sizing record yet). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Sizing(Target target, Recommended recommended, List<Sku> skus) {
        @JsonIgnoreProperties(ignoreUnknown = true)
        record Target(Double blocksPerHour) {
        }

        @JsonIgnoreProperties(ignoreUnknown = true)
        record Recommended(String sku) {
        }

        @JsonIgnoreProperties(ignoreUnknown = true)
        record Sku(String name, double pricePerHour, int podsPerNode, double perCoreBlocksPerSecond, int workerConcurrency,
                   String priceSource, String priceDate) {
        }
    }

    /** run.json's {@code whatIf}: the question and the simulated answer at one partition count. */
    @JsonPropertyOrder({"question", "partitions", "steadyPods", "steadyNodes", "peakPods", "peakNodes",
            "firstEnqueueToDesiredReplicasMs",
            "lastArrivalToQueueDrainedMs", "orchestrationEndToEndP95Ms", "blocksPerSecond", "monthlyCost", "currency",
            "partitionsThatStillHelp", "note"})
    public record Answer(String question, int partitions, int steadyPods, int steadyNodes, int peakPods, int peakNodes,
                         Long firstEnqueueToDesiredReplicasMs,
                         Long lastArrivalToQueueDrainedMs, Double orchestrationEndToEndP95Ms, double blocksPerSecond,
                         double monthlyCost, String currency, Integer partitionsThatStillHelp, String note) {
    }

    private WhatIf() {
    }

    /** The cloud profile for the question: the SKU, its kernel speed, the run's counted operations. */
    public static Profile profile(Profile cloud, RunReader measured, Calibration.Result transfers, List<String> notes) {
        Profile p = cloud;
        for (Parameter counted : List.of(Parameter.EPISODE_QUEUE_OPS, Parameter.EPISODE_TABLE_OPS, Parameter.EPISODE_BLOB_OPS)) {
            p = p.with(counted, transfers.profile().setting(counted).value(), transfers.profile().setting(counted).source());
        }
        Sizing sizing = measured.sizing().map(node -> RunJson.MAPPER.convertValue(node, Sizing.class)).orElse(null);
        Sizing.Sku sku = sizing == null || sizing.recommended() == null || sizing.skus() == null ? null
                : sizing.skus().stream().filter(s -> s.name().equals(sizing.recommended().sku())).findFirst().orElse(null);
        if (sku == null) {
            notes.add("no sizing.json recommendation in the run: the azure profile's node (" + p.text(Parameter.NODE_SKU) + ")");
        } else {
            String src = "sizing.json recommended " + sku.name();
            p = p.with(Parameter.NODE_SKU, sku.name(), src)
                    .with(Parameter.NODE_PRICE_PER_HOUR, sku.pricePerHour(), src + " (" + sku.priceSource() + ", "
                            + sku.priceDate() + ")")
                    .with(Parameter.PODS_PER_NODE, sku.podsPerNode(), src + " podsPerNode")
                    .with(Parameter.WORKER_CONCURRENCY, Math.max(1, sku.workerConcurrency()), src + " workerConcurrency");
            double ms = 1000.0 / sku.perCoreBlocksPerSecond();
            p = p.with("blockCompute", String.format(Locale.ROOT, "lognormal(%.2fms, %.2fms)", ms, ms * 1.25),
                    src + ": 1 / perCoreBlocksPerSecond " + sku.perCoreBlocksPerSecond() + " (JMH), p90 assumed 1.25 x");
        }
        double perHour = sizing != null && sizing.target() != null && sizing.target().blocksPerHour() != null
                ? sizing.target().blocksPerHour() : 1_000_000;
        int blocks = p.integer(Parameter.BLOCKS);
        double rate = perHour / 3600 / blocks;
        String src = "the sizing target: " + String.format(Locale.ROOT, "%,.0f", perHour) + " blocks/hour";
        return p.with(Parameter.RATE, rate, src).with(Parameter.BATCHES, (int) Math.round(rate * 3600), src + " for an hour")
                .with(Parameter.MAX_REPLICAS, 1000, "what-if: room enough that KEDA is not the limit")
                .with(Parameter.IDLE_UNTIL_ZERO, false, "what-if: the hour of load is the question");
    }

    /** Simulates the question at 4, 8 and 16 partitions into {@code out}; returns the answers. */
    public static List<Answer> run(Profile question, RunDirectory out, Consumer<String> progress) {
        List<Answer> answers = new ArrayList<>();
        List<SimulationRunner.Result> results = new ArrayList<>();
        for (int partitions : new int[] {4, 8, 16}) {
            Profile p = question.with(Parameter.PARTITIONS, partitions, "what-if sweep").named(question.name()
                    + ", partitions " + partitions).check();
            RunDirectory run = RunDirectory.create(out.path().resolve("partitions-" + partitions), "simulated");
            progress.accept("what-if (simulated): " + partitions + " partitions...");
            results.add(SimulationRunner.run(p, Scenario.fromProfile(p, 1_800_000_000_000L), run));
        }
        double best = results.stream().mapToDouble(r -> p95(r.metrics())).min().orElse(Double.NaN);
        Integer helping = null;
        int[] counts = {4, 8, 16};
        for (int i = 0; i < results.size(); i++) {
            if (helping == null && p95(results.get(i).metrics()) <= best * 1.05) {
                helping = counts[i];
            }
        }
        for (int i = 0; i < results.size(); i++) {
            SimulationRunner.Result r = results.get(i);
            Answer a = answer(question, counts[i], r, helping);
            answers.add(a);
            r.run().describe(RunInfo.of(SimulatedRun.KIND).withSetting("whatIf", a));
        }
        return answers;
    }

    private static double p95(Metrics m) {
        var l = m.latency().get("orchestrationEndToEnd");
        return l == null || l.p95() == null ? Double.POSITIVE_INFINITY : l.p95();
    }

    private static Answer answer(Profile p, int partitions, SimulationRunner.Result r, Integer helping) {
        RunReader run = RunReader.read(r.run().path());
        int peakPods = run.timeline().of(Replicas.class).stream().mapToInt(Replicas::ready).max().orElse(0);
        List<NodeChange> nodes = run.timeline().of(NodeChange.class);
        int peakNodes = nodes.stream().mapToInt(n -> n.nodes() == null ? 0 : n.nodes()).max().orElse(0);
        // The steady state: the second half of the hour, after the scale-up's transient.
        long half = r.outcome().startedAt() + (r.outcome().endedAt() - r.outcome().startedAt()) / 2;
        int steadyPods = (int) Math.round(timeAverage(run.timeline().of(Replicas.class).stream()
                .map(x -> new long[] {x.t(), x.ready()}).toList(), half, r.outcome().endedAt()));
        double steadyNodesAverage = timeAverage(nodes.stream().filter(n -> n.nodes() != null)
                .map(n -> new long[] {n.t(), n.nodes()}).toList(), half, r.outcome().endedAt());
        int steadyNodes = (int) Math.ceil(steadyNodesAverage - 1e-9);
        double monthly = (steadyNodesAverage * p.number(Parameter.NODE_PRICE_PER_HOUR)
                + p.number(Parameter.OTHER_PRICE_PER_HOUR)) * p.number(Parameter.HOURS_PER_MONTH);
        Metrics m = r.metrics();
        long lastArrival = Math.round((p.integer(Parameter.BATCHES) - 1) * 1000.0 / p.number(Parameter.RATE));
        Long drained = m.scaleUp() == null || m.scaleUp().firstEnqueueToQueueDrainedMs() == null ? null
                : Math.max(0, m.scaleUp().firstEnqueueToQueueDrainedMs() - lastArrival);
        long blocksDone = m.latency().get("blockCompute") == null ? 0 : m.latency().get("blockCompute").count();
        double perSecond = blocksDone * 1000.0 / Math.max(1, r.outcome().endedAt() - r.outcome().startedAt());
        String question = String.format(Locale.ROOT, "%,.0f blocks/hour (%d-block batches at %.2f/s) on %s",
                p.number(Parameter.RATE) * 3600 * p.integer(Parameter.BLOCKS), p.integer(Parameter.BLOCKS),
                p.number(Parameter.RATE), p.text(Parameter.NODE_SKU));
        return new Answer(question, partitions, steadyPods, steadyNodes, peakPods, peakNodes, m.scaleUp() == null ? null
                : m.scaleUp().firstEnqueueToDesiredReplicasMs(), drained, p95(m) == Double.POSITIVE_INFINITY ? null : p95(m),
                Math.round(perSecond * 10) / 10.0, Math.round(monthly * 100) / 100.0, "USD", helping,
                "simulated on the cloud profile; steady: the second half of the hour; monthly cost: the steady nodes x "
                        + "nodePricePerHour plus otherPricePerHour, x hoursPerMonth");
    }

    /** A step function's time average over [from, to] (its value changes only at its points). */
    static double timeAverage(List<long[]> points, long from, long to) {
        if (to <= from) {
            return 0;
        }
        double total = 0;
        long at = from;
        long value = 0;
        for (long[] point : points) {
            if (point[0] <= from) {
                value = point[1];
                continue;
            }
            if (point[0] >= to) {
                break;
            }
            total += value * (double) (point[0] - at);
            at = point[0];
            value = point[1];
        }
        total += value * (double) (to - at);
        return total / (to - from);
    }
}
