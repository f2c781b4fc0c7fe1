package io.durascale.pipeline.local.keda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An azure-queue trigger's metadata: KEDA's names and defaults, one error per bad value naming its path. */
class AzureQueueTriggerTest {

    private static final String WHERE = "spec.triggers[0].metadata";

    private static AzureQueueTrigger parse(Map<String, String> metadata, Optional<String> authenticationRef) {
        return AzureQueueTrigger.parse(TriggerMetadata.of(metadata, WHERE), authenticationRef);
    }

    @Test
    void absentParametersTakeKedasDefaults() {
        AzureQueueTrigger trigger = parse(Map.of("queueName", "compute-jobs"), Optional.of("perf-durascale-worker"));
        assertThat(trigger).isEqualTo(new AzureQueueTrigger("compute-jobs", 5, 0, QueueLengthStrategy.ALL,
                AzureQueueTrigger.Connection.authenticationRef("perf-durascale-worker")));
    }

    @Test
    void everyParameterIsRead() {
        AzureQueueTrigger trigger = parse(Map.of("queueName", "batch-jobs", "queueLength", "8", "activationQueueLength", "3",
                "queueLengthStrategy", "VisibleOnly", "connectionFromEnv", "STORAGE"), Optional.empty());
        assertThat(trigger).isEqualTo(new AzureQueueTrigger("batch-jobs", 8, 3, QueueLengthStrategy.VISIBLE_ONLY,
                AzureQueueTrigger.Connection.fromEnv("STORAGE")));
    }

    @Test
    void theConnectionIsLookedUpInKedasOrderAndAConnectionStringInTheMetadataIsNeverKept() {
        String secret = "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=c2VjcmV0";
        AzureQueueTrigger inMetadata = parse(Map.of("queueName", "compute-jobs", "connection", secret,
                "connectionFromEnv", "STORAGE"), Optional.empty());
        assertThat(inMetadata.connection()).isEqualTo(AzureQueueTrigger.Connection.inMetadata());
        assertThat(inMetadata.toString()).doesNotContain("AccountKey");
        assertThat(parse(Map.of("queueName", "compute-jobs", "connection", secret), Optional.of("auth")).connection())
                .as("authParams come first").isEqualTo(AzureQueueTrigger.Connection.authenticationRef("auth"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "queueName             |           | spec.triggers[0].metadata.queueName is required",
        "queueName             | Bad_Name  | spec.triggers[0].metadata.queueName: queue name 'Bad_Name' may only have lower-case letters, digits and single dashes, starting and ending with a letter or digit",
        "queueLength           | five      | spec.triggers[0].metadata.queueLength must be a whole number, got 'five'",
        "queueLength           | 0         | spec.triggers[0].metadata.queueLength must be at least 1 (the messages one replica handles), got 0",
        "activationQueueLength | -1        | spec.triggers[0].metadata.activationQueueLength must be 0 or more, got -1",
        "queueLengthStrategy   | visible   | spec.triggers[0].metadata.queueLengthStrategy must be all or visibleonly, got 'visible'",
    })
    void aBadValueIsOneSentenceNamingItsPath(String name, String value, String message) {
        Map<String, String> metadata = new LinkedHashMap<>(Map.of("queueName", "compute-jobs"));
        if (value == null) {
            metadata.remove(name);
        } else {
            metadata.put(name, value);
        }
        assertThatThrownBy(() -> parse(metadata, Optional.of("auth"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void withoutAnyConnectionKedaRefusesTheTrigger() {
        assertThatThrownBy(() -> parse(Map.of("queueName", "compute-jobs"), Optional.empty()))
                .hasMessage("spec.triggers[0].metadata.connection: no connection setting given (an authenticationRef, "
                        + "connection or connectionFromEnv)");
    }

    @Test
    void theStrategyIsMatchedCaseInsensitivelyAsKedaDoes() {
        assertThat(QueueLengthStrategy.parse("All")).isEqualTo(QueueLengthStrategy.ALL);
        assertThat(QueueLengthStrategy.parse("VisibleOnly")).isEqualTo(QueueLengthStrategy.VISIBLE_ONLY);
    }
}
