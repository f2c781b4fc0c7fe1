package io.durascale.pipeline.taskhub.storage;

import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.BinaryData;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableClientBuilder;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionResult;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.models.QueueMessageItem;
import com.azure.storage.queue.models.QueueStorageException;
import com.azure.storage.queue.models.SendMessageResult;
import io.durascale.pipeline.taskhub.StorageOps;
import io.durascale.pipeline.taskhub.StorageOps.Kind;
import io.durascale.pipeline.taskhub.TaskHubNames;
import io.durascale.storage.StorageAccount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The task hub's storage: its queues, tables and containers, with every call counted in
 * {@link StorageOps}. The only class that talks to the Azure SDK for the task hub, so the
 * operation count is complete by construction.
 */
public final class TaskHubStorage {

    /** Azure queue visibility can be at most 7 days; longer timers are re-sent on arrival. */
    public static final Duration MAX_VISIBILITY = Duration.ofDays(7).minusSeconds(1);
    /** Rows per table transaction: Azure's limit is 100. */
    public static final int MAX_BATCH = 100;

    private final StorageAccount account;
    private final TaskHubNames names;
    private final StorageOps ops;
    private final Map<String, QueueClient> queues = new ConcurrentHashMap<>();
    private final TableClient history;
    private final TableClient instances;
    private final TableClient timers;
    private final BlobContainerClient leases;
    private final BlobContainerClient largeMessages;

    public TaskHubStorage(StorageAccount account, TaskHubNames names, StorageOps ops) {
        this.account = account;
        this.names = names;
        this.ops = ops;
        // The history table's client also keeps the raw response of a transaction when asked to
        // (submitForETags): the sentinel's new ETag is in it, and the SDK drops sub-response headers.
        this.history = new TableClientBuilder().connectionString(account.connectionString())
                .tableName(names.historyTable()).httpClient(account.httpClient())
                .addPolicy(new BatchResponseCapture()).buildClient();
        this.instances = account.tables().getTableClient(names.instancesTable());
        this.timers = account.tables().getTableClient(names.timersTable());
        this.leases = account.blobs().getBlobContainerClient(names.leasesContainer());
        this.largeMessages = account.blobs().getBlobContainerClient(names.largeMessagesContainer());
    }

    public TaskHubNames names() {
        return names;
    }

    public StorageOps ops() {
        return ops;
    }

    public StorageAccount account() {
        return account;
    }

    /**
     * Creates every queue, table and container of the hub that does not exist yet, and its {@link TaskHubInfo}.
     *
     * @throws IllegalArgumentException when the hub exists with another partition count
     */
    public void createIfMissing() {
        queueNames().forEach(queue -> queue(queue).createIfNotExists());
        account.tables().createTableIfNotExists(names.historyTable());
        account.tables().createTableIfNotExists(names.instancesTable());
        account.tables().createTableIfNotExists(names.timersTable());
        leases.createIfNotExists();
        largeMessages.createIfNotExists();
        TaskHubInfo.ensure(this);
    }

