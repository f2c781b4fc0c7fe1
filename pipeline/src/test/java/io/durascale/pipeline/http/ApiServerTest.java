package io.durascale.pipeline.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.durascale.pipeline.orchestration.BlockEvents;
import io.durascale.pipeline.testing.ApiFixture;
import io.durascale.testkit.Await;
import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP API over a real task hub: Durable Functions shapes, status codes, keys, validation. */
@ExtendWith(StorageExtension.class)
class ApiServerTest {

    private static final String KEY = "test-host-key-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ApiFixture api;
    private static String base;

    @BeforeAll
    static void start(TestStorage storage) {
        storage.queue("jobs");
        storage.deleteAfterwards(() -> storage.blobs().getBlobContainerClient("compute-input").deleteIfExists());
        api = ApiFixture.start(storage, KEY, 1, storage.name("jobs"));
        base = api.baseUrl();
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void startingAnswers202WithTheDurableFunctionsManagementPayload() throws Exception {
        HttpResponse<String> started = send("POST", "/api/orchestrators/BatchCompute?inputCount=2", null, true);
        assertThat(started.statusCode()).isEqualTo(202);
        JsonNode body = JSON.readTree(started.body());
        String id = body.get("id").asText();
        assertThat(body.fieldNames()).toIterable().containsExactlyInAnyOrder("id", "statusQueryGetUri", "sendEventPostUri",
                "terminatePostUri", "purgeHistoryDeleteUri", "restartPostUri", "suspendPostUri", "resumePostUri");
        assertThat(started.headers().firstValue("Location")).contains(body.get("statusQueryGetUri").asText());
        assertThat(started.headers().firstValue("Retry-After")).contains("1");
        assertThat(body.get("statusQueryGetUri").asText())
                .startsWith(base + "/runtime/webhooks/durabletask/instances/" + id + "?").contains("code=" + KEY);

        // The status link works as given, and shows progress while the batch waits for its blocks.
        HttpResponse<String> status = awaitStatus(body.get("statusQueryGetUri").asText(), "Running");
        assertThat(status.statusCode()).isEqualTo(202);
        JsonNode doc = JSON.readTree(status.body());
        assertThat(doc.get("name").asText()).isEqualTo("BatchCompute");
        assertThat(doc.get("input").get("inputCount").asInt()).isEqualTo(2);
        assertThat(doc.get("customStatus").get("total").asInt()).isEqualTo(2);
        assertThat(doc.has("createdTime") && doc.has("lastUpdatedTime")).isTrue();

        complete(id, 2);
        HttpResponse<String> done = awaitStatus(body.get("statusQueryGetUri").asText() + "&showHistory=true", "Completed");
        assertThat(done.statusCode()).isEqualTo(200);
        JsonNode finished = JSON.readTree(done.body());
        assertThat(finished.get("output").get("completed").asInt()).isEqualTo(2);
        assertThat(finished.get("historyEvents").findValuesAsText("EventType")).contains("ExecutionStarted", "TaskScheduled",
                "EventRaised", "ExecutionCompleted");
    }

    @Test
    void managementNeedsTheHostKeyAndThePublicStatusLeaksNoLinks() throws Exception {
        String id = startBatch(1);
        assertThat(send("GET", instance(id), null, false).statusCode()).isEqualTo(401);
        assertThat(send("GET", instance(id) + "?code=wrong-key-wrong-key", null, false).statusCode()).isEqualTo(401);
        HttpRequest headerKey = HttpRequest.newBuilder(URI.create(base + instance(id))).header("x-functions-key", KEY).build();
        assertThat(HTTP.send(headerKey, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);

        HttpResponse<String> open = send("GET", "/api/status/" + id, null, false);
        assertThat(open.statusCode()).isEqualTo(202);
        JsonNode body = JSON.readTree(open.body());
        assertThat(body.fieldNames()).toIterable().containsExactlyInAnyOrder("id", "status", "result");
        assertThat(open.body()).doesNotContain("runtime/webhooks", KEY);
        assertThat(send("GET", "/api/status/nobody", null, false).statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/api/orchestrators/BatchCompute|                                   |400|inputCount is required",
        "/api/orchestrators/BatchCompute?inputCount=abc|                    |400|inputCount must be a whole number, not 'abc'",
        "/api/orchestrators/BatchCompute?inputCount=0|                      |400|inputCount must be between 1 and 10000, not 0",
        "/api/orchestrators/BatchCompute?inputCount=99999999999|            |400|inputCount is out of range",
        "/api/orchestrators/BatchCompute?inputCount=3&kernel=nope|          |400|unknown kernel 'nope'",
        "/api/orchestrators/BatchCompute?inputCount=3&blockSize=-1|         |400|block size -1 is outside",
        "/api/orchestrators/BatchCompute|{bad json                          |400|the request body is not valid JSON",
        "/api/orchestrators/BatchCompute|[1,2]                              |400|the request body must be a JSON object",
        "/api/orchestrators/BatchCompute|{\"inputCount\": \"many\"}         |400|inputCount must be a whole number",
        "/api/orchestrators/Unknown?inputCount=3|                           |404|no orchestrator named 'Unknown'",
    })
    void badInputGetsAJsonErrorNamingTheProblem(String path, String body, int status, String message) throws Exception {
        HttpResponse<String> response = send("POST", path, body, false);
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(JSON.readTree(response.body()).get("error").asText()).contains(message);
    }

    @Test
    void theJsonBodyWorksAsWellAsTheQueryString() throws Exception {
        HttpResponse<String> started = send("POST", "/api/orchestrators/BatchCompute",
                "{\"inputCount\": 3, \"kernel\": \"matmul\", \"blockSize\": 8, \"seed\": 9}", false);
        assertThat(started.statusCode()).isEqualTo(202);
        String id = JSON.readTree(started.body()).get("id").asText();
        JsonNode input = JSON.readTree(send("GET", instance(id) + "?code=" + KEY, null, false).body()).get("input");
        assertThat(input.get("kernel").asText()).isEqualTo("matmul");
        assertThat(input.get("blockSize").asInt()).isEqualTo(8);
        assertThat(input.get("seed").asLong()).isEqualTo(9);
    }

    @Test
    void eventsTerminationSuspensionAndPurgeAnswerAsDurableFunctionsDoes() throws Exception {
        String id = startBatch(2);
        String key = "?code=" + KEY;
        assertThat(send("POST", instance(id) + "/raiseEvent/BlockCompleted" + key, "{not json", false).statusCode()).isEqualTo(400);
        for (String op : new String[] {"/raiseEvent/X", "/terminate", "/suspend", "/resume"}) {
            HttpResponse<String> unknown = send("POST", instance("nobody") + op + key, "{}", false);
            assertThat(unknown.statusCode()).as(op).isEqualTo(404);
            assertThat(JSON.readTree(unknown.body()).get("error").asText()).as(op).contains("nobody");
        }
        assertThat(send("POST", instance(id) + "/suspend" + key + "&reason=maintenance", null, false).statusCode()).isEqualTo(202);
        awaitStatus(base + instance(id) + key, "Suspended");
        assertThat(send("POST", instance(id) + "/resume" + key, null, false).statusCode()).isEqualTo(202);
        awaitStatus(base + instance(id) + key, "Running");
        assertThat(send("DELETE", instance(id) + key, null, false).statusCode()).isEqualTo(409); // still running

        assertThat(send("POST", instance(id) + "/terminate" + key + "&reason=enough", null, false).statusCode()).isEqualTo(202);
        HttpResponse<String> terminated = awaitStatus(base + instance(id) + key, "Terminated");
        assertThat(terminated.statusCode()).isEqualTo(200);
        assertThat(send("POST", instance(id) + "/terminate" + key, null, false).statusCode()).isEqualTo(410);
        assertThat(send("POST", instance(id) + "/raiseEvent/X" + key, "{}", false).statusCode()).isEqualTo(410);

        HttpResponse<String> purged = send("DELETE", instance(id) + key, null, false);
        assertThat(purged.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(purged.body()).get("instancesDeleted").asInt()).isEqualTo(1);
        assertThat(send("DELETE", instance(id) + key, null, false).statusCode()).isEqualTo(404);
        assertThat(send("GET", instance(id) + key, null, false).statusCode()).isEqualTo(404);
    }

    @Test
    void anOrchestrationStartedThroughTheSdkIsSeenAndControlledThroughTheApi() throws Exception {
        var sdk = api.taskHub().client();
        String id = sdk.scheduleNewOrchestrationInstance(io.durascale.pipeline.orchestration.BatchCompute.NAME,
                new io.durascale.pipeline.orchestration.BatchRequest(1, 16, "stencil", 3, 60));
        String key = "?code=" + KEY;
        JsonNode running = JSON.readTree(awaitStatus(base + instance(id) + key, "Running").body());
        assertThat(running.get("input").get("inputCount").asInt()).isEqualTo(1);
        assertThat(send("POST", instance(id) + "/suspend" + key, null, false).statusCode()).isEqualTo(202);
        Await.until(Duration.ofSeconds(30), "the SDK sees the suspension", () -> sdk.getInstanceMetadata(id, false)
                .getRuntimeStatus() == com.microsoft.durabletask.OrchestrationRuntimeStatus.SUSPENDED);
        assertThat(send("POST", instance(id) + "/resume" + key, null, false).statusCode()).isEqualTo(202);
        assertThat(send("POST", instance(id) + "/raiseEvent/" + BlockEvents.BLOCK_COMPLETED + key,
                JSON.writeValueAsString(new BlockEvents.BlockCompleted("00000", "sha", 1, "w", true)), false).statusCode())
                .isEqualTo(202);
        var done = sdk.waitForInstanceCompletion(id, Duration.ofSeconds(30), true);
        assertThat(done.getRuntimeStatus()).isEqualTo(com.microsoft.durabletask.OrchestrationRuntimeStatus.COMPLETED);
        assertThat(JSON.readTree(send("GET", "/api/status/" + id, null, false).body()).get("result").get("completed").asInt())
                .isEqualTo(1);
        assertThat(send("DELETE", instance(id) + key, null, false).statusCode()).isEqualTo(200);
        assertThat(sdk.getInstanceMetadata(id, false).isInstanceFound()).isFalse();
    }

    @Test
    void instancesAreListedInPagesWithAContinuationHeader() throws Exception {
        Set<String> mine = new HashSet<>();
        String prefix = "list-" + System.nanoTime() + "-";
        for (int i = 0; i < 5; i++) {
            assertThat(send("POST", "/api/orchestrators/BatchCompute/" + prefix + i + "?inputCount=1", null, false).statusCode())
                    .isEqualTo(202);
            mine.add(prefix + i);
        }
        Set<String> seen = new HashSet<>();
        String token = null;
        int pages = 0;
        do {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base
                    + "/runtime/webhooks/durabletask/instances?code=" + KEY + "&top=2&instanceIdPrefix=" + prefix));
            if (token != null) {
                request.header("x-ms-continuation-token", token);
            }
            HttpResponse<String> page = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            for (Iterator<JsonNode> it = JSON.readTree(page.body()).elements(); it.hasNext(); ) {
                assertThat(seen.add(it.next().get("instanceId").asText())).isTrue();
            }
            token = page.headers().firstValue("x-ms-continuation-token").orElse(null);
            pages++;
        } while (token != null);
        assertThat(seen).isEqualTo(mine);
        assertThat(pages).isEqualTo(3);
        assertThat(send("GET", "/runtime/webhooks/durabletask/instances?code=" + KEY + "&top=zero", null, false).statusCode())
                .isEqualTo(400);
        assertThat(send("GET", "/runtime/webhooks/durabletask/instances?code=" + KEY + "&runtimeStatus=Sleeping", null, false)
                .statusCode()).isEqualTo(400);
    }

