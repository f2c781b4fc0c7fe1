package io.durascale.pipeline.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.durascale.pipeline.testing.ApiFixture;
import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests the server framework answers before any route runs, or that no route takes, sent as raw bytes on a socket
 * (a client library would refuse to send most of them): every answer is a 4xx with a JSON {@code {"error": "..."}}
 * body, never Jetty's HTML or Javalin's plain text, never a 5xx.
 */
@ExtendWith(StorageExtension.class)
class ApiMalformedInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.1 (\\d{3})");
    private static ApiFixture api;

    /** {@code -Ddurascale.fuzz.port=7071}: send everything to an API already running there (a `up`) instead. */
    private static final Integer EXTERNAL_PORT = Integer.getInteger("durascale.fuzz.port");

    private static int port() {
        return EXTERNAL_PORT != null ? EXTERNAL_PORT : api.port();
    }

    @BeforeAll
    static void start(TestStorage storage) {
        if (EXTERNAL_PORT != null) {
            return;
        }
        // A start that a mutation leaves valid is accepted (202); its jobs go to this test's queue, which no one reads.
        storage.queue("jobs");
        api = ApiFixture.start(storage, "test-host-key-0123456789", 1, storage.name("jobs"));
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    record Case(String name, int status, byte[] request) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case[] cases() {
        String big = "a".repeat(20_000);
        String body = "x".repeat(1_100_000);
        return new Case[] {
            raw("unknown route", 404, "GET /api/status/ HTTP/1.1\r\nHost: x\r\n\r\n"),
            raw("unknown top-level route", 404, "GET /nothing/here HTTP/1.1\r\nHost: x\r\n\r\n"),
            raw("NUL in the path", 400, "GET /api/status/%00 HTTP/1.1\r\nHost: x\r\n\r\n"),
            raw("encoded slash (an instance id with a slash: there is none)", 404,
                    "GET /api/status/a%2Fb HTTP/1.1\r\nHost: x\r\n\r\n"),
            raw("bad percent encoding", 400, "GET /api/status/%zz HTTP/1.1\r\nHost: x\r\n\r\n"),
            raw("dot segments above the root", 400, "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"),
            raw("URI too long", 414, "GET /api/status/" + big + " HTTP/1.1\r\nHost: x\r\n\r\n"),
            raw("headers too large", 431, "GET /api/status/x HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\n\r\n"),
            raw("method the route does not take", 405, "PATCH /api/orchestrators/BatchCompute HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Length: 0\r\n\r\n"),
            raw("unknown method", 405, "BREW /api/status/x HTTP/1.1\r\nHost: x\r\n\r\n"),
            raw("garbage request line", 400, "GARBAGE\r\n\r\n"),
            raw("unknown HTTP version", 400, "GET /api/status/x HTTP/9.9\r\nHost: x\r\n\r\n"),
            raw("both Content-Length and chunked", 400, "POST /api/orchestrators/BatchCompute HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
            raw("no Host header", 400, "GET /api/status/x HTTP/1.1\r\n\r\n"),
            raw("non-numeric Content-Length", 400, "POST /api/orchestrators/BatchCompute HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Length: abc\r\n\r\n"),
            raw("broken chunked body", 400, "POST /api/orchestrators/BatchCompute HTTP/1.1\r\nHost: x\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"),
            raw("control character in a header", 400, "GET /api/status/x HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n"),
            raw("body over the limit", 413, "POST /api/orchestrators/BatchCompute HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body),
        };
    }

    private static Case raw(String name, int status, String request) {
        return new Case(name, status, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theAnswerIsAJsonErrorWithAFourHundredStatus(Case c) throws Exception {
        String response = send(c.request());
        Matcher status = STATUS.matcher(response);
        assertThat(status.find()).as("a status line in:\n" + head(response)).isTrue();
        assertThat(Integer.parseInt(status.group(1))).as(head(response)).isEqualTo(c.status());
        int split = response.indexOf("\r\n\r\n");
        String headers = response.substring(0, split).toLowerCase(java.util.Locale.ROOT);
        assertThat(headers).as(head(response)).contains("content-type: application/json");
        JsonNode body = JSON.readTree(response.substring(split + 4));
        assertThat(body.path("error").asText()).as(head(response)).isNotBlank();
        assertThat(body.size()).isEqualTo(1);
    }

    /**
     * Seeded random mutations of well-formed requests — flipped, inserted and dropped bytes, cut requests, odd
     * methods, paths and headers: no answer is a 5xx, every 4xx has a JSON error body. 300 by default;
     * {@code -Ddurascale.fuzz.requests=10000} for the full run.
     */
    @org.junit.jupiter.api.Test
    void randomMalformedRequestsNeverGetA5xxAndEvery4xxIsJson() throws Exception {
        int count = Integer.getInteger("durascale.fuzz.requests", 300);
        java.util.Random random = new java.util.Random(42);
        String[] seeds = {
            "POST /api/orchestrators/BatchCompute?inputCount=2 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
            "GET /api/status/abc HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /runtime/webhooks/durabletask/instances/abc?code=wrong HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /api/orchestrators/BatchCompute HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 19\r\n\r\n{\"inputCount\": 2}  ",
            "DELETE /runtime/webhooks/durabletask/instances/abc HTTP/1.1\r\nHost: x\r\nx-functions-key: nope\r\n\r\n",
        };
        String junk = "%\u0000\u0001\r\n /?#&=\"'<>{}[]\\\u00ff\u007f:;,.-_~";
        java.util.Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int i = 0; i < count; i++) {
            StringBuilder request = new StringBuilder(seeds[random.nextInt(seeds.length)]);
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits && request.length() > 0; e++) {
                int at = random.nextInt(request.length());
                switch (random.nextInt(4)) {
                    case 0 -> request.setCharAt(at, junk.charAt(random.nextInt(junk.length())));
                    case 1 -> request.insert(at, junk.charAt(random.nextInt(junk.length())));
                    case 2 -> request.deleteCharAt(at);
                    default -> request.setLength(Math.max(1, at));
                }
            }
            String response = send(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            Matcher status = STATUS.matcher(response);
            if (!status.find()) {
                statuses.merge(0, 1, Integer::sum); // the server closed without an answer: not an error answer
                continue;
            }
            int code = Integer.parseInt(status.group(1));
            statuses.merge(code, 1, Integer::sum);
            assertThat(code).as("request %d: %s%n%s", i, request, head(response)).isLessThan(500);
            if (code >= 400) {
                int split = response.indexOf("\r\n\r\n");
                assertThat(response.substring(0, split).toLowerCase(java.util.Locale.ROOT))
                        .as("request %d: %s%n%s", i, request, head(response)).contains("content-type: application/json");
                assertThat(JSON.readTree(response.substring(split + 4)).path("error").asText())
                        .as("request %d: %s%n%s", i, request, head(response)).isNotBlank();
            }
        }
        System.out.println("fuzz: " + count + " requests, statuses " + statuses + " (0 = closed without an answer)");
    }

    private static String send(byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                // the server may answer and close before it has read everything (an over-long body): read its answer
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static String head(String response) {
        return response.length() > 600 ? response.substring(0, 600) + "…" : response;
    }
}
