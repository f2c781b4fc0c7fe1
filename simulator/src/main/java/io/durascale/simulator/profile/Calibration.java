package io.durascale.simulator.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.durascale.pipeline.local.hpa.ScalingBehavior;
import io.durascale.run.LatencySummary;
import io.durascale.run.LoadWorkload;
import io.durascale.run.Metrics;
import io.durascale.run.PercentileDistribution;
import io.durascale.run.RunFile;
import io.durascale.run.RunInfo;
import io.durascale.run.RunInputException;
import io.durascale.run.RunJson;
import io.durascale.run.RunReader;
import io.durascale.run.timeline.TimelineEvent;
import io.durascale.run.timeline.TimelineEvent.KedaSettings;
import io.durascale.run.timeline.TimelineEvent.PodPhase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --calibrate RUN_DIR}: what a measured run can tell the model, each value with how it was got — the workload
 * and the stack's settings from run.json, KEDA's, the HPA's and the node pool's from the timeline's
 * {@code keda-settings}, pod start from the pod phases, block compute from its histogram, the operations per episode
 * counted by the task hub, the machine's CPU per storage operation from the same run's storage bound and per work
 * item from the sweep's machine CPU — and what it cannot, which keeps the base profile's value and says so.
 */
public final class Calibration {

    /** The calibrated profile and the two lists. */
    public record Result(Profile profile, List<Item> calibrated, List<Item> notCalibrated, LoadWorkload workload) {

        /** With the values a fit found (they replace earlier ones of the same key) and what it could not fit. */
        public Result with(Profile fittedProfile, List<Item> fitted, List<Item> notFitted) {
            List<Item> c = new ArrayList<>(calibrated);
            List<Item> n = new ArrayList<>(notCalibrated);
            for (Item f : fitted) {
                c.removeIf(i -> i.key().equals(f.key()));
                n.removeIf(i -> i.key().equals(f.key()));
                c.add(f);
            }
            n.addAll(notFitted);
            return new Result(fittedProfile, c, n, workload);
        }
    }

    /** One parameter: its value and how it was got, or why it could not be. */
    public record Item(String key, String value, String how) {
    }

    /** Storage operations per block outside the task hub (the load tests' PipelineStorageModel: 11 per block). */
    static final double PIPELINE_OPS_PER_BLOCK = 11;
    private static final List<String> TIME_DRIVEN = List.of("blob.lease", "blob.list", "queue.metadata");

    private final RunReader run;
    private final String where;
    private final List<Item> calibrated = new ArrayList<>();
    private final List<Item> not = new ArrayList<>();
    private Profile profile;

    private Calibration(RunReader run, Profile base) {
        this.run = run;
        this.where = "calibrated from " + run.label();
        this.profile = base;
    }

    /**
     * @throws RunInputException if the run has no run.json, timeline or metrics.json, or no load-test workload
     */
    public static Result from(RunReader run, Profile base) {
        run.require(RunFile.RUN, "calibration reads the run's workload and settings from it");
        run.require(RunFile.TIMELINE, "calibration reads KEDA's settings and the pod phases from it");
        run.require(RunFile.METRICS, "calibration reads the task hub's counted operations and the storage bound from it");
        return new Calibration(run, base).calibrate();
    }

    private Result calibrate() {
        RunInfo info = run.run().orElseThrow();
        LoadWorkload workload = workload(info);
        boolean embedded = "embedded".equals(info.target());
        workload(workload);
        scaling(workload);
        podStart(info, embedded);
        blockCompute();
        Metrics metrics = run.metrics().orElseThrow();
        episodeOps(metrics);
        if (embedded) {
            machine(info, metrics, workload);
        } else {
            skip(Parameter.MACHINE_CORES, "a cluster run: its hosts and pods have their own CPU");
        }
        for (Parameter p : List.of(Parameter.QUEUE_LATENCY, Parameter.TABLE_LATENCY, Parameter.BLOB_LATENCY)) {
            skip(p, "a load test does not measure unloaded per-operation latency (pipeline.jar taskhub-bench against the "
                    + "account does)");
        }
        skip(Parameter.WORKER_OVERHEAD, "not separable from the kernel and storage in a run's figures");
        skip(Parameter.NODE_PROVISIONING_DELAY, embedded ? "one machine adds no nodes" : "the run added no nodes");
        skip(Parameter.CONTROL_QUEUE_POLL_MAX, "the embedded hub delivers its own messages in process");
        skip(Parameter.NODE_PRICE_PER_HOUR, "the run's price is the sizing's (sizing.json), not measured");
        String name = where + " (" + profile.name() + " for the rest)";
        return new Result(profile.named(name).check(), List.copyOf(calibrated), List.copyOf(not), workload);
    }

