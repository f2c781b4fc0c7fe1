package io.durascale.simulator.model;

import io.durascale.pipeline.taskhub.TaskHubNames;
import io.durascale.simulator.engine.EventLoop;
import io.durascale.simulator.engine.VirtualClock;
import io.durascale.simulator.profile.Parameter;
import io.durascale.simulator.profile.Profile;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One simulated run: a {@link Scenario} played on the model a {@link Profile} describes, on a virtual clock, recorded
 * by a {@link Recorder}. Stacks start at their times (the previous one stops, its workers drain), orchestrations
 * arrive at theirs; the run ends when every orchestration is done (and, for a first step that idles, the workers are
 * back at zero), or at the profile's horizon.
 */
public final class Simulation {

    /** What the run did, besides what the recorder holds. */
    public record Outcome(long startedAt, long endedAt, long events, boolean finished, List<StepInfo> steps,
                          Storage.Counts storageOps, double machineCpuSeconds, long podsStarted) {
    }

    /** One stack as it ran: its label, hub, partitions, span and its task hub's own counters. */
    public record StepInfo(String label, String hub, int partitions, long startedAt, long endedAt,
                           long[] episodesPerPartition, long[] queuedMessagesPerPartition, Storage.Counts storageOps) {
    }

    private final Profile profile;
    private final Scenario scenario;
    private final Recorder recorder;
    private final EventLoop loop;
    private final SplittableRandom random;
    private final Storage storage;
    private final SharedCores machine;
    private final List<Pipeline> pipelines = new ArrayList<>();
    private final List<StepInfo> steps = new ArrayList<>();
    private Storage.Counts stepStartOps;
    private Pipeline current;
    private boolean idleMarked;
    private boolean stepOver;
    private boolean done;
    private final List<Long> stackStarts = new ArrayList<>();
    private int[] arrivalsPerStack;
    private int[] startedPerStack;

    public Simulation(Profile profile, Scenario scenario, Recorder recorder) {
        this.profile = profile.check();
        this.scenario = scenario;
        this.recorder = recorder;
        this.loop = new EventLoop(new VirtualClock(scenario.startEpochMillis()));
        this.random = new SplittableRandom(profile.whole(Parameter.SEED));
        double cores = profile.number(Parameter.MACHINE_CORES);
        this.machine = cores > 0 ? new SharedCores(loop, cores) : null;
        this.storage = new Storage(profile, machine, loop);
    }

    /** Plays the scenario to its end (or the horizon). */
    public Outcome run() {
        long start = scenario.startEpochMillis();
        recorder.marker(start, "load-start", 0);
        arrivalsPerStack = new int[scenario.stacks().size()];
        startedPerStack = new int[scenario.stacks().size()];
        for (Scenario.Arrival a : scenario.arrivals()) {
            arrivalsPerStack[Math.min(a.stack(), arrivalsPerStack.length - 1)]++;
        }
        stepStartOps = storage.counts();
        loop.at(start + scenario.stacks().get(0).at(), () -> startStack(0));
        QueueMonitor monitor = new QueueMonitor(loop, recorder, () -> current, profile.millis(Parameter.MONITOR_INTERVAL));
        loop.at(start, monitor);
        long horizon = start + profile.millis(Parameter.HORIZON);
        loop.runUntil(horizon);
        boolean finished = done;
        long end = loop.now();
        // The monitor keeps reading the queues a little longer, as the load test's does until it stops.
        loop.runUntil(end + 2 * profile.millis(Parameter.MONITOR_INTERVAL));
        monitor.stop();
        closeStack(end);
        // The last workers drain and end, as they do when the load test stops its stack.
        loop.runUntil(loop.now() + 60_000);
        recorder.marker(end, "load-end", current == null ? 0 : current.step);
        long podsStarted = pipelines.stream().mapToLong(p -> p.pods().started()).sum();
        return new Outcome(start, end, loop.executed(), finished, List.copyOf(steps), storage.counts(),
                machine == null ? 0 : machine.cpuSeconds(), podsStarted);
    }

