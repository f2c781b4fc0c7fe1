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
import java.util.function.BooleanSupplier;
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

            int highestCompleted = -1;
            boolean sawProgress = false;
            JsonNode status;
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (true) {
                status = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(statusUri)).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                JsonNode custom = status.get("customStatus");
                if (custom != null && custom.has("completed")) {
                    int completed = custom.get("completed").asInt();
                    sawProgress |= completed > 0 && completed < 20;
                    assertThat(completed).isGreaterThanOrEqualTo(highestCompleted); // progress never goes back
                    highestCompleted = completed;
                }
                if (!"Running".equals(status.get("runtimeStatus").asText()) && !"Pending".equals(status.get("runtimeStatus").asText())) {
                    break;
                }
                assertThat(System.nanoTime()).as("the batch finished within 3 minutes").isLessThan(deadline);
                Thread.sleep(200);
            }
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
            awaitTrue(() -> stack.keda().replicas() == 0 && stack.keda().pods().isEmpty(), Duration.ofSeconds(60),
                    "worker pods scaled back to zero");
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

    private static void awaitTrue(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError(what + " did not happen within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(200);
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
