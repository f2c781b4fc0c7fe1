package io.durascale.storage.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.queue.QueueClient;
import io.durascale.storage.StorageAccount;
import io.durascale.storage.StorageResolution;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The Testcontainers path: runs where a Docker engine is reachable, skips cleanly where none is. */
@Testcontainers(disabledWithoutDocker = true)
class DockerAzuriteTest {

    @Test
    void azuriteInAContainerServesQueuesBlobsAndTables() {
        try (StorageAccount account = StorageResolution.of(Map.of(StorageResolution.EMULATOR_ENV, "docker")).orEmulator()) {
            assertThat(account.describe()).startsWith("Azurite (Testcontainers)");
            QueueClient queue = account.queues().getQueueClient("docker-roundtrip");
            queue.create();
            queue.sendMessage("in a container");
            assertThat(queue.receiveMessage().getBody().toString()).isEqualTo("in a container");
            account.blobs().createBlobContainer("docker-roundtrip");
            account.tables().createTable("dockerroundtrip");
        }
    }
}
