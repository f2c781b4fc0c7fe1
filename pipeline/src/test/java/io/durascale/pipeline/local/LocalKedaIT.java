package io.durascale.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.pipeline.local.hpa.HpaControllerFlags;
import io.durascale.pipeline.local.keda.ScaledObjectSpec;
import io.durascale.pipeline.local.kube.NodePoolSpec;
import io.durascale.pipeline.local.kube.PodLauncher;
import io.durascale.pipeline.local.kube.PodProcess;
import io.durascale.pipeline.local.kube.ProcessPodLauncher;
import io.durascale.pipeline.local.kube.WorkerJar;
import io.durascale.run.timeline.Timeline;
import io.durascale.run.timeline.TimelineEvent.HpaDecision;
import io.durascale.run.timeline.TimelineEvent.KedaDecision;
import io.durascale.run.timeline.TimelineEvent.Replicas;
import io.durascale.run.timeline.TimelineEvent.ScalerReading;
import io.durascale.run.timeline.TimelineEvent;
import io.durascale.run.timeline.TimelineFile;
import io.durascale.testkit.Await;
import io.durascale.testkit.JobFixture.Submitted;
import io.durascale.testkit.JobFixture;
import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Acceptance of KEDA on one machine, with real Azurite and real {@code worker.jar} processes as
 * pods: 0 replicas while the queue is empty, at least one when jobs arrive, every job computed,
 * back to 0 after the cooldown, no process left, and each step on the timeline. Run files (the
 * timeline and pod logs) stay under {@code target/local-keda-it/} for diagnosis.
 */
@ExtendWith(StorageExtension.class)
class LocalKedaIT {

    private static final int JOBS = 12;
    private static final int BLOCK_SIZE = 256;
    private static final Duration COOLDOWN = Duration.ofSeconds(8);

