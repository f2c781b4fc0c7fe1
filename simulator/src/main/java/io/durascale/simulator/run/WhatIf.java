package io.durascale.simulator.run;

import io.durascale.run.Metrics;
import io.durascale.run.RunDirectory;
import io.durascale.run.RunInfo;
import io.durascale.run.RunReader;
import io.durascale.run.Sizing;
import io.durascale.run.WhatIfAnswer;
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
 * scale-up and drain times and the monthly cost. Each point is a simulated run directory (its row in its run.json as
 * {@code whatIf}); the whole answer is the measured run's {@code what-if.json} ({@link WhatIfAnswer}).
 */
public final class WhatIf {

    /** The profile's and the bundled catalog's prices are in US dollars. */
    static final String CURRENCY = "USD";

    private WhatIf() {
    }

    /** The cloud profile for the question: the SKU, its kernel speed, the run's counted operations. */
    public static Profile profile(Profile cloud, RunReader measured, Calibration.Result transfers, List<String> notes) {
        Profile p = cloud;
        for (Parameter counted : List.of(Parameter.EPISODE_QUEUE_OPS, Parameter.EPISODE_TABLE_OPS, Parameter.EPISODE_BLOB_OPS)) {
            p = p.with(counted, transfers.profile().setting(counted).value(), transfers.profile().setting(counted).source());
        }
        Sizing sizing = measured.sizing().orElse(null);
        Sizing.SkuRow sku = sizing == null ? null : sizing.recommendedRow().filter(WhatIf::usable).orElse(null);
        if (sku == null) {
            notes.add("no usable sizing.json recommendation in the run: the azure profile's node ("
                    + p.text(Parameter.NODE_SKU) + ")");
        } else {
            String src = "sizing.json recommended " + sku.name();
            p = p.with(Parameter.NODE_SKU, sku.name(), src)
                    .with(Parameter.NODE_PRICE_PER_HOUR, sku.pricePerHour(), src + " (" + sku.priceSource() + ", "
                            + sku.priceDate() + ")")
                    .with(Parameter.PODS_PER_NODE, sku.podsPerNode(), src + " podsPerNode")
                    .with(Parameter.WORKER_CONCURRENCY, Math.max(1, sku.workerConcurrency() == null ? 1
                            : sku.workerConcurrency()), src + " workerConcurrency");
            double ms = 1000.0 / sku.perCoreBlocksPerSecond();
            p = p.with("blockCompute", String.format(Locale.ROOT, "lognormal(%.2fms, %.2fms)", ms, ms * 1.25),
                    src + ": 1 / perCoreBlocksPerSecond " + sku.perCoreBlocksPerSecond() + " (JMH), p90 assumed 1.25 x");
        }
        double perHour = blocksPerHour(sizing);
        int blocks = p.integer(Parameter.BLOCKS);
        double rate = perHour / 3600 / blocks;
        String src = "the sizing target: " + String.format(Locale.ROOT, "%,.0f", perHour) + " blocks/hour";
        return p.with(Parameter.RATE, rate, src).with(Parameter.BATCHES, (int) Math.round(rate * 3600), src + " for an hour")
                .with(Parameter.MAX_REPLICAS, 1000, "what-if: room enough that KEDA is not the limit")
                .with(Parameter.IDLE_UNTIL_ZERO, false, "what-if: the hour of load is the question");
    }

    /** The sizing's target, 1,000,000 blocks/hour when it has none. */
    static double blocksPerHour(Sizing sizing) {
        return sizing != null && sizing.target() != null && sizing.target().blocksPerHour() != null
                ? sizing.target().blocksPerHour() : 1_000_000;
    }

    /** A row the question can be asked on: a price, pods per node and a kernel speed. */
    private static boolean usable(Sizing.SkuRow row) {
        return row.pricePerHour() != null && row.podsPerNode() != null && row.podsPerNode() > 0
                && row.perCoreBlocksPerSecond() != null && row.perCoreBlocksPerSecond() > 0;
    }