    // ---- helpers ----

    private static String startBatch(int blocks) throws Exception {
        HttpResponse<String> started = send("POST", "/api/orchestrators/BatchCompute?inputCount=" + blocks, null, false);
        assertThat(started.statusCode()).isEqualTo(202);
        return JSON.readTree(started.body()).get("id").asText();
    }

    private static void complete(String id, int blocks) {
        for (int i = 0; i < blocks; i++) {
            api.taskHub().client().raiseEvent(id, BlockEvents.BLOCK_COMPLETED,
                    new BlockEvents.BlockCompleted(String.format("%05d", i), "sha", 1, "w", true));
        }
    }

    private static String instance(String id) {
        return "/runtime/webhooks/durabletask/instances/" + id;
    }

    /** {@code emptyBody} sends an explicit Content-Length: 0, as the seed's curl does. */
    private static HttpResponse<String> send(String method, String path, String body, boolean emptyBody) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null || body.isBlank() ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.trim());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).method(method, publisher);
        if (emptyBody) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> awaitStatus(String url, String status) {
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        Await.until(Duration.ofSeconds(30), url + " shows " + status, () -> {
            HttpResponse<String> response = get(url);
            last.set(response);
            return response.statusCode() < 300 && status.equals(runtimeStatus(response));
        }, () -> last.get() == null ? "" : last.get().body());
        return last.get();
    }

    private static HttpResponse<String> get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String runtimeStatus(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body()).path("runtimeStatus").asText();
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