    /** A blob of the leases container (partition management, counted as a lease operation); null if it does not exist. */
    public String readLeaseBlob(String name) {
        ops.count(Kind.BLOB_LEASE);
        try {
            return leases.getBlobClient(name).downloadContent().toString();
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** The names of the account's queues that start with {@code prefix} (one listing, counted as queue metadata). */
    public List<String> queueNamesStartingWith(String prefix) {
        ops.count(Kind.QUEUE_METADATA);
        List<String> found = new ArrayList<>();
        // With no detail asked for, the SDK sends an empty include= that Azurite 3.37 answers with 400; metadata is cheap.
        account.queues().listQueues(new com.azure.storage.queue.models.QueuesSegmentOptions().setPrefix(prefix)
                .setIncludeMetadata(true), null, null).forEach(q -> found.add(q.getName()));
        return found;
    }

    /**
     * Empties the hub — every message, instance, history row and large payload — but keeps the
     * resources and the partition leases, so a running backend carries on with an empty hub.
     */
    public void wipe() {
        queueNames().forEach(queue -> queue(queue).clearMessages());
        deleteAllEntities(history);
        deleteAllEntities(instances);
        deleteAllEntities(timers);
        largeMessages.listBlobs().forEach(b -> largeMessages.getBlobClient(b.getName()).deleteIfExists());
    }

    /** Deletes the hub: its queues, tables and containers, leases included. For throwaway hubs (benchmarks, tests). */
    public void deleteHub() {
        queueNames().forEach(queue -> queue(queue).deleteIfExists());
        account.tables().deleteTable(names.historyTable());
        account.tables().deleteTable(names.instancesTable());
        account.tables().deleteTable(names.timersTable());
        leases.deleteIfExists();
        largeMessages.deleteIfExists();
    }

    /** Deletes a hub no process serves any more; see {@link #deleteHub()}. */
    public static void deleteHub(StorageAccount account, TaskHubNames names) {
        new TaskHubStorage(account, names, new StorageOps()).deleteHub();
    }

    /** The control queues and the work-item queue. */
    private List<String> queueNames() {
        List<String> all = new ArrayList<>(names.controlQueues());
        all.add(names.workItemQueue());
        return all;
    }

    private void deleteAllEntities(TableClient table) {
        ListEntitiesOptions keysOnly = new ListEntitiesOptions().setSelect(List.of("PartitionKey", "RowKey"));
        Map<String, List<TableEntity>> byPartition = new java.util.HashMap<>();
        table.listEntities(keysOnly, null, null)
                .forEach(e -> byPartition.computeIfAbsent(e.getPartitionKey(), k -> new ArrayList<>()).add(e));
        byPartition.values().forEach(rows -> {
            for (int i = 0; i < rows.size(); i += MAX_BATCH) {
                List<TableTransactionAction> actions = rows.subList(i, Math.min(rows.size(), i + MAX_BATCH)).stream()
                        .map(e -> new TableTransactionAction(com.azure.data.tables.models.TableTransactionActionType.DELETE, e))
                        .toList();
                submit(table, actions);
            }
        });
    }

    // ---- queues ----

    public QueueClient queue(String name) {
        return queues.computeIfAbsent(name, n -> account.queues().getQueueClient(n));
    }

    /** Sends a message, invisible for {@code delay} (rounded down to whole seconds, as queues store it). */
    public SendMessageResult send(String queue, String text, Duration delay) {
        ops.count(Kind.QUEUE_SEND);
        Duration visibility = delay == null || delay.isNegative() ? Duration.ZERO
                : Duration.ofSeconds(Math.min(delay.getSeconds(), MAX_VISIBILITY.getSeconds()));
        // Time-to-live -1: never expire, so long timers and idle instances never lose a message.
        return queue(queue).sendMessageWithResponse(BinaryData.fromString(text), visibility,
                Duration.ofSeconds(-1), null, null).getValue();
    }

    public List<QueueMessageItem> receive(String queue, int max, Duration visibility) {
        ops.count(Kind.QUEUE_RECEIVE);
        List<QueueMessageItem> items = new ArrayList<>(max);
        queue(queue).receiveMessages(max, visibility, null, null).forEach(items::add);
        return items;
    }

    /** Deletes a message; a message already gone (deleted, or its receipt superseded) is not an error. */
    public boolean delete(String queue, String messageId, String popReceipt) {
        ops.count(Kind.QUEUE_DELETE);
        try {
            queue(queue).deleteMessage(messageId, popReceipt);
            return true;
        } catch (QueueStorageException e) {
            if (e.getStatusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Changes a received message's visibility; returns the new pop receipt, or null if the message is gone. */
    public String updateVisibility(String queue, String messageId, String popReceipt, Duration visibility) {
        ops.count(Kind.QUEUE_UPDATE);
        try {
            return queue(queue).updateMessage(messageId, popReceipt, null, visibility).getPopReceipt();
        } catch (QueueStorageException e) {
            if (e.getStatusCode() == 404 || e.getStatusCode() == 400) {
                return null;
            }
            throw e;
        }
    }

    /** Approximate depth, invisible (in flight or delayed) messages included. */
    public int approximateCount(String queue) {
        ops.count(Kind.QUEUE_METADATA);
        return queue(queue).getProperties().getApproximateMessagesCount();
    }

    // ---- tables ----

    public TableClient historyTable() {
        return history;
    }

    public TableClient instancesTable() {
        return instances;
    }

    public TableClient timersTable() {
        return timers;
    }

    /** A point read; null when the row does not exist. */
    public TableEntity read(TableClient table, String partitionKey, String rowKey) {
        ops.count(Kind.TABLE_READ);
        try {
            return table.getEntity(partitionKey, rowKey);
        } catch (TableServiceException e) {
            if (e.getResponse().getStatusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** Runs a query, page by page (each page is one storage operation), handing every row to {@code sink}. */
    public void query(TableClient table, ListEntitiesOptions options, Consumer<TableEntity> sink) {
        for (PagedResponse<TableEntity> page : table.listEntities(options, null, null).iterableByPage()) {
            ops.count(Kind.TABLE_QUERY);
            page.getValue().forEach(sink);
        }
    }

    /** One page of a query starting at a continuation token (null for the first page). */
    public PagedResponse<TableEntity> queryPage(TableClient table, ListEntitiesOptions options, String continuation) {
        ops.count(Kind.TABLE_QUERY);
        var pages = continuation == null
                ? table.listEntities(options, null, null).iterableByPage()
                : table.listEntities(options, null, null).iterableByPage(continuation);
        var it = pages.iterator();
        return it.hasNext() ? it.next() : null;
    }

    public void insert(TableClient table, TableEntity entity) {
        ops.count(Kind.TABLE_WRITE);
        table.createEntity(entity);
    }

    public void upsert(TableClient table, TableEntity entity, TableEntityUpdateMode mode) {
        ops.count(Kind.TABLE_WRITE);
        table.upsertEntityWithResponse(entity, mode, null, null);
    }

    /** Merges the given properties into an existing row (unconditionally). */
    public void merge(TableClient table, TableEntity entity) {
        ops.count(Kind.TABLE_WRITE);
        table.updateEntity(entity, TableEntityUpdateMode.MERGE);
    }

    public TableTransactionResult submit(TableClient table, List<TableTransactionAction> actions) {
        ops.count(Kind.TABLE_BATCH);
        return table.submitTransaction(actions);
    }

    /**
     * One transaction, like {@link #submit}, that also returns each action's new ETag, in action
     * order, from the service's sub-responses — null where it cannot tell (a client other than the
     * history table's, or a response without them). Azure and Azurite both send an ETag header
     * for every inserted or updated row; azure-data-tables 12.5 parses but does not expose them
     * ({@code TableTransactionActionResponse.getHeaders()} is always empty), so they are read
     * from the raw response the history client kept.
     */
    public List<String> submitForETags(TableClient table, List<TableTransactionAction> actions) {
        ops.count(Kind.TABLE_BATCH);
        AtomicReference<HttpResponse> raw = new AtomicReference<>();
        table.submitTransactionWithResponse(actions, null, new Context(BatchResponseCapture.KEY, raw));
        return BatchResponseCapture.etags(raw.get(), actions.size());
    }

    /**
     * Deletes a row; one already gone is not an error. With {@code ifUnchanged}, only if it is
     * still the version read ({@code entity}'s ETag): one that changed is left alone.
     */
    public void deleteRow(TableClient table, TableEntity entity, boolean ifUnchanged) {
        ops.count(Kind.TABLE_DELETE);
        try {
            table.deleteEntityWithResponse(entity, ifUnchanged, null, null);
        } catch (TableServiceException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
            if (status != 404 && !(ifUnchanged && status == 412)) {
                throw e;
            }
        }
    }

    // ---- blobs ----

    public BlobContainerClient leasesContainer() {
        return leases;
    }

    public BlobContainerClient largeMessagesContainer() {
        return largeMessages;
    }

    public void writeBlob(BlobContainerClient container, String name, byte[] content) {
        ops.count(Kind.BLOB_WRITE);
        container.getBlobClient(name).upload(BinaryData.fromBytes(content), true);
    }

    /** Creates a lease blob unless it exists (partition management, counted as a lease operation). */
    public void writeBlobIfAbsent(com.azure.storage.blob.BlobClient blob, String content) {
        ops.count(Kind.BLOB_LEASE);
        try {
            blob.upload(BinaryData.fromString(content), false);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() != 409 && e.getStatusCode() != 412) {
                throw e;
            }
        }
    }

    /** Writes an empty blob carrying metadata (heartbeats: partition management, counted as a lease operation). */
    public void writeBlobWithMetadata(com.azure.storage.blob.BlobClient blob, Map<String, String> metadata) {
        ops.count(Kind.BLOB_LEASE);
        blob.uploadWithResponse(new com.azure.storage.blob.options.BlobParallelUploadOptions(BinaryData.fromString(""))
                .setMetadata(metadata), null, null);
    }

    public byte[] readBlob(BlobContainerClient container, String name) {
        ops.count(Kind.BLOB_READ);
        return container.getBlobClient(name).downloadContent().toBytes();
    }

    /** The names of the blobs under {@code prefix}, every page of the listing (counted as one listing). */
    public List<String> listBlobNames(BlobContainerClient container, String prefix) {
        ops.count(Kind.BLOB_LIST);
        List<String> names = new ArrayList<>();
        container.listBlobs(new com.azure.storage.blob.models.ListBlobsOptions().setPrefix(prefix), null)
                .forEach(b -> names.add(b.getName()));
        return names;
    }

    public void deleteBlob(BlobContainerClient container, String name) {
        ops.count(Kind.BLOB_DELETE);
        try {
            container.getBlobClient(name).delete();
        } catch (BlobStorageException e) {
            if (e.getStatusCode() != 404) {
                throw e;
            }
        }
    }

    /** Counts a lease operation made directly on a lease client. */
    public void countLease() {
        ops.count(Kind.BLOB_LEASE);
    }

    public void countBlobList() {
        ops.count(Kind.BLOB_LIST);
    }
}
