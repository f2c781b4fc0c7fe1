package io.durascale.pipeline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.queue.QueueClient;
import io.durascale.pipeline.orchestration.BatchRequest;
import io.durascale.pipeline.orchestration.BlockEvents;
import io.durascale.testkit.Await;
import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import io.durascale.core.job.JobCodec;
import io.durascale.core.job.JobMessage;
import io.durascale.core.job.OutputMetadata;
import io.durascale.core.job.PoisonEnvelope;
import io.durascale.core.kernel.ComputeKernel;
import io.durascale.core.kernel.Kernels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** BlobCreated → BlockCompleted (verified), poison entries → BlockFailed, and the emulated Event Grid source. */
@ExtendWith(StorageExtension.class)
class CompletionEventsTest {

    private static final String SUBJECT = "/blobServices/default/containers/compute-output/blobs/inst-1/00002";

    @Test
    void blobCreatedIsReadAsEventGridDeliversIt() {
        String json = "{\"eventType\":\"Microsoft.Storage.BlobCreated\",\"subject\":\"" + SUBJECT + "\",\"id\":\"e1\","
                + "\"data\":{\"eTag\":\"0x1\",\"contentLength\":10},\"eventTime\":\"2026-11-21T10:00:00Z\"}";
        for (String delivery : new String[] {json, "[" + json + "]",
                Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8))}) {
            BlobCreatedEvent event = BlobCreatedEvent.parse(delivery);
            assertThat(event.blob().container()).isEqualTo("compute-output");
            assertThat(event.blob().block().instanceId()).isEqualTo("inst-1");
            assertThat(event.blob().block().blockId()).isEqualTo("00002");
        }
        BlobCreatedEvent made = BlobCreatedEvent.forBlob("compute-output", "inst-1/00002", "0x2", 5, "http://h/acct");
        assertThat(BlobCreatedEvent.parse(made.toQueueMessage())).isEqualTo(made);
        assertThatThrownBy(() -> BlobCreatedEvent.parse("{\"eventType\":\"Microsoft.Storage.BlobDeleted\"}"))
                .hasMessageContaining("not Microsoft.Storage.BlobCreated");
        assertThatThrownBy(() -> BlobCreatedEvent.parse("%%%")).hasMessageContaining("neither JSON nor Base64");
    }

    @Test
    void theBridgeVerifiesOutputsAndReportsEachBlock(TestStorage storage) throws Exception {
        String container = storage.name("out");
        BlobContainerClient outputs = storage.container("out");
        String queue = storage.name("completions");
        storage.queue("completions");
        storage.deleteAfterwards(() -> storage.queues().getQueueClient(queue + "-poison").deleteIfExists());
        RecordingRaiser hub = new RecordingRaiser();
        BatchRequest batch = new BatchRequest(3, 16, "stencil", 5, 60);
        hub.batches.put("inst-1", batch);
        ComputeKernel kernel = Kernels.byName("stencil");

        writeOutput(outputs, "inst-1", batch, 0, kernel.compute(kernel.generateInput(batch.blockSeed(0), 16)));
        byte[] wrong = kernel.compute(kernel.generateInput(batch.blockSeed(0), 16)); // block 0's output under block 1's name
        writeOutput(outputs, "inst-1", batch, 1, wrong);

        try (CompletionBridge bridge = new CompletionBridge(storage.account(), hub, queue, container, true, 1).start()) {
            QueueClient completions = storage.queues().getQueueClient(queue);
            String endpoint = storage.account().parsedConnectionString().blobEndpoint();
            completions.sendMessage(BlobCreatedEvent.forBlob(container, "inst-1/00000", "x", 1, endpoint).toQueueMessage());
            completions.sendMessage(BlobCreatedEvent.forBlob(container, "inst-1/00001", "x", 1, endpoint).toQueueMessage());
            completions.sendMessage("not an event at all");
            await(() -> hub.raised.size() == 2 && bridge.handled() == 2, "two blocks reported");
        }
        assertThat(hub.raised).filteredOn(r -> r.name().equals(BlockEvents.BLOCK_COMPLETED)).singleElement()
                .satisfies(r -> {
                    var block = (BlockEvents.BlockCompleted) r.payload();
                    assertThat(block.blockId()).isEqualTo("00000");
                    assertThat(block.verified()).isTrue();
                    assertThat(block.workerId()).isEqualTo("worker-7");
                });
        assertThat(hub.raised).filteredOn(r -> r.name().equals(BlockEvents.BLOCK_FAILED)).singleElement()
                .satisfies(r -> assertThat(((BlockEvents.BlockFailed) r.payload()).reason()).startsWith("output failed verification"));
        // The unreadable message was dead-lettered with its reason, not dropped.
        var deadLetters = storage.queues().getQueueClient(queue + "-poison");
        await(() -> deadLetters.getProperties().getApproximateMessagesCount() == 1, "dead letter");
        assertThat(deadLetters.receiveMessage().getBody().toString()).contains("not a BlobCreated event");
    }

    @Test
    void poisonedJobsBecomeBlockFailedAndUnreadableOnesAreKept(TestStorage storage) throws Exception {
        String jobs = storage.name("jobs");
        String poison = jobs + "-poison";
        storage.deleteAfterwards(() -> storage.queues().getQueueClient(poison).deleteIfExists());
        storage.deleteAfterwards(() -> storage.queues().getQueueClient(poison + "-unroutable").deleteIfExists());
        RecordingRaiser hub = new RecordingRaiser();
        var unroutable = storage.queues().getQueueClient(poison + "-unroutable");
        try (PoisonWatcher watcher = new PoisonWatcher(storage.account(), hub, jobs).start()) {
            JobMessage job = JobMessage.of("j1", "inst-9", "00007", "stencil", Map.of(), Instant.now());
            storage.queues().getQueueClient(poison).sendMessage(new PoisonEnvelope("input blob compute-input/inst-9/00007 "
                    + "does not exist", JobCodec.encode(job), 1, "m1", Instant.now(), "w1").encode());
            storage.queues().getQueueClient(poison).sendMessage(new PoisonEnvelope("malformed message: not Base64",
                    "garbage", 1, "m2", Instant.now(), "w1").encode());
            // The task hub answers NOT_FOUND for an instance that was purged or never existed: unroutable at once.
            hub.missing.add("gone-1");
            JobMessage orphan = JobMessage.of("j2", "gone-1", "00001", "stencil", Map.of(), Instant.now());
            storage.queues().getQueueClient(poison).sendMessage(new PoisonEnvelope("worker crashed", JobCodec.encode(orphan),
                    1, "m3", Instant.now(), "w1").encode());
            await(() -> hub.raised.size() == 1 && watcher.handled() == 1, "the routable failure reported");
            await(() -> unroutable.getProperties().getApproximateMessagesCount() == 2, "unroutable entries kept");
        }
        assertThat(hub.raised).hasSize(1);
        assertThat(hub.raised.get(0).instanceId()).isEqualTo("inst-9");
        assertThat(hub.raised.get(0).name()).isEqualTo(BlockEvents.BLOCK_FAILED);
        assertThat(((BlockEvents.BlockFailed) hub.raised.get(0).payload()).reason()).contains("does not exist");
        assertThat(unroutable.receiveMessages(2).stream().map(m -> m.getBody().toString()))
                .anySatisfy(body -> assertThat(body).contains("no orchestration instance with id 'gone-1'"));
    }

    @Test
    void theEmulatedEventGridAnnouncesEachNewBlobOnce(TestStorage storage) throws Exception {
        BlobContainerClient outputs = storage.container("watched");
        String queue = storage.name("events");
        storage.queue("events");
        // Written before the subscription existed: Event Grid would not announce it either.
        outputs.getBlobClient("earlier/00000").upload(BinaryData.fromString("old"), true);
        try (BlobEventSource source = new BlobEventSource(storage.account(), outputs.getBlobContainerName(), queue,
                Duration.ofMillis(100)).start()) {
            outputs.getBlobClient("i/00000").upload(BinaryData.fromString("a"), true);
            outputs.getBlobClient("i/00001").upload(BinaryData.fromString("b"), true);
            await(() -> source.events() == 2, "two events");
            outputs.getBlobClient("i/00001").upload(BinaryData.fromString("again"), true); // same blob: no new event
            outputs.getBlobClient("i/00002").upload(BinaryData.fromString("c"), true);
            await(() -> source.events() == 3, "a third event");
        }
        var messages = storage.queues().getQueueClient(queue).receiveMessages(32);
        assertThat(messages.stream().map(m -> BlobCreatedEvent.parse(m.getBody().toString()).blob().block().blockId()))
                .containsExactlyInAnyOrder("00000", "00001", "00002");
        assertThat(messages.stream().map(m -> BlobCreatedEvent.parse(m.getBody().toString()).blob().block().instanceId()))
                .containsOnly("i");
    }

    private static void writeOutput(BlobContainerClient outputs, String instance, BatchRequest batch, int index, byte[] output) {
        JobMessage job = JobMessage.of(instance + "/" + batch.blockId(index), instance, batch.blockId(index), batch.kernel(),
                Map.of(), Instant.now());
        var blob = outputs.getBlobClient(instance + "/" + batch.blockId(index));
        blob.upload(BinaryData.fromBytes(output), true);
        blob.setMetadata(OutputMetadata.of(job, output, 4, "worker-7", Instant.now()).toMap());
    }

    private static void await(BooleanSupplier condition, String what) {
        Await.until(Duration.ofSeconds(30), what, condition);
    }
}