    /**
     * Simulates the question at 4, 8 and 16 partitions into {@code out} (one run directory per point) and writes the
     * answer into {@code answerDir}'s what-if.json, the points' paths relative to it.
     */
    public static WhatIfAnswer run(Profile question, RunDirectory out, RunDirectory answerDir, List<String> notes,
                                   Consumer<String> progress) {
        List<WhatIfAnswer.Point> answers = new ArrayList<>();
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
            String relative = answerDir.path().relativize(r.run().path()).toString().replace('\\', '/');
            WhatIfAnswer.Point a = answer(question, counts[i], relative, r);
            answers.add(a);
            r.run().describe(RunInfo.of(SimulatedRun.KIND).withSetting("whatIf", a));
        }
        notes.addAll(readings(question, answers));
        WhatIfAnswer answer = new WhatIfAnswer(question(question), question.name(), question.text(Parameter.NODE_SKU),
                question.number(Parameter.RATE) * 3600 * question.integer(Parameter.BLOCKS),
                question.number(Parameter.NODE_PRICE_PER_HOUR), CURRENCY, question.setting(Parameter.NODE_PRICE_PER_HOUR).source(),
                helping, answers, notes);
        answerDir.write(answer);
        return answer;
    }

    /**
     * What the points show that is the profile's behaviour, not the workload's need: a cold pool's burst overshooting
     * to maxReplicaCount, and a steady pool that keeps about a node per pod because the model's cluster autoscaler
     * removes only empty nodes (not those under its scale-down-utilization-threshold) while the scheduler spreads.
     */
    static List<String> readings(Profile p, List<WhatIfAnswer.Point> points) {
        List<String> readings = new ArrayList<>();
        int max = p.integer(Parameter.MAX_REPLICAS);
        int perNode = p.integer(Parameter.PODS_PER_NODE);
        points.stream().filter(a -> a.peakPods() >= max).findFirst().ifPresent(a -> readings.add(String.format(
                Locale.ROOT, "the burst from a cold pool overshoots to maxReplicaCount: the jobs queue grows while nodes "
                        + "are provisioned (%d initial, %s each), KEDA's queueLength %d asks for a pod per %d waiting jobs, "
                        + "so the HPA goes to %d replicas and the pool to %d nodes before the backlog clears; the desired "
                        + "replicas' ready time is that overshoot's, the steady figures are the second half of the hour",
                p.integer(Parameter.INITIAL_NODES), p.setting(Parameter.NODE_PROVISIONING_DELAY).text(),
                p.integer(Parameter.QUEUE_LENGTH), p.integer(Parameter.QUEUE_LENGTH), max, a.peakNodes())));
        points.stream().filter(a -> a.steadyPods() > 0 && a.steadyNodes() > 1.25 * Math.ceil(a.steadyPods() / (double) perNode))
                .findFirst().ifPresent(a -> readings.add(String.format(Locale.ROOT, "steady nodes are an upper bound: "
                        + "the model's cluster autoscaler removes only nodes empty for emptyNodeRemoval (%s) and the "
                        + "scheduler spreads pods over the emptiest nodes, so while the HPA moves the replicas up and down "
                        + "the pool keeps about a node per pod (%d nodes for %d pods at %d per node); AKS's autoscaler "
                        + "also drains nodes under scale-down-utilization-threshold 0.5, which would pack them onto about "
                        + "%d nodes, and the monthly cost with them", p.setting(Parameter.EMPTY_NODE_REMOVAL).text(), a.steadyNodes(),
                        a.steadyPods(), perNode, (int) Math.ceil(a.steadyPods() / (double) perNode))));
        return readings;
    }

    private static String question(Profile p) {
        return String.format(Locale.ROOT, "%,.0f blocks/hour (%d-block batches at %.2f/s) on %s",
                p.number(Parameter.RATE) * 3600 * p.integer(Parameter.BLOCKS), p.integer(Parameter.BLOCKS),
                p.number(Parameter.RATE), p.text(Parameter.NODE_SKU));
    }

    private static double p95(Metrics m) {
        var l = m.latency().get("orchestrationEndToEnd");
        return l == null || l.p95() == null ? Double.POSITIVE_INFINITY : l.p95();
    }

    private static WhatIfAnswer.Point answer(Profile p, int partitions, String relative, SimulationRunner.Result r) {
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
        return new WhatIfAnswer.Point(partitions, relative, steadyPods, steadyNodes, peakPods, peakNodes, m.scaleUp() == null
                ? null : m.scaleUp().firstEnqueueToDesiredReplicasMs(), drained, p95(m) == Double.POSITIVE_INFINITY ? null
                : p95(m), Math.round(perSecond * 10) / 10.0, Math.round(monthly * 100) / 100.0, CURRENCY,
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
