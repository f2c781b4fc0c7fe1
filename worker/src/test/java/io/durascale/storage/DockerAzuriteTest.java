package io.durascale.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.queue.QueueClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The Testcontainers path: runs where a Docker engine is reachable, skips cleanly where none is. */
@Testcontainers(disabledWithoutDocker = true)
class DockerAzuriteTest {

    @Test
    void azuriteInAContainerServesQueuesBlobsAndTables() {
        try (StorageAccount account = new StorageProvisioner(Map.of(StorageProvisioner.EMULATOR_ENV, "docker"))
                .provision()) {
            assertThat(account.source()).isEqualTo(StorageAccount.Source.TESTCONTAINERS);
            QueueClient queue = account.queues().getQueueClient("docker-roundtrip");
            queue.create();
            queue.sendMessage("in a container");
            assertThat(queue.receiveMessage().getBody().toString()).isEqualTo("in a container");
            account.blobs().createBlobContainer("docker-roundtrip");
            account.tables().createTable("dockerroundtrip");
        }
    }
}
