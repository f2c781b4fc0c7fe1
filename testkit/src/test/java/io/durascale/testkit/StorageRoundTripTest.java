package io.durascale.testkit;

import io.durascale.storage.ConnectionString;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.models.QueueMessageItem;
import com.azure.storage.queue.models.SendMessageResult;
import com.azure.storage.queue.models.UpdateMessageResult;
import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The storage operations durascale relies on, against whatever storage the provisioner resolved. */
@ExtendWith(StorageExtension.class)
class StorageRoundTripTest {

    @Test
    void queueMessageIsRedeliveredAfterItsVisibilityTimeoutAndCanBeUpdatedAndDeleted(TestStorage storage) {
        QueueClient queue = storage.queue("roundtrip");
        SendMessageResult sent = queue.sendMessage("block-1");
        assertThat(sent.getMessageId()).isNotBlank();

        QueueMessageItem first = receiveOne(queue, Duration.ofSeconds(1));
        assertThat(first.getBody().toString()).isEqualTo("block-1");
        assertThat(first.getDequeueCount()).isEqualTo(1);
        // Invisible while its timeout runs: another receiver gets nothing.
        assertThat(queue.receiveMessage()).isNull();

        // Not deleted, so it comes back once the visibility timeout expires, dequeued a second time.
        QueueMessageItem second = awaitValue(() -> Optional.ofNullable(queue.receiveMessage()), Duration.ofSeconds(15));
        assertThat(second.getMessageId()).isEqualTo(first.getMessageId());
        assertThat(second.getDequeueCount()).isEqualTo(2);
        assertThat(second.getPopReceipt()).isNotEqualTo(first.getPopReceipt());

        // Update: new body, visibility extended; the pop receipt changes and the old one no longer works.
        UpdateMessageResult updated = queue.updateMessage(second.getMessageId(), second.getPopReceipt(),
                "block-1 (extended)", Duration.ofMillis(500));
        assertThat(updated.getPopReceipt()).isNotEqualTo(second.getPopReceipt());
        QueueMessageItem third = awaitValue(() -> Optional.ofNullable(queue.receiveMessage()), Duration.ofSeconds(15));
        assertThat(third.getBody().toString()).isEqualTo("block-1 (extended)");
        assertThat(third.getDequeueCount()).isEqualTo(3);

        queue.deleteMessage(third.getMessageId(), third.getPopReceipt());
        assertThat(queue.getProperties().getApproximateMessagesCount()).isZero();
        assertThat(queue.peekMessage()).isNull();
    }

    @Test
    void blobsRoundTripWithMetadataListingAndDelete(TestStorage storage) {
        BlobContainerClient container = storage.container("output");
        BlobClient blob = container.getBlobClient("instance-1/block-7");
        byte[] payload = new byte[64 * 1024];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        blob.upload(BinaryData.fromBytes(payload), true);
        blob.setMetadata(Map.of("instanceid", "instance-1", "blockid", "7"));
        container.getBlobClient("instance-1/block-8").upload(BinaryData.fromString("x"), true);
        container.getBlobClient("instance-2/block-1").upload(BinaryData.fromString("y"), true);

        assertThat(blob.downloadContent().toBytes()).isEqualTo(payload);
        assertThat(blob.getProperties().getMetadata()).containsEntry("blockid", "7").containsEntry("instanceid", "instance-1");
        List<String> underInstance1 = container.listBlobsByHierarchy("instance-1/").stream().map(BlobItem::getName).toList();
        assertThat(underInstance1).containsExactlyInAnyOrder("instance-1/block-7", "instance-1/block-8");

        // Overwrite is allowed (idempotent outputs), then delete.
        blob.upload(BinaryData.fromString("again"), true);
        assertThat(blob.downloadContent().toString()).isEqualTo("again");
        blob.delete();
        assertThat(blob.exists()).isFalse();
        assertThat(container.listBlobs().stream().count()).isEqualTo(2);
    }

    @Test
    void tableEntitiesAreInsertedQueriedAndUpdated(TestStorage storage) {
        TableClient table = storage.table("History");
        for (int i = 0; i < 3; i++) {
            table.createEntity(new TableEntity("instance-1", String.format("%016d", i))
                    .addProperty("EventType", i == 0 ? "ExecutionStarted" : "TaskScheduled")
                    .addProperty("EventId", i));
        }
        table.createEntity(new TableEntity("instance-2", "0000000000000000").addProperty("EventType", "ExecutionStarted"));

        List<TableEntity> history = table.listEntities(
                new ListEntitiesOptions().setFilter("PartitionKey eq 'instance-1'"), null, null).stream().toList();
        assertThat(history).extracting(TableEntity::getRowKey)
                .containsExactly("0000000000000000", "0000000000000001", "0000000000000002");

        TableEntity started = table.getEntity("instance-1", "0000000000000000");
        started.addProperty("RuntimeStatus", "Completed");
        table.updateEntity(started, TableEntityUpdateMode.MERGE);
        TableEntity reread = table.getEntity("instance-1", "0000000000000000");
        assertThat(reread.getProperty("RuntimeStatus")).isEqualTo("Completed");
        assertThat(reread.getProperty("EventType")).isEqualTo("ExecutionStarted");
        assertThat(reread.getETag()).isNotEqualTo(started.getETag());

        List<TableEntity> scheduled = table.listEntities(
                new ListEntitiesOptions().setFilter("EventType eq 'TaskScheduled'"), null, null).stream().toList();
        assertThat(scheduled).hasSize(2);
    }

    @Test
    void describeNeverShowsTheAccountKey(TestStorage storage) {
        assertThat(storage.account().describe()).doesNotContain("AccountKey").doesNotContain(ConnectionString.DEV_KEY);
        assertThat(storage.account().isEmulator()).isTrue();
    }

    private static QueueMessageItem receiveOne(QueueClient queue, Duration visibility) {
        return queue.receiveMessages(1, visibility, Duration.ofSeconds(10), null).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no message received"));
    }

    /** Polls until the supplier yields a value or the deadline passes. */
    static <T> T awaitValue(Supplier<Optional<T>> poll, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            Optional<T> value = poll.get();
            if (value.isPresent()) {
                return value.get();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
        throw new AssertionError("condition not met within " + deadline);
    }
}
