package io.durascale.pipeline.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.durabletask.DurableTaskClient;
import com.microsoft.durabletask.OrchestrationMetadata;
import com.microsoft.durabletask.OrchestrationRuntimeStatus;
import io.durascale.pipeline.orchestration.BlockEvents.BlockCompleted;
import io.durascale.pipeline.orchestration.BlockEvents.BlockFailed;
import io.durascale.pipeline.testing.TaskHubFixture;
import io.durascale.testkit.Await;
import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import io.durascale.core.job.JobCodec;
import io.durascale.core.job.JobMessage;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * BatchCompute over a real task hub, with the compute tier played by the test: it reads the
 * enqueued jobs and raises the block events itself.
 */
@ExtendWith(StorageExtension.class)
class BatchComputeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TaskHubFixture hub;
    private static TestStorage storage;
    private static String jobsQueue;

    @BeforeAll
    static void start(TestStorage testStorage) {
        storage = testStorage;
        jobsQueue = storage.name("jobs");
        storage.queue("jobs");
        storage.deleteAfterwards(() -> storage.blobs().getBlobContainerClient("compute-input").deleteIfExists());
        hub = TaskHubFixture.builder(storage)
                .with(h -> OrchestrationWorkers.start("127.0.0.1", h.port(), 1, storage.account(), jobsQueue))
                .start();
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void everyBlockIsEnqueuedAndTheBatchCompletesWhenEachReportsOnceEvenWithDuplicates() throws Exception {
        DurableTaskClient c = hub.client();
        String id = c.scheduleNewOrchestrationInstance(BatchCompute.NAME, new BatchRequest(5, 16, "stencil", 7, 60));
        List<JobMessage> jobs = awaitJobs(id, 5);
        assertThat(jobs).extracting(JobMessage::blockId).containsExactlyInAnyOrder("00000", "00001", "00002", "00003", "00004");
        assertThat(storage.blobs().getBlobContainerClient("compute-input").getBlobClient(id + "/00003").exists()).isTrue();

        for (int i = 0; i < 4; i++) {
            c.raiseEvent(id, BlockEvents.BLOCK_COMPLETED, new BlockCompleted(String.format("%05d", i), "sha" + i, 3, "w", true));
        }
        c.raiseEvent(id, BlockEvents.BLOCK_COMPLETED, new BlockCompleted("00001", "sha1", 3, "w", true)); // a duplicate
        c.raiseEvent(id, BlockEvents.BLOCK_COMPLETED, new BlockCompleted("00099", "x", 3, "w", true)); // not a block of this batch
        awaitProgress(id, 4);
        c.raiseEvent(id, BlockEvents.BLOCK_FAILED, new BlockFailed("00004", "input blob missing"));

        OrchestrationMetadata done = c.waitForInstanceCompletion(id, Duration.ofSeconds(30), true);
        assertThat(done.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
        BatchResult result = done.readOutputAs(BatchResult.class);
        assertThat(result.blocks()).isEqualTo(5);
        assertThat(result.completed()).isEqualTo(4);
        assertThat(result.verified()).isEqualTo(4);
        assertThat(result.failed()).containsExactly(new BatchResult.FailedBlock("00004", "input blob missing"));
        assertThat(result.digest()).hasSize(64);
        assertThat(done.readCustomStatusAs(BatchProgress.class)).isEqualTo(new BatchProgress(5, 4, 1));
    }

    @Test
    void theDeadlineEndsABatchThatNeverHearsBackAsFailed() throws Exception {
        DurableTaskClient c = hub.client();
        String id = c.scheduleNewOrchestrationInstance(BatchCompute.NAME, new BatchRequest(2, 16, "stencil", 1, 2));
        awaitJobs(id, 2);
        c.raiseEvent(id, BlockEvents.BLOCK_COMPLETED, new BlockCompleted("00000", "a", 1, "w", null));
        OrchestrationMetadata done = c.waitForInstanceCompletion(id, Duration.ofSeconds(30), true);
        assertThat(done.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
        assertThat(done.getFailureDetails().getErrorMessage())
                .isEqualTo("deadline of 2 s passed with 1 of 2 blocks completed and 0 failed");
    }

    @Test
    void theDeadlineCountsFromTheStartSoASlowHandOffToTheComputeTierIsCutOff() throws Exception {
        // A hub of its own, whose ComputeActivity does not return until the test lets it: the fan-out
        // outlasts the 1 s deadline. Two workers, so the one left free runs the orchestration meanwhile.
        CountDownLatch release = new CountDownLatch(1);
        try (TaskHubFixture slow = TaskHubFixture.builder(storage).with(h -> OrchestrationWorkers.start("127.0.0.1", h.port(), 2,
                ctx -> {
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                })).start()) {
            DurableTaskClient c = slow.client();
            String id = c.scheduleNewOrchestrationInstance(BatchCompute.NAME, new BatchRequest(1, 16, "stencil", 1, 1));
            // Reported early, the block would complete the batch as soon as the hand-off ends, if the
            // deadline started only then.
            c.raiseEvent(id, BlockEvents.BLOCK_COMPLETED, new BlockCompleted("00000", "a", 1, "w", true));

            OrchestrationMetadata done = c.waitForInstanceCompletion(id, Duration.ofSeconds(20), true);
            assertThat(done.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
            assertThat(done.getFailureDetails().getErrorMessage())
                    .isEqualTo("deadline of 1 s passed with 0 of 1 blocks handed to the compute tier");
            assertThat(Duration.between(done.getCreatedAt(), done.getLastUpdatedAt())).isLessThan(Duration.ofSeconds(10));
        } finally {
            release.countDown();
        }
    }

    private static void awaitProgress(String id, int completed) {
        Await.until(WAIT, "the progress shows " + completed + " completed blocks", () -> {
            OrchestrationMetadata m = hub.client().getInstanceMetadata(id, true);
            return m.isCustomStatusFetched() && m.readCustomStatusAs(BatchProgress.class).completed() == completed;
        });
    }

    /** Reads (and deletes) the jobs the batch enqueued, until {@code count} arrived. */
    private static List<JobMessage> awaitJobs(String instanceId, int count) {
        var queue = storage.queues().getQueueClient(jobsQueue);
        List<JobMessage> jobs = new java.util.ArrayList<>();
        Set<String> seen = new HashSet<>();
        Await.until(WAIT, count + " jobs of " + instanceId + " are enqueued", () -> {
            for (var item : queue.receiveMessages(32)) {
                JobMessage job = JobCodec.decode(item.getBody().toString());
                queue.deleteMessage(item.getMessageId(), item.getPopReceipt());
                if (job.instanceId().equals(instanceId) && seen.add(job.blockId())) {
                    jobs.add(job);
                }
            }
            return jobs.size() >= count;
        }, () -> jobs.size() + " enqueued");
        return jobs;
    }
}
