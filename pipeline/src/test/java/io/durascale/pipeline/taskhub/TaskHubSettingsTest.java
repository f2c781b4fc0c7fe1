package io.durascale.pipeline.taskhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TaskHubSettingsTest {

    @Test
    void defaultsFollowTheAzureStorageProvider() {
        TaskHubSettings s = TaskHubSettings.builder().build();
        assertThat(s.partitionCount()).isEqualTo(4);
        assertThat(s.controlQueueBatchSize()).isEqualTo(32);
        assertThat(s.leaseDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.controlVisibilityTimeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void everyProblemIsNamedInOneMessage() {
        assertThatThrownBy(() -> TaskHubSettings.builder().hubName("9bad").partitionCount(17)
                .controlQueueBatchSize(33).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hub name '9bad'")
                .hasMessageContaining("partition count must be 1-16, not 17")
                .hasMessageContaining("control queue batch size must be 1-32, not 33");
    }

    @Test
    void leasesMustBeWhatBlobLeasesAllow() {
        assertThatThrownBy(() -> TaskHubSettings.builder()
                .leases(Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(2)).build())
                .hasMessageContaining("lease duration must be 15-60 s");
        assertThatThrownBy(() -> TaskHubSettings.builder()
                .leases(Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(2)).build())
                .hasMessageContaining("renewal shorter than it");
        assertThatThrownBy(() -> TaskHubSettings.builder()
                .leases(Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(20)).build())
                .hasMessageContaining("the acquire interval too");
    }
}
