package io.durascale.testkit;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueServiceClient;
import io.durascale.storage.StorageAccount;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One test's view of the shared storage: the account, plus names unique to this test so tests
 * never see each other's queues, containers or tables. What it creates is deleted after the test,
 * because deep leftover queues slow every queue in the same Azurite.
 */
public final class TestStorage implements AutoCloseable {

    private final StorageAccount account;
    private final String suffix;
    private final List<Runnable> cleanups = new ArrayList<>();

    TestStorage(StorageAccount account) {
        this.account = account;
        this.suffix = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }

    public StorageAccount account() {
        return account;
    }

    public String connectionString() {
        return account.connectionString();
    }

    public BlobServiceClient blobs() {
        return account.blobs();
    }

    public QueueServiceClient queues() {
        return account.queues();
    }

    public TableServiceClient tables() {
        return account.tables();
    }

    /** A queue or container name unique to this test: lower case, digits and dashes. */
    public String name(String purpose) {
        String base = purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        String name = base + "-" + suffix;
        return name.length() > 63 ? name.substring(name.length() - 63) : name;
    }

    /** A table name unique to this test: letters and digits, starting with a letter. */
    public String tableName(String purpose) {
        String base = purpose.replaceAll("[^A-Za-z0-9]", "");
        String name = (base.isEmpty() || !Character.isLetter(base.charAt(0)) ? "t" : "") + base + suffix;
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    /** Creates a queue for this test; deleted afterwards. */
    public QueueClient queue(String purpose) {
        QueueClient queue = queues().getQueueClient(name(purpose));
        queue.createIfNotExists();
        cleanups.add(queue::deleteIfExists);
        return queue;
    }

    /** Creates a blob container for this test; deleted afterwards. */
    public BlobContainerClient container(String purpose) {
        BlobContainerClient container = blobs().getBlobContainerClient(name(purpose));
        container.createIfNotExists();
        cleanups.add(container::deleteIfExists);
        return container;
    }

    /** Creates a table for this test; deleted afterwards. */
    public TableClient table(String purpose) {
        TableClient table = tables().createTableIfNotExists(tableName(purpose));
        if (table == null) {
            table = tables().getTableClient(tableName(purpose));
        }
        cleanups.add(table::deleteTable);
        return table;
    }

    /** Registers something else to delete after the test (for resources made by the code under test). */
    public void deleteAfterwards(Runnable cleanup) {
        cleanups.add(cleanup);
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (int i = cleanups.size() - 1; i >= 0; i--) {
            try {
                cleanups.get(i).run();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        cleanups.clear();
        if (first != null) {
            throw first;
        }
    }
}
