package io.durascale.storage.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.azure.storage.queue.QueueClient;
import io.durascale.storage.StorageAccount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Azurite's in-memory extent GC, unpatched, removes deleted messages' extents one scan at a time
 * and blocks the queue service for minutes after a few tens of thousands of messages. The
 * launcher replaces that with a single pass. Here 12,000 messages come and go between two GC
 * rounds (15 s apart), and the queue keeps answering promptly through the second round.
 */
class AzuriteGarbageCollectionTest {

    @Test
    void theQueueServiceKeepsAnsweringWhileItsGcRuns(@TempDir Path unused) throws Exception {
        assumeTrue(AzuriteInstallation.probe(List.of(System.getenv().getOrDefault("DURASCALE_NODE", "node"), "--version")) != null,
                "Node.js is not installed");
        AzuriteInstallation installation = AzuriteInstallation.ensureInstalled(AzuriteEmulators.defaultHome(System.getenv()),
                System.getenv());
        try (NpmAzurite azurite = NpmAzurite.start(installation, Map.of("DURASCALE_AZURITE_GC_INTERVAL_MS", "15000"));
             StorageAccount account = StorageAccount.of(azurite.connectionString().value())) {
            long startedAt = System.nanoTime();
            QueueClient queue = account.queues().getQueueClient("gc-pressure");
            queue.create();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> senders = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                senders.add(pool.submit(() -> {
                    for (int i = 0; i < 1_500; i++) {
                        var sent = queue.sendMessage("x".repeat(200));
                        queue.deleteMessage(sent.getMessageId(), sent.getPopReceipt());
                    }
                    return null;
                }));
            }
            for (Future<?> f : senders) {
                f.get();
            }
            pool.shutdownNow();
            // The second GC round (15 s after start) meets 12,000 unreferenced extents while we keep calling.
            long worstNanos = 0;
            long end = startedAt + 24_000_000_000L;
            while (System.nanoTime() < end) {
                long start = System.nanoTime();
                queue.getProperties();
                worstNanos = Math.max(worstNanos, System.nanoTime() - start);
            }
            assertThat(worstNanos / 1_000_000).as("worst queue call latency (ms) while the GC ran").isLessThan(1_500);
        }
    }
}
