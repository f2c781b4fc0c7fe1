package io.durascale.pipeline.scaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durascale.storage.ConnectionString;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The trigger metadata, parsed and checked in one place; every error names its field and never echoes a secret. */
class TaskHubScalerMetadataTest {

    private static final String CONNECTION = "DefaultEndpointsProtocol=https;AccountName=perfstore;"
            + "AccountKey=c2VjcmV0LWtleQ==;EndpointSuffix=core.windows.net";

    @Test
    void onlyTheHubIsRequiredTheRestHasDefaults() {
        TaskHubScalerMetadata metadata = TaskHubScalerMetadata.parse(Map.of("hub", "DurascaleHub"));
        assertThat(metadata).isEqualTo(TaskHubScalerMetadata.of("DurascaleHub"));
        assertThat(metadata.partitionCount()).isEqualTo(4);
        assertThat(metadata.maxActivitiesPerWorker()).isEqualTo(10);
        assertThat(metadata.maxOrchestrationsPerWorker()).isEqualTo(10);
        assertThat(metadata.pollingInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(metadata.connection()).isEmpty();
        assertThat(metadata.metricName()).isEqualTo("taskhub-durascalehub-hosts");
        assertThat(metadata.names().controlQueue(3)).isEqualTo("durascalehub-control-03");
    }

    @Test
    void everySettingIsReadAndKedasOwnKeysPassThrough() {
        Map<String, String> values = new HashMap<>(Map.of("hub", "PerfHub", "partitionCount", "8",
                "maxActivitiesPerWorker", " 20 ", "maxOrchestrationsPerWorker", "5", "pollingInterval", "10",
                "connectionFromEnv", CONNECTION));
        values.put("scalerAddress", "perf-scaler:6000");
        values.put("enableTLS", "false");
        TaskHubScalerMetadata metadata = TaskHubScalerMetadata.parse(values);
        assertThat(metadata.hub()).isEqualTo("PerfHub");
        assertThat(metadata.partitionCount()).isEqualTo(8);
        assertThat(metadata.maxActivitiesPerWorker()).isEqualTo(20);
        assertThat(metadata.maxOrchestrationsPerWorker()).isEqualTo(5);
        assertThat(metadata.pollingInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(metadata.connection()).map(ConnectionString::value).contains(CONNECTION);
        assertThat(metadata.toString()).as("the record's text hides the key").doesNotContain("c2VjcmV0");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
        hub                        | ''     | scalerMetadata.hub: required
        hub                        | my-hub | scalerMetadata.hub: hub name 'my-hub' must be 3-45 letters or digits
        partitionCount             | 0      | scalerMetadata.partitionCount: partition count must be 1-16, not 0
        partitionCount             | 17     | scalerMetadata.partitionCount: partition count must be 1-16, not 17
        partitionCount             | four   | scalerMetadata.partitionCount: must be a whole number, got 'four'
        maxActivitiesPerWorker     | 0      | scalerMetadata.maxActivitiesPerWorker: must be at least 1, got 0
        maxActivitiesPerWorker     | 1.5    | scalerMetadata.maxActivitiesPerWorker: must be a whole number, got '1.5'
        maxOrchestrationsPerWorker | -2     | scalerMetadata.maxOrchestrationsPerWorker: must be at least 1, got -2
        pollingInterval            | 0      | scalerMetadata.pollingInterval: must be 1 to 86400 seconds, got 0
        pollingInterval            | 30s    | scalerMetadata.pollingInterval: must be a whole number, got '30s'
        maxActivityPerWorker       | 10     | scalerMetadata.maxActivityPerWorker: not a setting of the task-hub scaler
        """)
    void aBadFieldIsNamed(String key, String value, String message) {
        Map<String, String> values = new HashMap<>(Map.of("hub", "DurascaleHub"));
        values.put(key, value);
        assertThatThrownBy(() -> TaskHubScalerMetadata.parse(values))
                .isInstanceOf(InvalidMetadataException.class)
                .hasMessageStartingWith(message)
                .satisfies(e -> assertThat(((InvalidMetadataException) e).field()).isEqualTo("scalerMetadata." + key));
    }

    @Test
    void aConnectionFromEnvThatIsNoConnectionStringIsNamedWithoutItsValue() {
        // KEDA sends the variable's value; a name it could not resolve would arrive as this (the secret-looking part).
        assertThatThrownBy(() -> TaskHubScalerMetadata.parse(Map.of("hub", "DurascaleHub",
                "connectionFromEnv", "AccountKey-s3cr3t-without-an-equals-sign")))
                .isInstanceOf(InvalidMetadataException.class)
                .hasMessageStartingWith("scalerMetadata.connectionFromEnv: not a storage connection string")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void theMissingHubComesBeforeOtherProblems() {
        assertThatThrownBy(() -> TaskHubScalerMetadata.parse(Map.of("partitionCount", "0")))
                .hasMessageStartingWith("scalerMetadata.hub: required");
    }
}
