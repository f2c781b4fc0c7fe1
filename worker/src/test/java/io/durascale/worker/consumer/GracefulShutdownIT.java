package io.durascale.worker.consumer;

import io.durascale.testkit.Await;
import io.durascale.testkit.JobFixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import io.durascale.testkit.JobFixture.Submitted;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Acceptance: SIGTERM finishes the jobs in flight, exits 0, and leaves no message invisible and abandoned. */
@ExtendWith(StorageExtension.class)
class GracefulShutdownIT {

    private static final int JOBS = 6;
    /** About a second of compute per job. */
    private static final int BLOCK_SIZE = 100_000_000;

    @Test
    void sigtermDrainsInFlightJobsExitsZeroAndTheRestStaysForTheNextWorker(TestStorage storage) {
        JobFixture jobs = new JobFixture(storage, "sigterm");
        List<Submitted> submitted = jobs.submitMany("montecarlo", BLOCK_SIZE, JOBS);
        String queue = jobs.queue().getQueueName();

        long processedAtSignal;
        int processed;
        try (WorkerProcess worker = WorkerProcess.start(storage.connectionString(), "--queue", queue, "--concurrency", "2",
                "--visibility-timeout", "5s", "--drain-grace", "30s")) {
            Await.until(Duration.ofSeconds(60), "two jobs computing",
                    () -> worker.metric("durascale_worker_jobs_in_flight") == 2, worker::output);
            processedAtSignal = (long) worker.metric("durascale_worker_jobs_processed_total");
            worker.terminate();
            assertThat(worker.awaitExit(Duration.ofSeconds(40))).as("exit code after SIGTERM").isZero();
            Matcher stopped = Pattern.compile("durascale-worker: stopped; processed (\\d+)").matcher(worker.output());
            assertThat(stopped.find()).as(worker.output()).isTrue();
            processed = Integer.parseInt(stopped.group(1));
            assertThat(worker.output()).contains("released 0").doesNotContain("back to the queue");
        }

        assertThat(processed).as("the two jobs in flight at SIGTERM completed").isGreaterThanOrEqualTo((int) processedAtSignal + 2);
        assertThat(jobs.outputNames()).hasSize(processed);
        int remaining = JOBS - processed;
        assertThat(remaining).as("jobs left for another worker").isPositive();
        // Every message still queued is visible now: none sits invisible waiting out a dead worker's timeout.
        assertThat(jobs.queueLength()).isEqualTo(remaining);
        assertThat(jobs.visibleMessages()).isEqualTo(remaining);

        try (WorkerProcess next = WorkerProcess.start(storage.connectionString(), "--queue", queue, "--concurrency", "2",
                "--exit-when-idle", "2s", "--max-poll-interval", "200ms")) {
            assertThat(next.awaitExit(Duration.ofSeconds(90))).as("exit code after idling").isZero();
            assertThat(next.output()).contains("durascale-worker: stopped; processed " + remaining);
        }
        assertThat(jobs.queueLength()).isZero();
        assertThat(jobs.poisoned()).isEmpty();
        submitted.forEach(jobs::assertOutputVerifies);
    }
}