    private LoadWorkload workload(RunInfo info) {
        if (info.workload() == null) {
            throw new RunInputException(run.path().resolve("run.json") + " has no workload: calibration needs a load "
                    + "test's run directory (./durascale study, or the load tests with -DrunDir).");
        }
        try {
            return RunJson.MAPPER.treeToValue(info.workload(), LoadWorkload.class);
        } catch (JsonProcessingException e) {
            throw new RunInputException(run.path().resolve("run.json") + " has a workload that is not a load test's ("
                    + e.getOriginalMessage() + "): calibration needs a load test's run directory.");
        }
    }

    private void workload(LoadWorkload w) {
        set(Parameter.BATCHES, Integer.toString(w.batches()), "run.json workload.batches");
        set(Parameter.BLOCKS, Integer.toString(w.blocks()), "run.json workload.blocks");
        boolean steady = run.run().map(RunInfo::simulation).orElse("").startsWith("Steady");
        if (steady) {
            set(Parameter.RATE, Double.toString(w.rate()), "run.json workload.rate (SteadyBatchesSimulation)");
            set(Parameter.BATCHES, Long.toString(Math.max(1, Math.round(w.rate() * w.durationS()))),
                    "run.json workload.rate x durationS");
        } else {
            set(Parameter.RATE, "0", "a burst (" + run.run().map(RunInfo::simulation).orElse("?") + ")");
        }
        set(Parameter.CLIENT_POLL_INTERVAL, w.pollIntervalMs() + "ms", "run.json workload.pollIntervalMs");
        LoadWorkload.Scaling s = w.scaling();
        if (s == null) {
            skip(Parameter.PARTITIONS, "a cluster run's workload has no scaling section");
            return;
        }
        set(Parameter.PARTITIONS, Integer.toString(s.partitions()), "run.json workload.scaling.partitions");
        set(Parameter.WORKER_CONCURRENCY, Integer.toString(s.workerConcurrency()), "run.json workload.scaling.workerConcurrency");
        set(Parameter.ORCHESTRATION_HOSTS, "1", "the embedded stack runs one task hub");
        set(Parameter.ORCHESTRATOR_SLOTS, Integer.toString(s.orchestrationWorkers()),
                "run.json workload.scaling.orchestrationWorkers: durabletask SDK workers");
        set(Parameter.SHARED_WORK_ITEM_SLOTS, "true", "each durabletask SDK worker takes one work item, episode or "
                + "activity, at a time (OrchestrationWorkers)");
        set(Parameter.BRIDGE_VERIFY, Boolean.toString(s.verify()), "run.json workload.scaling.verify");
        set(Parameter.BLOB_EVENT_DELAY, "uniform(0ms, 250ms)", "the embedded blob-event source lists the output "
                + "container every 250 ms (LocalStack)");
    }

    private void scaling(LoadWorkload w) {
        List<KedaSettings> lines = run.timeline().of(KedaSettings.class);
        RecordedScaling found = lines.isEmpty() ? null : RecordedScaling.of(lines.get(0)).orElse(null);
        RecordedScaling recorded = found;
        String k = "the timeline's keda-settings ";
        if (recorded == null) {
            if (w.scaling() == null) {
                skip(Parameter.POLLING_INTERVAL, lines.isEmpty() ? "the timeline has no keda-settings line"
                        : "the timeline's keda-settings are not the current specs' JSON (an older run)");
                return;
            }
            recorded = RecordedScaling.embeddedDemo(w.scaling());
            k = "an older run: the embedded target's demo ScaledObject with run.json's workload.scaling, ";
        }
        applyScaling(recorded, k);
    }

