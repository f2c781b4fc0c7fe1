package io.durascale.worker.consumer;

import io.durascale.testkit.Await;
import io.durascale.testkit.JobFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durascale.storage.StorageAccount;
import io.durascale.storage.StorageUnavailableException;
import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import io.durascale.testkit.JobFixture.Submitted;
import io.durascale.core.job.JobMessage;
import io.durascale.core.job.OutputMetadata;
import io.durascale.core.job.PoisonEnvelope;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The consumer in-process against real storage (Azurite, or the storage the environment names). */
@ExtendWith(StorageExtension.class)
class QueueConsumerTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void processesJobsIntoVerifiedOutputsWithMetadataAndCleansUp(TestStorage storage) {
        JobFixture jobs = new JobFixture(storage, "ok");
        List<Submitted> submitted = List.of(jobs.submit("montecarlo", 20_000, 1), jobs.submit("stencil", 64, 2),
                jobs.submit("matmul", 48, 3), jobs.submit("montecarlo", 20_000, 4));
        try (QueueConsumer consumer = consumer(storage, jobs).workerId("worker-under-test").build()) {
            consumer.start();
            assertThat(consumer.isReady()).isTrue();
            Await.until(DEADLINE, "4 jobs processed", () -> consumer.metrics().processedCount() == 4);

            for (Submitted job : submitted) {
                OutputMetadata.CompletedBlock metadata = jobs.assertOutputVerifies(job);
                assertThat(metadata.workerId()).isEqualTo("worker-under-test");
            }
            Await.until(DEADLINE, "inputs deleted after their messages", () -> jobs.inputNames().isEmpty(),
                    () -> jobs.inputNames().toString());
            assertThat(jobs.queueLength()).isZero();
            assertThat(jobs.poisoned()).isEmpty();
            assertThat(consumer.metrics().text())
                    .contains("durascale_worker_jobs_processed_total{kernel=\"montecarlo\"} 2.0")
                    .contains("durascale_worker_compute_seconds_count{kernel=\"stencil\"} 1")
                    .contains("durascale_worker_jobs_in_flight 0.0")
                    .contains("durascale_worker_receive_seconds_count");
            assertThat(consumer.stop()).isTrue();
            assertThat(consumer.state()).isEqualTo(QueueConsumer.State.STOPPED);
        }
    }

    @Test
    void extendsVisibilityWhileALongJobComputesSoNobodyElseGetsIt(TestStorage storage) {
        JobFixture jobs = new JobFixture(storage, "renew");
        // About two seconds of compute against a one-second visibility timeout.
        Submitted slow = jobs.submit("montecarlo", 200_000_000, 7);
        try (QueueConsumer consumer = consumer(storage, jobs).concurrency(2).visibilityTimeout(Duration.ofSeconds(1)).build()) {
            consumer.start();
            Await.until(DEADLINE, "the slow job is processed", () -> consumer.metrics().processedCount() == 1);
            assertThat(consumer.metrics().renewalCount()).as("renewals").isGreaterThanOrEqualTo(2);
            // With a free second slot, a lapsed visibility would have shown as a second compute.
            assertThat(consumer.metrics().text()).contains("durascale_worker_compute_seconds_count{kernel=\"montecarlo\"} 1\n")
                    .contains("durascale_worker_visibility_renewal_failures_total 0.0");
            assertThat(consumer.metrics().failedCount()).isZero();
            jobs.assertOutputVerifies(slow);
            assertThat(jobs.queueLength()).isZero();
        }
    }

    @Test
    void messagesThatCannotSucceedGoToThePoisonQueueWithTheirReasonAndWorkGoesOn(TestStorage storage) {
        JobFixture jobs = new JobFixture(storage, "poison");
        String garbage = "this is not a job";
        jobs.sendRaw(garbage);
        JobMessage unknownKernel = jobs.job("fft", "block-fft");
        jobs.enqueue(unknownKernel);
        JobMessage missingInput = jobs.job("montecarlo", "block-missing");
        jobs.enqueue(missingInput);
        JobMessage corruptInput = jobs.job("stencil", "block-corrupt");
        jobs.inputs().getBlobClient(corruptInput.input().blobName())
                .upload(com.azure.core.util.BinaryData.fromString("not a grid"), true);
        jobs.enqueue(corruptInput);

        try (QueueConsumer consumer = consumer(storage, jobs).build()) {
            consumer.start();
            Await.until(DEADLINE, "4 messages poisoned", () -> consumer.metrics().poisonedCount() == 4);
            assertThat(consumer.isReady()).as("the worker keeps receiving").isTrue();
            Submitted good = jobs.submit("montecarlo", 20_000, 9);
            Await.until(DEADLINE, "a good job after the poison is processed", () -> consumer.metrics().processedCount() == 1);
            jobs.assertOutputVerifies(good);

            Map<String, PoisonEnvelope> byOriginal = jobs.poisoned().stream()
                    .collect(Collectors.toMap(PoisonEnvelope::originalMessage, e -> e));
            assertThat(byOriginal).hasSize(4);
            assertThat(byOriginal.get(garbage).reason()).startsWith("malformed message: the message is not Base64");
            assertThat(byOriginal.get(JobFixture.body(unknownKernel)).reason()).contains("unknown kernel 'fft'")
                    .contains("montecarlo");
            assertThat(byOriginal.get(JobFixture.body(missingInput)).reason())
                    .isEqualTo("input blob " + missingInput.inputBlob() + " does not exist");
            assertThat(byOriginal.get(JobFixture.body(corruptInput)).reason())
                    .startsWith("kernel stencil rejected input blob " + corruptInput.inputBlob());
            for (PoisonEnvelope envelope : byOriginal.values()) {
                assertThat(envelope.dequeueCount()).isEqualTo(1);
                assertThat(envelope.workerId()).isEqualTo(consumer.settings().workerId());
                assertThat(envelope.messageId()).isNotBlank();
            }
            assertThat(jobs.queueLength()).isZero();
            assertThat(consumer.metrics().text()).contains("durascale_worker_jobs_poisoned_total{cause=\"missing_input\"} 1.0")
                    .contains("durascale_worker_jobs_poisoned_total{cause=\"malformed\"} 1.0");
            // The corrupt input stays for inspection.
            assertThat(jobs.inputNames()).contains(corruptInput.input().blobName());
        }
    }

    @Test
    void aMessageDequeuedMoreThanMaxDequeueCountIsPoisonedWithoutRunning(TestStorage storage) {
        JobFixture jobs = new JobFixture(storage, "dequeue");
        Submitted job = jobs.submit("montecarlo", 20_000, 3);
        jobs.dequeueWithoutProcessing(2);
        try (QueueConsumer consumer = consumer(storage, jobs).maxDequeueCount(2).build()) {
            consumer.start();
            Await.until(DEADLINE, "the message is poisoned", () -> consumer.metrics().poisonedCount() == 1);
            PoisonEnvelope envelope = jobs.poisoned().get(0);
            assertThat(envelope.reason()).startsWith("dequeued 3 times, more than maxDequeueCount 2");
            assertThat(envelope.dequeueCount()).isEqualTo(3);
            assertThat(envelope.originalMessage()).isEqualTo(JobFixture.body(job.job()));
            assertThat(consumer.metrics().processedCount()).isZero();
            assertThat(jobs.outputNames()).isEmpty();
        }
    }

    @Test
    void aDuplicateOfAFinishedJobIsDeletedNotPoisoned(TestStorage storage) {
        JobFixture jobs = new JobFixture(storage, "dup");
        Submitted job = jobs.submit("matmul", 32, 5);
        try (QueueConsumer consumer = consumer(storage, jobs).build()) {
            consumer.start();
            Await.until(DEADLINE, "the job is processed", () -> consumer.metrics().processedCount() == 1);
            Await.until(DEADLINE, "its input is deleted", () -> jobs.inputNames().isEmpty());
            jobs.enqueue(job.job());
            Await.until(DEADLINE, "the duplicate is consumed", () -> consumer.metrics().text()
                    .contains("durascale_worker_jobs_duplicate_total 1.0"));
            assertThat(jobs.queueLength()).isZero();
            assertThat(jobs.poisoned()).isEmpty();
            assertThat(consumer.metrics().processedCount()).isEqualTo(1);
            jobs.assertOutputVerifies(job);
        }
    }

    @Test
    void drainFinishesInFlightJobsLeavesTheRestVisibleAndReadinessSaysSo(TestStorage storage) throws Exception {
        JobFixture jobs = new JobFixture(storage, "drain");
        List<Submitted> submitted = jobs.submitMany("montecarlo", 100_000_000, 5);
        QueueConsumer consumer = consumer(storage, jobs).concurrency(2).visibilityTimeout(Duration.ofSeconds(30)).build();
        try (HealthServer http = HealthServer.start(consumer, "127.0.0.1", 0)) {
            assertThat(get(http, "/readyz").statusCode()).as("not ready before start").isEqualTo(503);
            consumer.start();
            assertThat(get(http, "/readyz").statusCode()).isEqualTo(200);
            assertThat(get(http, "/healthz").statusCode()).isEqualTo(200);
            Await.until(DEADLINE, "two jobs in flight", () -> consumer.metrics().inFlightCount() == 2);

            consumer.drain();
            HttpResponse<String> draining = get(http, "/readyz");
            assertThat(draining.statusCode()).isEqualTo(503);
            assertThat(draining.body()).contains("draining");
            assertThat(consumer.awaitTermination(DEADLINE)).isTrue();

            long processed = consumer.metrics().processedCount();
            assertThat(processed).as("the jobs in flight at drain").isGreaterThanOrEqualTo(2);
            assertThat(jobs.outputNames()).hasSize((int) processed);
            assertThat(consumer.releasedCount()).isZero();
            // Never received, so visible at once — nothing waits for a visibility timeout.
            assertThat(jobs.visibleMessages()).isEqualTo(submitted.size() - (int) processed);
            assertThat(jobs.queueLength()).isEqualTo(submitted.size() - (int) processed);
            assertThat(get(http, "/metrics").body()).contains("durascale_worker_jobs_in_flight 0.0");
        }
    }

    @Test
    void whenTheGraceRunsOutUnfinishedJobsAreReleasedBackToTheQueueAtOnce(TestStorage storage) {
        JobFixture jobs = new JobFixture(storage, "grace");
        jobs.submit("montecarlo", 200_000_000, 1);
        QueueConsumer consumer = consumer(storage, jobs).concurrency(1).drainGrace(Duration.ofMillis(200)).build();
        consumer.start();
        Await.until(DEADLINE, "the job is in flight", () -> consumer.metrics().inFlightCount() == 1);
        long started = System.nanoTime();
        assertThat(consumer.stop()).as("stop reports the unfinished job").isFalse();
        assertThat(consumer.releasedCount()).isEqualTo(1);
        assertThat(consumer.state()).isEqualTo(QueueConsumer.State.STOPPED);
        // Visible long before the 30 s visibility timeout would have expired.
        Await.until(Duration.ofSeconds(10), "the released message is visible", () -> jobs.visibleMessages() == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(25));
    }

    @Test
    void exitWhenIdleStopsAConsumerWhoseQueueStaysEmpty(TestStorage storage) {
        JobFixture jobs = new JobFixture(storage, "idle");
        Submitted job = jobs.submit("montecarlo", 20_000, 2);
        QueueConsumer consumer = consumer(storage, jobs).exitWhenIdle(Duration.ofMillis(800)).build();
        consumer.start();
        assertThat(consumer.awaitTermination(DEADLINE)).isTrue();
        assertThat(consumer.state()).isEqualTo(QueueConsumer.State.STOPPED);
        assertThat(consumer.metrics().processedCount()).as("work first, then idle").isEqualTo(1);
        jobs.assertOutputVerifies(job);
    }

    @Test
    void aVanishedQueueMakesTheConsumerUnreadyUntilItIsBack(TestStorage storage) {
        JobFixture jobs = new JobFixture(storage, "outage");
        try (QueueConsumer consumer = consumer(storage, jobs).build()) {
            consumer.start();
            jobs.queue().delete();
            Await.until(DEADLINE, "unready while receives fail", () -> !consumer.isReady());
            assertThat(consumer.readiness()).startsWith("storage not answering: HTTP 404");
            assertThat(consumer.isHealthy()).isTrue();
            jobs.queue().create();
            Await.until(DEADLINE, "ready again once the queue answers", consumer::isReady);
            Submitted job = jobs.submit("montecarlo", 20_000, 4);
            Await.until(DEADLINE, "a job after the outage is processed", () -> consumer.metrics().processedCount() == 1);
            jobs.assertOutputVerifies(job);
        }
    }

    @Test
    void startGivesUpWithOneSentenceWhenStorageNeverAnswers() {
        String key = "c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWs=";
        StorageAccount nowhere = StorageAccount.of("DefaultEndpointsProtocol=http;AccountName=nobody;AccountKey=" + key
                + ";BlobEndpoint=http://127.0.0.1:9/nobody;QueueEndpoint=http://127.0.0.1:9/nobody;");
        QueueConsumer consumer = QueueConsumer.builder(nowhere).startupTimeout(Duration.ofSeconds(1)).build();
        assertThatThrownBy(consumer::start).isInstanceOf(StorageUnavailableException.class)
                .hasMessageStartingWith("Azure Storage did not answer within 1s")
                .hasMessageContaining("check the connection string")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(key).doesNotContain("\n"));
        assertThat(consumer.state()).isEqualTo(QueueConsumer.State.STOPPED);
    }

    private static QueueConsumerBuilder consumer(TestStorage storage, JobFixture jobs) {
        return QueueConsumer.builder(storage.account()).queue(jobs.queue().getQueueName()).concurrency(2)
                .maxPollInterval(Duration.ofMillis(100)).drainGrace(Duration.ofSeconds(30));
    }

    private static HttpResponse<String> get(HealthServer http, String path) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
