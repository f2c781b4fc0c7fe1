package io.durascale.loadtests;

import io.durascale.run.figures.RunFigures.Orchestration;
import io.durascale.run.figures.RunFigures.Step;
import io.durascale.loadtests.probe.QueueDepthProbe;
import io.durascale.loadtests.targets.EmbeddedTarget;
import io.durascale.loadtests.targets.LoadTarget;
import io.durascale.pipeline.local.LocalStack;
import io.durascale.pipeline.taskhub.bench.StorageBound;
import io.durascale.pipeline.taskhub.StorageOps;
import io.durascale.pipeline.taskhub.TaskHub;
import io.durascale.pipeline.taskhub.TaskHubStats;
import io.durascale.run.Metrics.Backend;
import io.durascale.run.timeline.Timeline;
import io.durascale.run.timeline.TimelineEvent.LoadMarker;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of a load run, one per task hub configuration: the run's own first step ({@code run}, the
 * target as started), then, in a partition sweep, one per partition count. A step is open from when
 * its target is ready until the next one begins; at its close the embedded hub's own counters over it
 * (episodes and control messages per partition, storage operations) are kept, and with them its
 * same-run storage bound.
 *
 * <p>States: a step is <em>starting</em> ({@link #ready()} false) while the embedded stack restarts in
 * the background, then <em>open</em>; a start that fails leaves it ready with {@link #failure()} set,
 * so the load that follows runs (and fails) instead of waiting forever.
 */
public final class PartitionSweep {

    private static final Logger log = LoggerFactory.getLogger(PartitionSweep.class);
    /** The label of the run's own first step. */
    static final String FIRST = "run";

    /** Which step is open: its index among the steps, and its partition count (instance ids hash to one of them). */
    public record Position(int index, int partitions) {
    }

    /** Operation rates as a person reads them: {@code queue.send 1,100/s, table.write 2,950/s, …}. */
    static String describe(java.util.Map<StorageOps.Kind, Double> perSecond) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        perSecond.forEach((kind, rate) -> parts.add(String.format(Locale.ROOT, "%s %,.0f/s", kind.label(), rate)));
        return String.join(", ", parts);
    }

    /** run.json's {@code sweep} entry of one step. */
    public record StepSetting(String step, String hub, int partitions, String workers) {
    }

    /** The hub's own counters at the start of a step, for the step's differences. */
    private record Counters(long[] episodes, long[] controlMessages, Map<StorageOps.Kind, Long> ops) {
    }

    /** A step as opened: where, and the counters it started from (null without a hub in this JVM). */
    private record Opened(String label, String hub, int partitions, Counters counters) {
    }

    /**
     * A closed step: its counters' differences over it, when the same hub ran all of it, and the storage's rates
     * if they had been measured by then (the first step closes before they are).
     */
    private record Closed(String label, String hub, int partitions, Counters difference, StorageBound.Rates rates) {
    }

    private final LoadSettings settings;
    private final LoadTarget target;
    private final QueueDepthProbe queueDepths;
    private final Timeline timeline;
    private final Consumer<String> progress;
    private final List<Closed> closed = new CopyOnWriteArrayList<>();
    private volatile Opened open;
    private volatile Position position = new Position(0, 1);
    private volatile boolean ready;
    private volatile String failure;
    /** When the first step change was asked for: the first stack's records end there. */
    private volatile long firstStepEndedAt = Long.MAX_VALUE;
    private volatile StorageBound.Rates storageRates;

    public PartitionSweep(LoadSettings settings, LoadTarget target, QueueDepthProbe queueDepths, Timeline timeline,
                          Consumer<String> progress) {
        this.settings = settings;
        this.target = target;
        this.queueDepths = queueDepths;
        this.timeline = timeline;
        this.progress = progress;
    }

    /** Opens the run's first step on the target as it was started. */
    public synchronized PartitionSweep openFirst() {
        int partitions = target instanceof EmbeddedTarget e ? e.partitions() : discoveredPartitions();
        openStep(FIRST, target.hub(), partitions);
        ready = true;
        return this;
    }

    /**
     * Closes the open step and begins the next at {@code partitions} in the background. Embedded: the
     * stack restarts with a fresh task hub of that many partitions and {@code -DsweepWorkers} warm
     * workers, so the step measures the hub rather than scale-up. Cluster: the hub is what is
     * deployed, so a step only marks time. {@link #ready()} turns true when load may start.
     */
    public synchronized void begin(int partitions) {
        if (firstStepEndedAt == Long.MAX_VALUE) {
            firstStepEndedAt = System.currentTimeMillis();
        }
        ready = false;
        failure = null;
        close();
        Thread starter = new Thread(() -> start(partitions), "step-" + partitions);
        starter.setDaemon(true);
        starter.start();
    }

    private void start(int partitions) {
        try {
            if (target instanceof EmbeddedTarget embedded) {
                if (storageRates == null) {
                    progress.accept("storage bound: measuring the storage's own operation rates...");
                    storageRates = new StorageBound(target.storage(), Duration.ofSeconds(1)).measure();
                    progress.accept("storage bound: " + describe(storageRates.perSecond()));
                }
                String hub = "Sweep" + partitions + "x" + suffix();
                progress.accept("step: " + partitions + " partition(s), task hub " + hub + ", "
                        + settings.sweepWorkers() + " warm worker(s), outputs not re-verified");
                // Without output verification: the bridge would recompute every block in this JVM, and the
                // step is about the task hub's partitions, not the kernels.
                // In process: a step measures the partitions' throughput, not the orchestration tier's scaling.
                embedded.restart(hub, partitions, EmbeddedTarget.fixedWorkers(settings, settings.sweepWorkers()), false,
                        LocalStack.Tier.inProcess());
                queueDepths.watchHub(hub);
                awaitWorkers(embedded, settings.sweepWorkers(), Duration.ofSeconds(90));
                openStep(partitions + "-partitions", hub, partitions);
            } else {
                openStep(partitions + "-partitions", target.hub(), discoveredPartitions());
            }
            timeline.record(new LoadMarker(System.currentTimeMillis(), "step-start", position.index()));
        } catch (Exception e) {
            failure = e.getMessage() == null ? e.toString() : e.getMessage();
            log.error("the step at {} partitions could not start: {}", partitions, failure);
        } finally {
            ready = true;
        }
    }

    /** True when the step's target is up and load may start (also after a failure, see {@link #failure()}). */
    public boolean ready() {
        return ready;
    }

    /** Why the last step could not start, if it could not. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** The open step (or the one starting). */
    public Position position() {
        return position;
    }

    /** When the first sweep step was asked for; {@code Long.MAX_VALUE} if none was. */
    public long firstStepEndedAt() {
        return firstStepEndedAt;
    }

    /** True when the run has sweep steps beyond its first. */
    public boolean swept() {
        return closed.stream().anyMatch(s -> !s.label().equals(FIRST));
    }

    private int discoveredPartitions() {
        int found = queueDepths.controlQueues().size();
        if (found == 0) {
            progress.accept("task hub: no " + target.hub().toLowerCase(Locale.ROOT)
                    + "-control-NN queues found; assuming " + settings.partitions() + " partitions (-Dhub, -Dpartitions)");
            return settings.partitions();
        }
        progress.accept("task hub: " + target.hub() + " has " + found + " control queues (partitions)");
        return found;
    }

    private static void awaitWorkers(EmbeddedTarget target, int workers, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (target.readyReplicas() < workers) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException(workers + " worker pod(s) were not ready within " + deadline.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    private void openStep(String label, String hub, int partitions) {
        Counters counters = target.taskHub().map(PartitionSweep::counters).orElse(null);
        open = new Opened(label, hub, partitions, counters);
        position = new Position(closed.size(), partitions);
    }

    /** Closes the open step, keeping its counters' differences when the same hub ran it all; then nothing is open. */
    public synchronized void close() {
        Opened o = open;
        if (o == null) {
            return;
        }
        Counters difference = null;
        Optional<TaskHub> hubNow = target.taskHub();
        if (hubNow.isPresent() && o.counters() != null && hubNow.get().settings().hubName().equals(o.hub())) {
            Counters now = counters(hubNow.get());
            difference = new Counters(minus(now.episodes(), o.counters().episodes()),
                    minus(now.controlMessages(), o.counters().controlMessages()),
                    StorageOps.difference(now.ops(), o.counters().ops()));
        }
        closed.add(new Closed(o.label(), o.hub(), o.partitions(), difference, storageRates));
        open = null;
    }

    /**
     * The closed steps with their backend counters and, embedded, their storage bound for the work
     * the step completed ({@code finished}: the ledger's orchestrations).
     */
    public List<Step> steps(List<Orchestration> finished) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < closed.size(); i++) {
            Closed c = closed.get(i);
            if (c.difference() == null) {
                steps.add(new Step(c.label(), c.hub(), c.partitions(), null, null));
                continue;
            }
            int index = i;
            List<Orchestration> done = finished.stream().filter(o -> o.step() == index && o.completed()).toList();
            int blocksDone = done.stream().mapToInt(Orchestration::blocks).sum();
            Double bound = c.rates() != null && !done.isEmpty()
                    ? PipelineStorageModel.bound(c.rates(), c.difference().ops(), done.size(), blocksDone) : null;
            Map<String, Long> labelled = new LinkedHashMap<>();
            c.difference().ops().forEach((k, v) -> labelled.put(k.label(), v));
            Backend backend = new Backend(boxed(c.difference().episodes()), boxed(c.difference().controlMessages()),
                    labelled, bound != null ? PipelineStorageModel.BASIS : null);
            steps.add(new Step(c.label(), c.hub(), c.partitions(), backend, bound));
        }
        return steps;
    }

    /** run.json's {@code sweep}: the steps beyond the first, and the workers they ran with. */
    public List<StepSetting> stepSettings() {
        String workers = settings.embedded() ? settings.sweepWorkers() + " warm, outputs not re-verified" : "as deployed";
        return closed.stream().filter(c -> !c.label().equals(FIRST))
                .map(c -> new StepSetting(c.label(), c.hub(), c.partitions(), workers)).toList();
    }

    private static Counters counters(TaskHub hub) {
        TaskHubStats stats = hub.stats();
        long[] episodes = new long[stats.partitionCount()];
        long[] control = new long[stats.partitionCount()];
        for (int p = 0; p < episodes.length; p++) {
            episodes[p] = stats.episodes(p);
            control[p] = stats.controlMessages(p);
        }
        return new Counters(episodes, control, hub.ops().snapshot());
    }

    private static long[] minus(long[] after, long[] before) {
        long[] d = new long[after.length];
        for (int i = 0; i < after.length; i++) {
            d[i] = after[i] - (before != null && i < before.length ? before[i] : 0);
        }
        return d;
    }

    private static List<Long> boxed(long[] values) {
        List<Long> list = new ArrayList<>(values.length);
        for (long v : values) {
            list.add(v);
        }
        return list;
    }

    private static String suffix() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