    private void startStack(int index) {
        Scenario.Stack stack = scenario.stacks().get(index);
        if (current != null) {
            closeStack(loop.now());
        }
        Profile stepProfile = stack.verify() == null ? profile : profile.with(Parameter.BRIDGE_VERIFY, stack.verify(),
                "the step's own");
        double cold = profile.duration(Parameter.FIRST_STEP_WORK_ITEM_CPU).toNanos();
        if (index == 0 && cold > 0 && profile.number(Parameter.MACHINE_CORES) > 0) {
            Object value = profile.setting(Parameter.FIRST_STEP_WORK_ITEM_CPU).value();
            stepProfile = stepProfile.with(Parameter.EPISODE_CPU, value, "the first step's (a cold JVM)")
                    .with(Parameter.ACTIVITY_CPU, value, "the first step's (a cold JVM)");
        }
        if (index == 0 && profile.millis(Parameter.FIRST_STEP_WORKER_WARMUP) > 0 && profile.number(Parameter.MACHINE_CORES) > 0) {
            stepProfile = stepProfile.with(Parameter.WORKER_WARMUP, profile.setting(Parameter.FIRST_STEP_WORKER_WARMUP).value(),
                    "the first step's (everything cold)");
        }
        if (index == 0 && profile.millis(Parameter.FIRST_STEP_WORKER_OVERHEAD) > 0 && profile.number(Parameter.MACHINE_CORES) > 0) {
            stepProfile = stepProfile.with(Parameter.WORKER_OVERHEAD,
                    profile.setting(Parameter.FIRST_STEP_WORKER_OVERHEAD).value(), "the first step's (everything cold)");
        }
        if (stack.podReadyDelay() != null) {
            stepProfile = stepProfile.with(Parameter.POD_READY_DELAY, stack.podReadyDelay(), "the step's own pods");
        }
        ClusterSettings settings = ClusterSettings.of(stepProfile, stack.minReplicas(), stack.maxReplicas());
        if (index > 0) {
            recorder.marker(loop.now(), "step-start", index);
        }
        current = new Pipeline(stepProfile, index, stack.hub(), stack.partitions(), settings.keda(), settings.hpa(),
                settings.nodePool(), loop, storage, recorder, random);
        pipelines.add(current);
        stackStarts.add(loop.now());
        for (Scenario.Arrival a : scenario.arrivals()) {
            if (a.stack() == index) {
                loop.at(loop.now() + a.at(), () -> arrive(a));
            }
        }
        stepStartOps = storage.counts();
        current.scaling().afterChange(this::checkDone);
        current.onFinished(this::checkDone);
    }

    private void closeStack(long at) {
        if (current == null || steps.size() == pipelines.size()) {
            return;
        }
        Scenario.Stack stack = scenario.stacks().get(current.step);
        Storage.Counts now = storage.counts();
        TaskHub hub = current.taskHub();
        steps.add(new StepInfo(stack.label(), stack.hub(), stack.partitions(),
                stackStarts.get(current.step), at, hub.episodesPerPartition.clone(),
                hub.queuedMessagesPerPartition.clone(), new Storage.Counts(now.queue() - stepStartOps.queue(),
                        now.table() - stepStartOps.table(), now.blob() - stepStartOps.blob())));
        current.close();
    }

    private void arrive(Scenario.Arrival a) {
        Pipeline p = pipelines.get(Math.min(a.stack(), pipelines.size() - 1));
        startedPerStack[p.step]++;
        String id = instanceId();
        Instance instance = new Instance(id, p.step, TaskHubNames.partitionOf(id, p.taskHub().partitions()), a.blocks(),
                loop.now(), p.taskHub());
        recorder.started(loop.now());
        p.start(instance);
    }

    /** Called after every autoscaling change and orchestration end: is the step, or the run, over? */
    private void checkDone() {
        if (done || current == null || stepOver) {
            return;
        }
        int step = current.step;
        boolean arrived = startedPerStack[step] == arrivalsPerStack[step];
        if (!arrived || current.unfinished() > 0) {
            return;
        }
        boolean idles = scenario.idleAfterFirstStep() && step == 0;
        if (idles) {
            if (!idleMarked) {
                idleMarked = true;
                recorder.marker(loop.now(), "idle-start", 0);
            }
            if (current.scaling().replicas() > 0) {
                return;
            }
            recorder.marker(loop.now(), "zero-replicas", 0);
        }
        stepOver = true;
        if (step == scenario.stacks().size() - 1) {
            done = true;
            loop.at(loop.now() + scenario.tailMillis(), loop::stop);
            return;
        }
        // The load test switches to the next step only now; the gap is the measured switch (restart) time.
        Scenario.Stack next = scenario.stacks().get(step + 1);
        loop.at(loop.now() + next.afterPrevious(), () -> {
            stepOver = false;
            startStack(step + 1);
        });
    }

    private String instanceId() {
        byte[] bytes = new byte[16];
        for (int i = 0; i < 16; i += 8) {
            long v = random.nextLong();
            for (int j = 0; j < 8; j++) {
                bytes[i + j] = (byte) (v >>> (8 * j));
            }
        }
        return HexFormat.of().formatHex(bytes);
    }
}