    private void applyScaling(RecordedScaling recorded, String k) {
        RecordedScaling.ScaledObject so = recorded.scaledObject();
        set(Parameter.POLLING_INTERVAL, so.pollingInterval(), k + "scaledObject.pollingInterval");
        set(Parameter.COOLDOWN_PERIOD, so.cooldownPeriod(), k + "scaledObject.cooldownPeriod");
        set(Parameter.INITIAL_COOLDOWN_PERIOD, so.initialCooldownPeriod(), k + "scaledObject.initialCooldownPeriod");
        set(Parameter.MIN_REPLICAS, Integer.toString(so.minReplicaCount()), k + "scaledObject.minReplicaCount");
        set(Parameter.MAX_REPLICAS, Integer.toString(so.maxReplicaCount()), k + "scaledObject.maxReplicaCount");
        set(Parameter.QUEUE_LENGTH, Integer.toString(recorded.trigger().queueLength()), k + "trigger queueLength");
        set(Parameter.ACTIVATION_QUEUE_LENGTH, Integer.toString(recorded.trigger().activationQueueLength()),
                k + "trigger activationQueueLength");
        set(Parameter.QUEUE_LENGTH_STRATEGY, recorded.trigger().queueLengthStrategy(), k + "trigger queueLengthStrategy");
        recorded.behavior().ifPresent(b -> {
            for (ScalingBehavior.Policy.Description p : b.scaleUp().policies()) {
                set("Pods".equals(p.type()) ? Parameter.SCALE_UP_PODS : Parameter.SCALE_UP_PERCENT, Integer.toString(p.value()),
                        k + "behavior.scaleUp " + p.type() + " policy");
                set(Parameter.SCALE_UP_PERIOD, p.period(), k + "behavior.scaleUp policy period");
            }
            if (b.scaleUp().stabilizationWindow() != null) {
                set(Parameter.SCALE_UP_STABILIZATION, b.scaleUp().stabilizationWindow(), k + "behavior.scaleUp");
            }
            for (ScalingBehavior.Policy.Description p : b.scaleDown().policies()) {
                if ("Percent".equals(p.type())) {
                    set(Parameter.SCALE_DOWN_PERCENT, Integer.toString(p.value()), k + "behavior.scaleDown Percent policy");
                    set(Parameter.SCALE_DOWN_PERIOD, p.period(), k + "behavior.scaleDown policy period");
                }
            }
            String down = b.scaleDown().stabilizationWindow() != null ? b.scaleDown().stabilizationWindow()
                    : recorded.hpaController() != null ? recorded.hpaController().downscaleStabilization() : null;
            if (down != null) {
                set(Parameter.SCALE_DOWN_STABILIZATION, down, k + "behavior.scaleDown stabilization window");
            }
        });
        if (recorded.hpaController() != null) {
            set(Parameter.HPA_SYNC_PERIOD, recorded.hpaController().syncPeriod(), k + "hpaController.syncPeriod");
            set(Parameter.HPA_TOLERANCE, Double.toString(recorded.hpaController().tolerance()), k + "hpaController.tolerance");
            set(Parameter.HPA_DOWNSCALE_STABILIZATION, recorded.hpaController().downscaleStabilization(),
                    k + "hpaController.downscaleStabilization");
        }
        nodePool(recorded, k);
    }

    private void nodePool(RecordedScaling recorded, String k) {
        var pool = recorded.nodePool();
        if (pool == null) {
            return;
        }
        set(Parameter.POD_START_DELAY, pool.podStartDelay(), k + "nodePool.podStartDelay");
        set(Parameter.PODS_PER_NODE, Integer.toString(pool.podsPerNode()), k + "nodePool.podsPerNode");
        set(Parameter.INITIAL_NODES, Integer.toString(pool.initialNodes()), k + "nodePool.initialNodes");
        set(Parameter.MAX_NODES, Integer.toString(pool.maxNodes()), k + "nodePool.maxNodes");
        if (!"never".equals(pool.emptyNodeRemoval())) {
            set(Parameter.EMPTY_NODE_REMOVAL, pool.emptyNodeRemoval(), k + "nodePool.emptyNodeRemoval");
        }
    }

