package io.durascale.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.azure.storage.queue.QueueClient;
import io.durascale.storage.StorageAccount;
import io.durascale.storage.StorageEmulator;
import io.durascale.storage.StorageResolution;
import io.durascale.storage.StorageUnavailableException;
import io.durascale.storage.emulator.AzuriteEmulators;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The resolution order with the real emulators on the class path (the emulator module is a testkit dependency). */
@ExtendWith(StorageExtension.class)
class StorageResolutionTest {

    private static boolean dockerReachable() {
        return new AzuriteEmulators.Docker().unavailableReason(System.getenv()).isEmpty();
    }

    @Test
    void aGivenConnectionStringWinsAndIsUsedAsIs(TestStorage storage) {
        String given = storage.connectionString();
        try (StorageAccount account = StorageResolution.of(Map.of(StorageResolution.EMULATOR_ENV, "npm",
                "DURASCALE_NODE", "/nonexistent/node")).withConnectionString(given).orEmulator()) {
            assertThat(account.startedEmulator()).isFalse();
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
        StorageAccount account = StorageResolution.of(
                Map.of(StorageResolution.CONNECTION_STRING_ENV, storage.connectionString())).connectionStringOnly();
        assertThat(account.startedEmulator()).isFalse();
        assertThat(account.isEmulator()).isTrue(); // the development account
    }

    @Test
    void productionCommandsNeverStartAnEmulator() {
        assertThatThrownBy(() -> StorageResolution.of(Map.of()).connectionStringOnly())
                .isInstanceOf(io.durascale.core.cli.CliErrors.ConfigurationError.class)
                .hasMessage("No Azure Storage connection string was given: set AZURE_STORAGE_CONNECTION_STRING or pass "
                        + "--connection (this command never starts an emulator).");
    }

    @Test
    void withNothingAvailableTheErrorSaysWhatToInstallOrSet(@TempDir Path home) {
        assumeFalse(dockerReachable(), "a Docker engine is reachable here");
        StorageResolution resolution = StorageResolution.of(Map.of("DURASCALE_NODE", "/nonexistent/node",
                AzuriteEmulators.HOME_ENV, home.toString()));
        assertThatThrownBy(resolution::orEmulator)
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("AZURE_STORAGE_CONNECTION_STRING")
                .hasMessageContaining("Node.js")
                .hasMessageContaining("Docker")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").endsWith("."));
    }

    @Test
    void dockerDemandedButAbsentIsOneClearSentence() {
        assumeFalse(dockerReachable(), "a Docker engine is reachable here");
        assertThatThrownBy(() -> StorageResolution.of(Map.of(StorageResolution.EMULATOR_ENV, "docker")).orEmulator())
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessage("DURASCALE_EMULATOR=docker, but no Docker engine is reachable: fix that, "
                        + "or unset DURASCALE_EMULATOR to let durascale choose.");
    }

    @Test
    void badSettingsAreRejectedWithoutLeakingSecrets() {
        assertThatThrownBy(() -> StorageResolution.of(Map.of(StorageResolution.EMULATOR_ENV, "podman")).orEmulator())
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("'podman' is not one of auto, docker, npm");
        assertThatThrownBy(() -> StorageResolution.of(Map.of())
                .withConnectionString("AccountKey=hunter2hunter2").orEmulator())
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageStartingWith("The Azure Storage connection string is not valid")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void bothAzuritesAreOnTheClassPathInResolutionOrder() {
        assertThat(java.util.ServiceLoader.load(StorageEmulator.class).stream().map(p -> p.get().name()).sorted())
                .containsExactly("docker", "npm");
        assertThat(new AzuriteEmulators.Docker().order()).isLessThan(new AzuriteEmulators.Npm().order());
    }

    @Test
    void toolsInstallUnderTheConfiguredHome(@TempDir Path home) {
        assertThat(AzuriteEmulators.defaultHome(Map.of(AzuriteEmulators.HOME_ENV, home.toString())))
                .isEqualTo(home.toAbsolutePath());
        // Inside this checkout, the default is its git-ignored .durascale folder.
        Path byCheckout = AzuriteEmulators.defaultHome(Map.of());
        assertThat(byCheckout.getFileName()).hasToString(".durascale");
        assertThat(byCheckout.getParent().resolve("worker")).isDirectory();
    }
}
