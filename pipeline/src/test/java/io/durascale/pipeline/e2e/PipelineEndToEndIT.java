package io.durascale.pipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.durascale.core.job.BlobNames;
import io.durascale.pipeline.local.LocalStack;
import io.durascale.pipeline.local.hpa.HpaControllerFlags;
import io.durascale.pipeline.local.keda.ScaledObjectSpec;
import io.durascale.pipeline.local.kube.NodePoolSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The seed flow, as a user runs it: the whole stack on this machine (npm Azurite, task hub,
 * orchestration, completion events, API, KEDA with real worker processes); a batch of 20
 * started with the seed's curl; progress in the custom status; Completed with 20 verified
 * outputs; the workers scaled 0 → at least 1 → 0, as the timeline shows.
 */
class PipelineEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aBatchOfTwentyRunsThroughTheWholePipelineAndTheWorkersScaleToZeroAfterward() throws Exception {
        Path workerJar = Path.of(System.getProperty("durascale.worker.jar", "../worker/target/worker.jar"));
        ScaledObjectSpec scaling = ScaledObjectSpec.demo().toBuilder().pollingInterval(Duration.ofSeconds(1))
                .cooldownPeriod(Duration.ofSeconds(5)).maxReplicaCount(3).build();
        HpaControllerFlags hpa = HpaControllerFlags.demo().withSyncPeriod(Duration.ofSeconds(2))
                .withDownscaleStabilization(Duration.ofSeconds(4));
        LocalStack.Options options = LocalStack.Options.defaults().withPorts(0, 0)
                .withTaskHub("E2e" + System.nanoTime() % 1_000_000, 4)
                .withScaling(scaling, NodePoolSpec.noDelays()).withHpaController(hpa)
                .withRunDirectory(Path.of("target", "e2e-run-" + System.nanoTime()))
                .withWorkers(workerJar, 1, true);
        List<String> progress = new ArrayList<>();
        try (LocalStack stack = LocalStack.start(options, progress::add)) {
            assertThat(stack.keda().replicas()).isZero();

            // The seed's request: POST with Content-Length: 0 and the batch size in the query string.
            HttpResponse<String> started = HTTP.send(HttpRequest.newBuilder(URI.create(stack.apiBaseUrl()
                    + "/api/orchestrators/BatchCompute?inputCount=20")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(started.statusCode()).isEqualTo(202);
            JsonNode links = JSON.readTree(started.body());
            String statusUri = links.get("statusQueryGetUri").asText();

            // Polled at the pace a person's script would, watching the progress on the way.
            Progress seen = new Progress();
            Awaitility.await("the batch finishes within 3 minutes").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(200)).until(() -> seen.update(JSON.readTree(HTTP.send(
                            HttpRequest.newBuilder(URI.create(statusUri)).build(), HttpResponse.BodyHandlers.ofString()).body())));
            JsonNode status = seen.last;
            int highestCompleted = seen.highestCompleted;
            boolean sawProgress = seen.sawProgress;
            assertThat(seen.wentBack).as("progress never goes back").isFalse();
            assertThat(status.get("runtimeStatus").asText()).isEqualTo("Completed");
            JsonNode output = status.get("output");
            assertThat(output.get("blocks").asInt()).isEqualTo(20);
            assertThat(output.get("completed").asInt()).isEqualTo(20);
            assertThat(output.get("verified").asInt()).isEqualTo(20);
            assertThat(output.get("failed")).isEmpty();
            assertThat(output.get("digest").asText()).hasSize(64);
            assertThat(status.get("customStatus").get("completed").asInt()).isEqualTo(20);
            assertThat(highestCompleted).isEqualTo(20);
            // Outputs exist, one per block; inputs were cleaned up by the workers.
            var outputs = stack.storage().blobs().getBlobContainerClient(BlobNames.OUTPUT_CONTAINER);
            String id = links.get("id").asText();
            assertThat(outputs.listBlobsByHierarchy(id + "/").stream().count()).isEqualTo(20);

            // After the cooldown the workers are gone again.
            Awaitility.await("worker pods scaled back to zero").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> stack.keda().replicas() == 0 && stack.keda().pods().isEmpty());
            List<String> timeline = Files.readAllLines(stack.runDirectory().file("timeline.jsonl"));
            List<Integer> replicas = timeline.stream().map(ApiJson::parse).filter(n -> "replicas".equals(n.path("kind").asText()))
                    .map(n -> n.get("current").asInt()).toList();
            int firstUp = indexOf(replicas, r -> r >= 1);
            assertThat(firstUp).as("replicas rose from 0").isPositive();
            assertThat(replicas.subList(0, firstUp)).containsOnly(0);
            assertThat(replicas.get(replicas.size() - 1)).as("replicas back at 0").isZero();
            assertThat(timeline).anyMatch(l -> l.contains("\"kind\":\"pod\"") && l.contains("\"phase\":\"Ready\""));
            assertThat(sawProgress || highestCompleted == 20).isTrue();
        }
        assertThat(progress).anyMatch(l -> l.startsWith("api: http://"));
    }

    private static int indexOf(List<Integer> values, java.util.function.IntPredicate test) {
        for (int i = 0; i < values.size(); i++) {
            if (test.test(values.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** What the status polls showed: the last status, the highest completed count, and whether it ever went back. */
    private static final class Progress {
        JsonNode last;
        int highestCompleted = -1;
        boolean sawProgress;
        boolean wentBack;

        /** Takes in one status; true once the batch is no longer running. */
        synchronized boolean update(JsonNode status) {
            last = status;
            JsonNode custom = status.get("customStatus");
            if (custom != null && custom.has("completed")) {
                int completed = custom.get("completed").asInt();
                sawProgress |= completed > 0 && completed < 20;
                wentBack |= completed < highestCompleted;
                highestCompleted = Math.max(highestCompleted, completed);
            }
            String runtime = status.get("runtimeStatus").asText();
            return !"Running".equals(runtime) && !"Pending".equals(runtime);
        }
    }

    /** Timeline lines are JSON objects. */
    private static final class ApiJson {
        static JsonNode parse(String line) {
            try {
                return JSON.readTree(line);
            } catch (java.io.IOException e) {
                throw new AssertionError("timeline line is not JSON: " + line, e);
            }
        }
    }
}