    @Test
    void scalesRealWorkersFromZeroToWorkAndBackToZeroAfterTheCooldown(TestStorage storage) {
        JobFixture jobs = new JobFixture(storage, "keda");
        String queue = jobs.queue().getQueueName();
        Path run = runDirectory("scale");
        ScaledObjectSpec spec = ScaledObjectSpec.demo().toBuilder().azureQueue(q -> q.withQueueName(queue))
                .pollingInterval(Duration.ofSeconds(1)).cooldownPeriod(COOLDOWN).build();
        PodLauncher launcher = ProcessPodLauncher.worker(workerJar(), queue, run.resolve("pods"))
                .connectionString(storage.connectionString())
                .arguments("--concurrency", "1", "--max-poll-interval", "200ms")
                .build();
        Path timelineFile = run.resolve(io.durascale.run.RunFile.TIMELINE.fileName());
        List<Submitted> submitted;
        try (Timeline timeline = Timeline.to(timelineFile);
             LocalKeda keda = LocalKeda.builder(storage.account(), spec, NodePoolSpec.noDelays(), launcher, timeline)
                     .hpaController(HpaControllerFlags.demo()).build()) {
            keda.start();
            Await.until(Duration.ofSeconds(10), "KEDA's first check", () -> keda.queueLength() >= 0);
            Await.until(Duration.ofSeconds(10), "a second check of the empty queue",
                    () -> RunTimeline.read(timelineFile, KedaDecision.class).size() >= 2);
            assertThat(keda.desiredReplicas()).as("idle: no replicas").isZero();
            assertThat(keda.pods()).isEmpty();

            submitted = jobs.submitMany("stencil", BLOCK_SIZE, JOBS);
            Await.until(Duration.ofSeconds(60), "a worker is ready", () -> keda.readyReplicas() >= 1,
                    () -> describe(keda));
            Await.until(Duration.ofSeconds(60), "every job computed", () -> jobs.outputNames().size() == JOBS,
                    () -> jobs.outputNames().size() + " outputs; " + describe(keda));
            Await.until(Duration.ofSeconds(40), "back to zero replicas after the cooldown, every pod gone",
                    () -> keda.desiredReplicas() == 0 && keda.pods().isEmpty(), () -> describe(keda));
        }

        submitted.forEach(jobs::assertOutputVerifies);
        assertThat(jobs.queueLength()).isZero();
        assertThat(jobs.poisoned()).isEmpty();

        TimelineFile lines = RunTimeline.read(timelineFile);
        List<KedaDecision> kedaLines = lines.of(KedaDecision.class);
        assertThat(kedaLines).extracting(KedaDecision::action).containsSubsequence("idle", "activate", "cooldown",
                "deactivate", "stopped");
        KedaDecision activate = kedaLines.stream().filter(line -> "activate".equals(line.action())).findFirst().orElseThrow();
        KedaDecision deactivate = kedaLines.stream().filter(line -> "deactivate".equals(line.action())).findFirst()
                .orElseThrow();
        assertThat(activate.from()).isZero();
        assertThat(activate.to()).isEqualTo(1);
        assertThat(deactivate.to()).isZero();
        long idleBeforeZero = deactivate.t() - deactivate.lastActive();
        // Strictly after in the controller; the timeline's whole milliseconds can make it equal here.
        assertThat(idleBeforeZero).as("scaled to zero only after the cooldown since the last active check")
                .isGreaterThanOrEqualTo(COOLDOWN.toMillis()).isLessThanOrEqualTo(COOLDOWN.plusSeconds(2).toMillis());
        assertThat(lines.of(ScalerReading.class)).anySatisfy(line -> assertThat(line.active()).isTrue())
                .allSatisfy(line -> {
                    assertThat(line.queue()).isEqualTo(queue);
                    assertThat(line.value()).isNotNull();
                });
        assertThat(lines.of(HpaDecision.class)).isNotEmpty();

        // Replicas went 0 -> at least 1 ready -> 0.
        List<Replicas> replicas = lines.of(Replicas.class);
        assertThat(replicas).anySatisfy(line -> assertThat(line.ready()).isPositive());
        assertThat(replicas.get(replicas.size() - 1)).extracting(Replicas::desired, Replicas::current, Replicas::ready)
                .containsExactly(0, 0, 0);

        // Every pod went through every phase on a node, and ended cleanly after draining.
        Map<String, List<TimelineEvent.PodPhase>> byPod = lines.of(TimelineEvent.PodPhase.class).stream()
                .collect(Collectors.groupingBy(TimelineEvent.PodPhase::pod, LinkedHashMap::new, Collectors.toList()));
        assertThat(byPod).isNotEmpty();
        byPod.forEach((pod, phases) -> {
            assertThat(phases).extracting(TimelineEvent.PodPhase::phase).as("pod %s", pod)
                    .startsWith("Pending", "ContainerCreating", "Running").endsWith("Terminating", "Succeeded");
            assertThat(phases.get(phases.size() - 1)).as("pod %s", pod).satisfies(last -> {
                assertThat(last.exitCode()).isZero();
                assertThat(last.node()).isEqualTo("node-1");
            });
        });
        assertThat(byPod.get(deploymentPod(1))).as("the first pod, which did the work")
                .extracting(TimelineEvent.PodPhase::phase)
                .containsExactly("Pending", "ContainerCreating", "Running", "Ready", "Terminating", "Succeeded");
        Set<Long> pids = lines.of(TimelineEvent.PodPhase.class).stream().map(TimelineEvent.PodPhase::pid)
                .filter(java.util.Objects::nonNull).collect(Collectors.toSet());
        assertThat(pids).hasSize(byPod.size());
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                .as("worker pid %d", pid).isEmpty());
        assertThat(read(timelineFile)).doesNotContain("AccountKey");
    }

    /**
     * A stack killed with SIGKILL has no chance to stop its pods: each worker sees that its
     * {@code --parent-pid} is gone, drains and exits by itself.
     */
    @Test
    void workersOutliveNoParentEvenOneKilledWithSigkill(TestStorage storage) throws Exception {
        String log = orphanWorkerLogAfterItsParentEnds(storage, "sigkill", Process::destroyForcibly);
        assertThat(log).contains("is gone: draining").contains("durascale-worker: stopped;");
    }

    /** A stack that exits without closing its launcher (SIGTERM, System.exit): the launcher's shutdown hook stops the workers. */
    @Test
    void aParentThatExitsWithoutClosingStopsItsWorkersFromItsShutdownHook(TestStorage storage) throws Exception {
        String log = orphanWorkerLogAfterItsParentEnds(storage, "sigterm", Process::destroy);
        assertThat(log).contains("SIGTERM received: draining").contains("durascale-worker: stopped;");
    }

    /** Starts a parent JVM that starts one worker pod, ends the parent, and waits for the worker to exit; returns its log. */
    private static String orphanWorkerLogAfterItsParentEnds(TestStorage storage, String label,
                                                            java.util.function.Consumer<Process> end) throws Exception {
        JobFixture jobs = new JobFixture(storage, "orphan-" + label);
        Path run = runDirectory("orphan-" + label);
        Path parentOut = run.resolve("parent.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), OrphanParent.class.getName(),
                workerJar().toString(), jobs.queue().getQueueName(), run.resolve("pods").toString())
                .redirectErrorStream(true).redirectOutput(parentOut.toFile());
        builder.environment().put(ProcessPodLauncher.CONNECTION_STRING_VARIABLE, storage.connectionString());
        Process parent = builder.start();
        long workerPid = -1;
        try {
            Pattern started = Pattern.compile("worker pid (\\d+)");
            Await.until(Duration.ofSeconds(30), "the parent starts a worker", () -> started.matcher(read(parentOut)).find(),
                    () -> read(parentOut));
            Matcher matcher = started.matcher(read(parentOut));
            assertThat(matcher.find()).isTrue();
            workerPid = Long.parseLong(matcher.group(1));
            Path workerLog = run.resolve("pods/orphan-1.log");
            Await.until(Duration.ofSeconds(60), "the worker receives", () -> read(workerLog).contains("receiving from"),
                    () -> read(workerLog));

            end.accept(parent);
            assertThat(parent.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)).as("the parent ends").isTrue();
            long pid = workerPid;
            Await.until(Duration.ofSeconds(20), "the orphaned worker exits",
                    () -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty(), () -> read(workerLog));
            return read(workerLog);
        } finally {
            parent.destroyForcibly();
            if (workerPid > 0) {
                ProcessHandle.of(workerPid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** A stand-in for a local stack: starts one worker pod and waits to be killed. */
    public static final class OrphanParent {
        public static void main(String[] args) throws InterruptedException {
            ProcessPodLauncher launcher = ProcessPodLauncher.worker(Path.of(args[0]), args[1], Path.of(args[2]))
                    .connectionString(System.getenv(ProcessPodLauncher.CONNECTION_STRING_VARIABLE)).build();
            PodProcess pod = launcher.start("orphan-1");
            System.out.println("worker pid " + pod.pid().orElseThrow());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    private static String deploymentPod(int n) {
        return "durascale-worker-" + n;
    }

    private static Path workerJar() {
        String property = System.getProperty("durascale.worker.jar");
        return WorkerJar.locate(property == null ? null : Path.of(property));
    }

    private static Path runDirectory(String label) {
        Path dir = Path.of("target", "local-keda-it",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")) + "-" + label);
        try {
            return Files.createDirectories(dir).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(LocalKeda keda) {
        return "queue " + keda.queueLength() + ", desired " + keda.desiredReplicas() + ", ready " + keda.readyReplicas()
                + ", pods " + keda.pods().stream().map(pod -> pod.name() + ":" + pod.phase()).collect(Collectors.toList());
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