    /**
     * Each pod's Running to its next Ready on the timeline: the first step's are the start distribution. On the
     * embedded stack a worker JVM's start also takes CPU from everything else: a sweep step starts its warm workers
     * together on an otherwise idle machine, so each start's CPU is its time there times its share of the cores.
     */
    private void podStart(RunInfo info, boolean embedded) {
        List<Long> stacks = run.timeline().of(KedaSettings.class).stream().map(KedaSettings::t).toList();
        Map<String, Long> running = new HashMap<>();
        List<Double> firstStep = new ArrayList<>();
        Map<Integer, List<Double>> warm = new HashMap<>();
        for (TimelineEvent e : run.timeline().events()) {
            if (e instanceof PodPhase pod && pod.pod() != null) {
                if ("Running".equals(pod.phase()) && pod.reason() == null) {
                    running.put(pod.pod(), pod.t());
                } else if ("Ready".equals(pod.phase()) && running.containsKey(pod.pod())) {
                    long from = running.remove(pod.pod());
                    int stack = 0;
                    for (int i = 0; i < stacks.size(); i++) {
                        if (stacks.get(i) <= from) {
                            stack = i;
                        }
                    }
                    (stack == 0 ? firstStep : warm.computeIfAbsent(stack, k -> new ArrayList<>())).add((double) (pod.t() - from));
                } else if (!"Ready".equals(pod.phase()) && !"Running".equals(pod.phase())) {
                    running.remove(pod.pod());
                }
            }
        }
        Integer cores = info.machine() == null ? null : info.machine().cpus();
        if (embedded && cores != null && !warm.isEmpty()) {
            List<Double> cpu = new ArrayList<>();
            warm.values().forEach(starts -> starts.forEach(t -> cpu.add(t * Math.min(1.0, cores / (double) starts.size()))));
            double median = cpu.stream().sorted().toList().get(cpu.size() / 2);
            set(Parameter.POD_START_CPU, ms(median), cpu.size() + " warm workers' Running to Ready in the sweep steps (they "
                    + "start together on an otherwise idle machine), each times its share of the " + cores + " cores (median)");
        }
        if (firstStep.isEmpty()) {
            skip(Parameter.POD_READY_DELAY, "no pod went from Running to Ready in the first step");
            return;
        }
        Distribution d = new Distribution.Empirical(firstStep.stream().mapToDouble(Double::doubleValue).toArray());
        set(Parameter.POD_READY_DELAY, d.text(), firstStep.size() + " pods' Running to Ready in the first step (a replay "
                + "uses each step's own, in order)");
    }

    private void blockCompute() {
        PercentileDistribution hgrm = run.distributions().get("block-compute");
        if (hgrm != null) {
            set(Parameter.BLOCK_COMPUTE, quantiles(hgrm).text(), "latency/block-compute.hgrm (" + hgrm.totalCount() + " blocks)");
            return;
        }
        LatencySummary s = run.metrics().map(m -> m.latency().get("blockCompute")).orElse(null);
        if (s != null && s.min() != null && s.p50() != null && s.p90() != null && s.p99() != null && s.max() != null) {
            set(Parameter.BLOCK_COMPUTE, "quantiles(0:" + ms(s.min()) + ", 0.5:" + ms(s.p50()) + ", 0.9:" + ms(s.p90())
                    + ", 0.99:" + ms(s.p99()) + ", 1:" + ms(s.max()) + ")", "metrics.json latency.blockCompute");
            return;
        }
        skip(Parameter.BLOCK_COMPUTE, "the run has no block-compute latency");
    }

    /** A percentile table of at most 24 points from a histogram's distribution. */
    static Distribution.Quantiles quantiles(PercentileDistribution d) {
        double[] qs = {0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1};
        double[] values = new double[qs.length];
        double last = 0;
        for (int i = 0; i < qs.length; i++) {
            double v = i == 0 ? d.values()[0] : i == qs.length - 1 ? d.max() : d.valueAt(qs[i]);
            last = Math.max(last, v);
            values[i] = last;
        }
        return new Distribution.Quantiles(qs, values);
    }

