package io.durascale.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durascale.core.cli.CliErrors;
import io.durascale.storage.ConnectionString;
import io.durascale.storage.StorageAccount;
import io.durascale.storage.StorageProbe;
import io.durascale.storage.StorageUnavailableException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The probe every command that needs storage makes first: one sentence and a distinct exit code, never the key. */
@ExtendWith(StorageExtension.class)
class StorageProbeTest {

    @Test
    void storageThatAnswersPasses(TestStorage storage) {
        assertThatCode(() -> StorageProbe.check(storage.account())).doesNotThrowAnyException();
    }

    @Test
    void aClosedPortIsOneSentenceNamingTheEndpointWithExitCode3() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // free again once closed: nothing listens there
        }
        StorageAccount closed = StorageAccount.of(ConnectionString.forLocalEmulator("127.0.0.1", port, port, port).value());
        assertThatThrownBy(() -> StorageProbe.check(closed))
                .isInstanceOfSatisfying(StorageUnavailableException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.exitCode()).isEqualTo(CliErrors.UNAVAILABLE))
                .hasMessageStartingWith("Azure Storage at http://127.0.0.1:" + port + "/devstoreaccount1 did not answer "
                        + "(nothing is listening at 127.0.0.1:" + port + " (connection refused); 3 tries in")
                .hasMessageEndingWith("check the connection string and that the storage account or emulator is running.")
                .hasMessageNotContaining(ConnectionString.DEV_KEY)
                .hasMessageNotContaining("\n");
    }

    @Test
    void refusedCredentialsAreTheirOwnSentenceWithExitCode4(TestStorage storage) {
        ConnectionString good = storage.account().parsedConnectionString();
        String wrongKey = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkwMTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MA==";
        StorageAccount wrong = StorageAccount.of(good.value().replace(ConnectionString.DEV_KEY, wrongKey));
        assertThatThrownBy(() -> StorageProbe.check(wrong))
                .isInstanceOfSatisfying(StorageUnavailableException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.exitCode()).isEqualTo(CliErrors.CREDENTIALS_REFUSED))
                .hasMessage("the storage account at " + good.queueEndpoint() + " refused the credentials (HTTP 403 "
                        + "AuthenticationFailed): check the account name and key (or the SAS token) in the connection string.")
                .hasMessageNotContaining(wrongKey);
    }
}
