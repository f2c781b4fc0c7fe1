package io.durascale.worker.consumer;

import io.durascale.testkit.Await;
import io.durascale.testkit.JobFixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import io.durascale.testkit.JobFixture.Submitted;
import io.durascale.core.job.JobMessage;
import io.durascale.core.job.PoisonEnvelope;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Acceptance: bad messages end in the poison queue with their reasons, and the worker process carries on. */
@ExtendWith(StorageExtension.class)
class PoisonIT {

    @Test
    void malformedMessagesAndMissingInputsArePoisonedAndTheWorkerKeepsWorking(TestStorage storage) {
        JobFixture jobs = new JobFixture(storage, "poison-it");
        String malformed = "{this is: not base64}";
        jobs.sendRaw(malformed);
        JobMessage missingInput = jobs.job("montecarlo", "block-without-input");
        jobs.enqueue(missingInput);

        try (WorkerProcess worker = WorkerProcess.start(storage.connectionString(), "--queue", jobs.queue().getQueueName(),
                "--concurrency", "2", "--max-poll-interval", "200ms")) {
            Await.until(Duration.ofSeconds(60), "two messages in the poison queue", () -> jobs.poisoned().size() == 2,
                    worker::output);
            Map<String, PoisonEnvelope> byOriginal = jobs.poisoned().stream()
                    .collect(Collectors.toMap(PoisonEnvelope::originalMessage, e -> e));
            assertThat(byOriginal.get(malformed).reason()).startsWith("malformed message: the message is not Base64");
            assertThat(byOriginal.get(JobFixture.body(missingInput)).reason())
                    .isEqualTo("input blob " + missingInput.inputBlob() + " does not exist");
            assertThat(worker.isAlive()).isTrue();
            assertThat(worker.get("/readyz").statusCode()).isEqualTo(200);

            Submitted good = jobs.submit("stencil", 64, 12);
            Await.until(Duration.ofSeconds(60), "a good job after the poison is processed",
                    () -> worker.metric("durascale_worker_jobs_processed_total") == 1, worker::output);
            jobs.assertOutputVerifies(good);
            assertThat(worker.metric("durascale_worker_jobs_poisoned_total")).isEqualTo(2);
            assertThat(jobs.queueLength()).isZero();

            worker.terminate();
            assertThat(worker.awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(worker.output()).contains("poisoned 2");
        }
    }
}
