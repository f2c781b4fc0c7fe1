package io.durascale.worker.consumer;

import io.durascale.testkit.Await;
import io.durascale.testkit.JobFixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import io.durascale.testkit.JobFixture.Submitted;
import io.durascale.core.job.OutputMetadata;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Acceptance: a worker killed with SIGKILL mid-computation loses nothing and duplicates nothing. */
@ExtendWith(StorageExtension.class)
class CrashRecoveryIT {

    private static final int JOBS = 200;
    /** About 80 ms of compute per job, so a worker is nearly always computing when it is killed. */
    private static final int BLOCK_SIZE = 4_000_000;

    @Test
    void twoHundredJobsSurviveAWorkerKilledWhileComputing(TestStorage storage) throws Exception {
        JobFixture jobs = new JobFixture(storage, "crash");
        List<Submitted> submitted = jobs.submitMany("montecarlo", BLOCK_SIZE, JOBS);
        String queue = jobs.queue().getQueueName();

        try (WorkerProcess victim = WorkerProcess.start(storage.connectionString(), "--queue", queue, "--concurrency", "2",
                "--visibility-timeout", "5s", "--max-poll-interval", "200ms", "--worker-id", "victim");
             WorkerProcess survivor = WorkerProcess.start(storage.connectionString(), "--queue", queue, "--concurrency", "2",
                     "--visibility-timeout", "5s", "--max-poll-interval", "200ms", "--worker-id", "survivor")) {
            Await.until(Duration.ofSeconds(90), "the victim has processed 20 jobs and is computing",
                    () -> victim.metric("durascale_worker_jobs_processed_total") >= 20
                            && victim.metric("durascale_worker_jobs_in_flight") >= 1,
                    victim::output);
            victim.kill();
            assertThat(victim.awaitExit(Duration.ofSeconds(10))).as("killed by SIGKILL").isEqualTo(137);
            int queuedAtKill = jobs.queueLength();
            assertThat(queuedAtKill).as("work left for the survivor").isPositive();

            Await.until(Duration.ofSeconds(150), "every job has an output and the queue is empty",
                    () -> jobs.queueLength() == 0 && jobs.outputNames().size() == JOBS,
                    () -> "queue " + jobs.queueLength() + ", outputs " + jobs.outputNames().size());

            Set<String> expected = submitted.stream().map(s -> s.job().output().blobName()).collect(Collectors.toSet());
            List<String> outputs = jobs.outputNames();
            assertThat(outputs).hasSize(JOBS).doesNotHaveDuplicates();
            assertThat(new HashSet<>(outputs)).isEqualTo(expected);
            Set<String> writers = verifyAll(jobs, submitted);
            assertThat(writers).containsExactlyInAnyOrder("victim", "survivor");
            assertThat(jobs.poisoned()).isEmpty();
            assertThat(jobs.inputNames()).as("inputs are deleted once their outputs exist").isEmpty();
            assertThat(survivor.metric("durascale_worker_jobs_poisoned_total")).isZero();
            assertThat(survivor.metric("durascale_worker_jobs_redelivered_total"))
                    .as("the victim's in-flight messages came back to the survivor").isGreaterThanOrEqualTo(1);

            survivor.terminate();
            assertThat(survivor.awaitExit(Duration.ofSeconds(30))).isZero();
        }
    }

    /** Verifies every output against its regenerated input; returns the worker ids that wrote them. */
    private static Set<String> verifyAll(JobFixture jobs, List<Submitted> submitted) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<OutputMetadata.CompletedBlock>> checks = submitted.stream()
                    .map(s -> pool.submit(() -> jobs.assertOutputVerifies(s))).toList();
            Set<String> writers = new HashSet<>();
            for (Future<OutputMetadata.CompletedBlock> check : checks) {
                writers.add(check.get().workerId());
            }
            return writers;
        } finally {
            pool.shutdownNow();
        }
    }
}
