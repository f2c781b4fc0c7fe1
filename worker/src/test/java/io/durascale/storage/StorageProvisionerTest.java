package io.durascale.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.azure.storage.queue.QueueClient;
import io.durascale.storage.junit.StorageExtension;
import io.durascale.storage.junit.TestStorage;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(StorageExtension.class)
class StorageProvisionerTest {

    @Test
    void aGivenConnectionStringWinsAndIsUsedAsIs(TestStorage storage) {
        String given = storage.connectionString();
        try (StorageAccount account = new StorageProvisioner(Map.of(StorageProvisioner.EMULATOR_ENV, "npm",
                "DURASCALE_NODE", "/nonexistent/node")).withConnectionString(given).provision()) {
            assertThat(account.source()).isEqualTo(StorageAccount.Source.CONNECTION_STRING);
            assertThat(account.connectionString()).isEqualTo(given);
            QueueClient queue = account.queues().getQueueClient(storage.name("given"));
            storage.deleteAfterwards(queue::deleteIfExists);
            queue.create();
            queue.sendMessage("hello");
            assertThat(storage.queues().getQueueClient(storage.name("given")).receiveMessage().getBody().toString())
                    .isEqualTo("hello");
        }
        // Closing an account made from a connection string leaves that storage alone: the queue and
        // its (received, now invisible) message are still there.
        assertThat(storage.queues().getQueueClient(storage.name("given")).getProperties().getApproximateMessagesCount())
                .isEqualTo(1);
    }

    @Test
    void theEnvironmentVariableIsTheSameAsAGivenString(TestStorage storage) {
        StorageAccount account = new StorageProvisioner(
                Map.of(StorageProvisioner.CONNECTION_STRING_ENV, storage.connectionString())).provision();
        assertThat(account.source()).isEqualTo(StorageAccount.Source.CONNECTION_STRING);
        assertThat(account.isEmulator()).isTrue(); // the development account
    }

    @Test
    void withNothingAvailableTheErrorSaysWhatToInstallOrSet(@TempDir Path home) {
        assumeFalse(DockerAzurite.engineReachable(System.getenv()), "a Docker engine is reachable here");
        StorageProvisioner provisioner = new StorageProvisioner(Map.of("DURASCALE_NODE", "/nonexistent/node"))
                .withHome(home);
        assertThatThrownBy(provisioner::provision)
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("AZURE_STORAGE_CONNECTION_STRING")
                .hasMessageContaining("Node.js")
                .hasMessageContaining("Docker")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").endsWith("."));
    }

    @Test
    void dockerDemandedButAbsentIsOneClearSentence() {
        assumeFalse(DockerAzurite.engineReachable(System.getenv()), "a Docker engine is reachable here");
        assertThatThrownBy(() -> new StorageProvisioner(Map.of(StorageProvisioner.EMULATOR_ENV, "docker")).provision())
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessage("DURASCALE_EMULATOR=docker, but no Docker engine is reachable: start Docker, "
                        + "or unset DURASCALE_EMULATOR to use Azurite from npm.");
    }

    @Test
    void badSettingsAreRejectedWithoutLeakingSecrets() {
        assertThatThrownBy(() -> new StorageProvisioner(Map.of(StorageProvisioner.EMULATOR_ENV, "podman")))
                .hasMessageContaining("'podman' is not one of auto, docker, npm");
        assertThatThrownBy(() -> new StorageProvisioner(Map.of())
                .withConnectionString("AccountKey=hunter2hunter2").provision())
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageStartingWith("The Azure Storage connection string is not valid")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void toolsInstallUnderTheConfiguredHome(@TempDir Path home) {
        assertThat(StorageProvisioner.defaultHome(Map.of(StorageProvisioner.HOME_ENV, home.toString())))
                .isEqualTo(home.toAbsolutePath());
        // Inside this checkout, the default is its git-ignored .durascale folder.
        Path byCheckout = StorageProvisioner.defaultHome(Map.of());
        assertThat(byCheckout.getFileName()).hasToString(".durascale");
        assertThat(byCheckout.getParent().resolve("worker")).isDirectory();
    }
}
