package io.durascale.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConnectionStringTest {

    private static final String AZURE = "DefaultEndpointsProtocol=https;AccountName=capacity01;"
            + "AccountKey=c2VjcmV0LWtleS12YWx1ZQ==;EndpointSuffix=core.windows.net";

    @Test
    void derivesEndpointsOfARealAccountFromItsName() {
        ConnectionString cs = ConnectionString.parse(AZURE);
        assertThat(cs.accountName()).contains("capacity01");
        assertThat(cs.queueEndpoint()).isEqualTo("https://capacity01.queue.core.windows.net");
        assertThat(cs.blobEndpoint()).isEqualTo("https://capacity01.blob.core.windows.net");
        assertThat(cs.tableEndpoint()).isEqualTo("https://capacity01.table.core.windows.net");
        assertThat(cs.isDevelopmentAccount()).isFalse();
    }

    @Test
    void redactsKeysAndSasTokensButKeepsTheRest() {
        String withSas = "BlobEndpoint=https://a.blob.core.windows.net;SharedAccessSignature=sv=2024&sig=abcDEF%3D";
        assertThat(ConnectionString.parse(AZURE).redacted())
                .doesNotContain("c2VjcmV0LWtleS12YWx1ZQ==").contains("AccountKey=***").contains("AccountName=capacity01");
        assertThat(ConnectionString.parse(withSas).toString())
                .doesNotContain("sig=abcDEF").contains("SharedAccessSignature=***")
                .contains("BlobEndpoint=https://a.blob.core.windows.net");
    }

    @Test
    void keyEndingInEqualsSignsSurvivesParsing() {
        assertThat(ConnectionString.parse(AZURE).value()).contains("AccountKey=c2VjcmV0LWtleS12YWx1ZQ==");
    }

    @Test
    void developmentStorageShortcutMeansTheDefaultEmulatorPorts() {
        ConnectionString cs = ConnectionString.parse("UseDevelopmentStorage=true");
        assertThat(cs.queueEndpoint()).isEqualTo("http://127.0.0.1:10001/devstoreaccount1");
        assertThat(cs.isDevelopmentAccount()).isTrue();
    }

    @Test
    void malformedStringsAreRejectedWithoutEchoingSecrets() {
        assertThatThrownBy(() -> ConnectionString.parse("AccountKey=topsecret;garbage"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("segment 2")
                .hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> ConnectionString.parse("AccountKey=topsecret"))
                .hasMessageContaining("names no account or endpoint")
                .hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> ConnectionString.parse("  ")).hasMessageContaining("empty");
    }
}