    private void episodeOps(Metrics metrics) {
        double episodes = 0;
        Map<String, Double> byService = new HashMap<>();
        for (Metrics.PartitionStep step : metrics.throughputPerPartition()) {
            Metrics.Backend b = step.backend();
            if (b == null || b.episodesPerPartition() == null) {
                continue;
            }
            episodes += b.episodesPerPartition().stream().mapToLong(Long::longValue).sum();
            hubOps(b).forEach((service, n) -> byService.merge(service, n, Double::sum));
            byService.merge("table", -(double) statusPollReads(b), Double::sum);
        }
        if (episodes == 0) {
            skip(Parameter.EPISODE_TABLE_OPS, "the run's steps have no task hub counters (a cluster, or no sweep)");
            return;
        }
        String how = "metrics.json backend.hubOperations / episodes over the sweep (" + (long) episodes + " episodes)";
        String tableHow = how + ", less its table reads: the client's status polls (statusPollTableOps)";
        set(Parameter.EPISODE_QUEUE_OPS, round(byService.getOrDefault("queue", 0.0) / episodes), how);
        set(Parameter.EPISODE_TABLE_OPS, round(Math.max(0, byService.getOrDefault("table", 0.0)) / episodes), tableHow);
        set(Parameter.EPISODE_BLOB_OPS, round(byService.getOrDefault("blob", 0.0) / episodes), how);
    }

    /**
     * A step's status polls, as the hub counted them: its table reads (the HTTP tier's status answer reads the
     * instance's row, InstanceStore.get; an episode's state comes from its session, not a read).
     */
    static long statusPollReads(Metrics.Backend b) {
        return b.hubOperations().getOrDefault("table.read", 0L);
    }

    /** The hub's operations of a step by service, without the time-driven ones (leases, listings, metadata). */
    static Map<String, Double> hubOps(Metrics.Backend b) {
        Map<String, Double> byService = new HashMap<>();
        b.hubOperations().forEach((kind, n) -> {
            if (!TIME_DRIVEN.contains(kind)) {
                byService.merge(kind.substring(0, Math.max(0, kind.indexOf('.'))), (double) n, Double::sum);
            }
        });
        return byService;
    }

    private void machine(RunInfo info, Metrics metrics, LoadWorkload w) {
        Integer cores = info.machine() == null ? null : info.machine().cpus();
        if (cores == null || cores < 1) {
            skip(Parameter.MACHINE_CORES, "run.json has no machine.cpus");
            return;
        }
        set(Parameter.MACHINE_CORES, Integer.toString(cores), "run.json machine.cpus: the embedded stack shares them");
        set(Parameter.ACCOUNT_REQUESTS_PER_SECOND, "1000000000", "Azurite has no request-rate target: the machine's "
                + "CPU is its limit");
        set(Parameter.QUEUE_MESSAGES_PER_SECOND, "1000000000", "Azurite has no per-queue target");
        MachineCost cost = MachineCost.of(metrics, cores, profile, w);
        if (cost.storageOpCpuMillis() > 0) {
            set(Parameter.STORAGE_OP_CPU, ms(cost.storageOpCpuMillis()), cost.storageHow());
        } else {
            skip(Parameter.STORAGE_OP_CPU, "the run's steps have no storage bound");
        }
        if (cost.statusPollCpuMillis() > 0) {
            set(Parameter.STATUS_POLL_CPU, ms(cost.statusPollCpuMillis()), cost.partitionPollHow());
        } else {
            skip(Parameter.STATUS_POLL_CPU, cost.partitionPollHow());
        }
        if (cost.partitionPollCpuMillis() > 0) {
            set(Parameter.PARTITION_POLL_CPU, ms(cost.partitionPollCpuMillis()), cost.partitionPollHow());
        } else {
            skip(Parameter.PARTITION_POLL_CPU, cost.partitionPollHow());
        }
        if (cost.workItemCpuMillis() > 0) {
            set(Parameter.EPISODE_CPU, ms(cost.workItemCpuMillis()), cost.workItemHow());
            set(Parameter.ACTIVITY_CPU, ms(cost.workItemCpuMillis()), cost.workItemHow());
        } else {
            skip(Parameter.EPISODE_CPU, "the sweep's machine CPU does not leave time for the work items");
        }
    }

    private void set(Parameter p, String value, String how) {
        try {
            profile = profile.with(p, p.parse(value), where + ": " + how);
            calibrated.removeIf(i -> i.key().equals(p.key()));
            calibrated.add(new Item(p.key(), profile.setting(p).text(), how));
        } catch (IllegalArgumentException e) {
            not.add(new Item(p.key(), profile.setting(p).text(), "the run's value does not fit (" + e.getMessage() + ")"));
        }
    }

    private void skip(Parameter p, String why) {
        not.add(new Item(p.key(), profile.setting(p).text(), why));
    }

    static String ms(double millis) {
        return Distribution.ms(millis);
    }

    private static String round(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
