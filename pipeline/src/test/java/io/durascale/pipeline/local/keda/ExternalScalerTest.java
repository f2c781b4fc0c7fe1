package io.durascale.pipeline.local.keda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.queue.QueueClient;
import io.durascale.pipeline.local.hpa.ExternalMetricSpec;
import io.durascale.pipeline.scaler.grpc.ScalerServer;
import io.durascale.pipeline.taskhub.TaskHubNames;
import io.durascale.storage.StorageResolution;
import io.durascale.testkit.Await;
import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The local KEDA's external scaler asking the task-hub scaler over real gRPC (ScalerServer on loopback, a hub in
 * Azurite), as KEDA's external_scaler.go asks: metric names with KEDA's prefix, *FromEnv resolved before sending.
 */
@ExtendWith(StorageExtension.class)
class ExternalScalerTest {

    private TestStorage storage;
    private TaskHubNames names;
    private ScalerServer server;

    @BeforeEach
    void start(TestStorage storage) {
        this.storage = storage;
        this.names = new TaskHubNames(storage.tableName("Hub"), 2);
        // The scaler's own account is one that answers nothing: a trigger must bring its connection to be read.
        server = ScalerServer.start(io.durascale.storage.StorageAccount.of("DefaultEndpointsProtocol=http;AccountName=x;"
                + "AccountKey=eA==;QueueEndpoint=http://127.0.0.1:9/x;TableEndpoint=http://127.0.0.1:9/x;"
                + "BlobEndpoint=http://127.0.0.1:9/x"), "127.0.0.1", 0, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ExternalTrigger trigger(Map<String, String> settings) {
        Map<String, String> metadata = new java.util.HashMap<>(Map.of("hub", names.hub(), "partitionCount", "2",
                "connectionFromEnv", StorageResolution.CONNECTION_STRING_ENV));
        metadata.putAll(settings);
        return ExternalTrigger.of("127.0.0.1:" + server.port(), metadata);
    }

    private ExternalScaler scaler(ExternalTrigger trigger) {
        return new ExternalScaler(trigger, 0, "durascale-orchestration", "default",
                Map.of(StorageResolution.CONNECTION_STRING_ENV, storage.connectionString()));
    }

    @Test
    void itAsksTheScalerForTheSpecTheMetricAndTheActivity() {
        QueueClient control = storage.queues().getQueueClient(names.controlQueue(1));
        control.createIfNotExists();
        storage.deleteAfterwards(control::deleteIfExists);
        try (ExternalScaler scaler = scaler(trigger(Map.of("maxOrchestrationsPerWorker", "1")))) {
            assertThat(scaler.getMetricSpecForScaling()).containsExactly(
                    new ExternalMetricSpec("s0-taskhub-" + names.hub().toLowerCase() + "-hosts", 1));
            String metric = scaler.getMetricSpecForScaling().get(0).name();
            assertThat(scaler.getMetricsAndActivity(metric)).isEqualTo(new Scaler.MetricsAndActivity(0, false));

            control.sendMessage("start");
            control.sendMessage("event");
            // 2 messages on one partition: min(1 partition, ceil(2 / 1)); once the scaler's last reading is stale.
            Await.until(Duration.ofSeconds(10), "the scaler sees the messages",
                    () -> scaler.getMetricsAndActivity(metric).equals(new Scaler.MetricsAndActivity(1, true)));
            assertThatThrownBy(() -> scaler.getMetricsAndActivity("taskhub-x-hosts"))
                    .hasMessage("metric name 'taskhub-x-hosts' does not start with s0-");
        }
    }

    @Test
    void fromEnvValuesAreSentResolvedAndUnsetOnesAreLeftOut() {
        Map<String, String> sent = ExternalScaler.resolve(Map.of("hub", "H", "connectionFromEnv", "STORAGE",
                "otherFromEnv", "UNSET", "scalerAddress", "s:6000"), Map.of("STORAGE", "AccountName=a;AccountKey=k"));
        assertThat(sent).containsOnly(Map.entry("hub", "H"), Map.entry("connectionFromEnv", "AccountName=a;AccountKey=k"),
                Map.entry("scalerAddress", "s:6000"));
    }

    @Test
    void theScalersRefusalIsOneLineWithItsStatusAndTheFieldItNames() {
        try (ExternalScaler scaler = scaler(trigger(Map.of("maxActivitiesPerWorker", "none")))) {
            assertThatThrownBy(scaler::getMetricSpecForScaling)
                    .hasMessage("external scaler 127.0.0.1:" + server.port() + " GetMetricSpec: INVALID_ARGUMENT: "
                            + "scalerMetadata.maxActivitiesPerWorker: must be a whole number, got 'none'");
        }
    }
}
