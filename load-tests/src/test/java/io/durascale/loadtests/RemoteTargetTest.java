package io.durascale.loadtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.durascale.loadtests.targets.ClusterTarget;
import io.durascale.pipeline.local.LocalStack;
import io.durascale.pipeline.local.keda.ScaledObjectSpec;
import io.durascale.pipeline.local.kube.NodePoolSpec;
import io.durascale.run.Metrics;
import io.durascale.run.RunFile;
import io.durascale.run.RunReader;
import io.durascale.run.timeline.TimelineEvent.QueueDepth;
import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code -Dtarget} path, with the embedded stack standing in for a deployed app: the load run
 * knows only its URL, host key and storage connection string, as it would know a Durable Functions
 * app's. It must find the hub's partitions from its control queues, watch their depths, read the
 * blocks' latencies from the output blobs, and derive throughput — and keep the secrets out of run.json.
 */
@ExtendWith(StorageExtension.class)
class RemoteTargetTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String accountKey(String connectionString) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("AccountKey=([^;]+)").matcher(connectionString);
        assertThat(m.find()).as("the connection string has a key").isTrue();
        return m.group(1);
    }

    @Test
    void drivesADeployedAppByUrlKeyAndConnectionAndMeasuresIt(TestStorage storage, @TempDir Path dir) throws Exception {
        String hub = "Remote" + storage.tableName("h");
        ScaledObjectSpec scaling = ScaledObjectSpec.demo().toBuilder().pollingInterval(Duration.ofSeconds(1))
                .minReplicaCount(1).build();
        LocalStack.Options options = LocalStack.Options.defaults().withPorts(0, 0).withTaskHub(hub, 3)
                .withScaling(scaling, NodePoolSpec.noDelays()).withRunDirectory(dir.resolve("app"))
                .withStorage(storage.connectionString())
                .withWorkers(Path.of(System.getProperty("durascale.worker.jar", "../worker/target/worker.jar")), 1, true);
        try (LocalStack app = LocalStack.start(options, line -> { })) {
            Map<String, String> properties = new HashMap<>(Map.of("target", app.apiBaseUrl(), "hostKey", app.hostKey(),
                    "connection", storage.connectionString(), "hub", hub, "runDir", dir.resolve("run").toString(),
                    "monitorInterval", "200ms"));
            LoadSettings settings = LoadSettings.from(properties::get, name -> null);
            LoadRun run = new LoadRun(settings, "RemoteTargetTest", line -> { }).start();
            try {
                assertThat(run.target()).isInstanceOf(ClusterTarget.class);
                long requestedAt = System.currentTimeMillis();
                HttpResponse<String> started = HTTP.send(HttpRequest.newBuilder(URI.create(run.target().baseUrl()
                                + "/api/orchestrators/BatchCompute?inputCount=3"))
                        .header("x-functions-key", run.target().hostKey()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(started.statusCode()).isEqualTo(202);
                JsonNode links = JSON.readTree(started.body());
                String id = links.get("id").asText();
                run.ledger().started(id, requestedAt);
                JsonNode[] status = new JsonNode[1];
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    status[0] = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(
                            links.get("statusQueryGetUri").asText())).build(), HttpResponse.BodyHandlers.ofString()).body());
                    return "Completed".equals(status[0].get("runtimeStatus").asText());
                });
                run.ledger().finished(id, "Completed", System.currentTimeMillis(),
                        status[0].get("output").get("blocks").asInt());

                Metrics metrics = run.finish();

                assertThat(metrics.target()).isEqualTo("cluster");
                Metrics.PartitionStep step = metrics.throughputPerPartition().get(0);
                assertThat(step.partitions()).isEqualTo(3);
                assertThat(step.orchestrations()).isEqualTo(1);
                assertThat(step.eventsPerSecond()).isPositive();
                assertThat(metrics.latency()).containsKeys("orchestrationEndToEnd", "blockEnqueueToOutput", "blockCompute");
                assertThat(metrics.latency().get("blockEnqueueToOutput").count()).isEqualTo(3L);
                // What was written is what the report will read.
                RunReader written = RunReader.read(run.runDirectory().path());
                assertThat(written.metrics()).contains(metrics);
                assertThat(written.timeline().of(QueueDepth.class)).extracting(QueueDepth::queue)
                        .contains(hub.toLowerCase() + "-control-02", hub.toLowerCase() + "-workitems", "compute-jobs");
                assertThat(written.run()).hasValueSatisfying(info -> {
                    assertThat(info.kind()).isEqualTo("load-test");
                    assertThat(info.simulation()).isEqualTo("RemoteTargetTest");
                    assertThat(info.finishedAt()).isNotNull();
                });
                String runJson = Files.readString(run.runDirectory().file(RunFile.RUN));
                assertThat(runJson).contains("\"target\" : \"cluster\"").doesNotContain(app.hostKey())
                        .doesNotContain(accountKey(storage.connectionString()));
            } finally {
                run.close();
            }
        }
    }
}
