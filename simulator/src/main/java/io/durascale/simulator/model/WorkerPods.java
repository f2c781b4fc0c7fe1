package io.durascale.simulator.model;

import io.durascale.pipeline.local.kube.PodLauncher;
import io.durascale.pipeline.local.kube.PodProcess;
import io.durascale.simulator.engine.EventLoop;
import io.durascale.simulator.profile.Distribution;
import io.durascale.simulator.profile.Parameter;
import io.durascale.simulator.profile.Profile;
import java.util.ArrayDeque;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * The worker pods, behind the same {@link PodLauncher} and {@link PodProcess} interfaces the project's Deployment
 * ({@code LocalDeployment}) starts real worker processes through: a pod's process is ready {@code podReadyDelay}
 * after it starts, then receives jobs as the worker does (as many as it has free slots; an idle one polls with a
 * back-off from 50 ms to {@code workerPollMax}); on SIGTERM it finishes what it holds and exits 0.
 */
final class WorkerPods implements PodLauncher {

    private static final long FIRST_POLL_MS = 50;

    private final EventLoop loop;
    private final Pipeline pipeline;
    private final JobQueue jobs;
    private final Distribution readyDelay;
    private final SplittableRandom random;
    private final int concurrency;
    private final long pollMax;
    private final SharedCores machine;
    private final double startCpu;
    /** Pods with a free slot that found the queue empty, longest idle first. */
    private final ArrayDeque<Pod> idle = new ArrayDeque<>();
    private Runnable reconcile = () -> { };
    private int started;

    WorkerPods(Profile profile, EventLoop loop, Pipeline pipeline, JobQueue jobs, SharedCores machine, SplittableRandom random) {
        this.machine = machine;
        this.startCpu = profile.duration(Parameter.POD_START_CPU).toNanos() / 1e6;
        this.loop = loop;
        this.pipeline = pipeline;
        this.jobs = jobs;
        this.readyDelay = profile.distribution(Parameter.POD_READY_DELAY);
        this.random = random;
        this.concurrency = profile.integer(Parameter.WORKER_CONCURRENCY);
        this.pollMax = profile.millis(Parameter.WORKER_POLL_MAX);
    }

    /** What to call when a pod's process changes in a way the Deployment must see (ready, exited). */
    void onChange(Runnable reconcileSoon) {
        this.reconcile = reconcileSoon;
    }

    int started() {
        return started;
    }

    @Override
    public PodProcess start(String podName) {
        started++;
        Pod pod = new Pod(podName);
        double delay = readyDelay instanceof Distribution.Sequence measured ? measured.at(started - 1, random)
                : readyDelay.sample(random);
        loop.at(loop.now() + Math.round(delay), pod);
        if (machine != null && startCpu > 0) {
            // On one machine the JVM's start takes CPU from everything else while it starts.
            machine.run(startCpu, 0, () -> { });
        }
        return pod;
    }

    /** Jobs arrived: the longest-idle pod looks at its next poll. */
    void jobArrived() {
        while (!idle.isEmpty()) {
            Pod pod = idle.pollFirst();
            pod.waiting = false;
            if (pod.canReceive() && !pod.pollScheduled) {
                pod.pollScheduled = true;
                loop.at(PollSchedule.next(pod.idleSince, loop.now(), FIRST_POLL_MS, pollMax), pod);
                return;
            }
        }
    }

    /** One pod's process. */
    final class Pod implements PodProcess, EventLoop.Action {
        final String name;
        int inFlight;
        boolean running;
        boolean terminating;
        boolean exited;
        boolean waiting;
        boolean pollScheduled;
        boolean warm;
        long idleSince;

        Pod(String name) {
            this.name = name;
        }

        boolean canReceive() {
            return running && !terminating && !exited && inFlight < concurrency;
        }

        /** Its start-up ends, or its poll is due. */
        @Override
        public void run() {
            pollScheduled = false;
            if (exited) {
                return;
            }
            if (!running) {
                running = true;
                idleSince = loop.now();
                reconcile.run();
            }
            receive();
        }

        /** Takes what it has room for; with nothing to take, waits for its next poll. */
        void receive() {
            while (canReceive() && jobs.hasVisible()) {
                Block block = jobs.take();
                inFlight++;
                pipeline.compute(block, this);
            }
            if (canReceive() && !waiting) {
                waiting = true;
                idle.addLast(this);
                if (jobs.hasVisible()) {
                    jobArrived();
                }
            }
        }

        /** A block's output is written and its message deleted. */
        void finished() {
            inFlight--;
            if (terminating && inFlight == 0) {
                exit();
                return;
            }
            // The worker receives again at once after a non-empty batch.
            idleSince = loop.now();
            receive();
        }

        private void exit() {
            if (!exited) {
                exited = true;
                reconcile.run();
            }
        }

        @Override
        public OptionalLong pid() {
            return OptionalLong.empty();
        }

        @Override
        public boolean isReady() {
            return running && !terminating && !exited;
        }

        @Override
        public OptionalInt exitCode() {
            return exited ? OptionalInt.of(0) : OptionalInt.empty();
        }

        @Override
        public void terminate() {
            terminating = true;
            if (inFlight == 0) {
                exit();
            }
        }

        @Override
        public void kill() {
            exit();
        }
    }
}
