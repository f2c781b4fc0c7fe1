package io.durascale.reports.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Debian's real chromium, headless, driven over the Chrome DevTools Protocol with the JDK's WebSocket
 * client (nothing downloaded). Every http(s) request is sent to a dead proxy, so a page that needs the
 * network fails visibly; console errors, exceptions and requests are collected for the test to inspect.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path BINARY = Path.of(System.getenv().getOrDefault("DURASCALE_CHROMIUM", "/usr/bin/chromium"));
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<JsonNode> events = new ConcurrentLinkedQueue<>();

    private HeadlessChromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    static HeadlessChromium launch(Path profile) throws IOException, InterruptedException {
        Files.createDirectories(profile);
        Path log = profile.resolveSibling(profile.getFileName() + ".log");
        Process process = new ProcessBuilder(BINARY.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps",
                "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "--remote-allow-origins=*",
                "--window-size=1400,1000", "about:blank")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // Chromium writes its DevTools port into the profile once it listens.
            Path portFile = profile.resolve("DevToolsActivePort");
            waitFor("chromium to listen for DevTools (log: " + log + ")", START_TIMEOUT,
                    () -> !process.isAlive() || Files.isRegularFile(portFile) && lines(portFile).size() >= 2);
            if (!process.isAlive()) {
                throw new IOException("chromium exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            int port = Integer.parseInt(lines(portFile).get(0).trim());
            HttpClient http = HttpClient.newHttpClient();
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            String url = null;
            for (JsonNode t : targets) {
                if (t.path("type").asText().equals("page")) {
                    url = t.path("webSocketDebuggerUrl").asText();
                    break;
                }
            }
            if (url == null) {
                throw new IOException("chromium has no page target: " + targets);
            }
            HeadlessChromium[] self = new HeadlessChromium[1];
            Listener listener = new Listener(self);
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(url), listener).get(30, TimeUnit.SECONDS);
            self[0] = new HeadlessChromium(process, socket);
            return self[0];
        } catch (IOException | InterruptedException | RuntimeException e) {
            kill(process);
            throw e;
        } catch (Exception e) {
            kill(process);
            throw new IOException("cannot connect to chromium's DevTools: " + e, e);
        }
    }

    /** Sends a DevTools command and waits for its result. */
    JsonNode send(String method, Map<String, ?> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        socket.sendText(JSON.writeValueAsString(message), true).get(30, TimeUnit.SECONDS);
        JsonNode response = reply.get(60, TimeUnit.SECONDS);
        if (response.has("error")) {
            throw new IOException(method + " failed: " + response.get("error"));
        }
        return response.path("result");
    }

    /** Evaluates an expression in the page and returns its value (JSON-compatible values only). */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new IOException("evaluating " + expression + ": " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    List<JsonNode> events(String method) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : events) {
            if (e.path("method").asText().equals(method)) {
                out.add(e.path("params"));
            }
        }
        return out;
    }

    void clearEvents() {
        events.clear();
    }

    static void waitFor(String what, Duration timeout, BooleanSupplier condition) {
        try {
            Awaitility.await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what, e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the browser goes anyway
        }
        kill(process);
    }

    /** Ends chromium and the renderer/zygote processes it started, and nothing else. */
    private static void kill(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(child -> {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        });
    }

    private static final class Listener implements WebSocket.Listener {

        private final HeadlessChromium[] owner;
        private final StringBuilder buffer = new StringBuilder();

        Listener(HeadlessChromium[] owner) {
            this.owner = owner;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                String text = buffer.toString();
                buffer.setLength(0);
                try {
                    JsonNode message = JSON.readTree(text);
                    HeadlessChromium self = owner[0];
                    if (self != null) {
                        if (message.has("id")) {
                            CompletableFuture<JsonNode> reply = self.pending.remove(message.get("id").asInt());
                            if (reply != null) {
                                reply.complete(message);
                            }
                        } else {
                            self.events.add(message);
                        }
                    }
                } catch (IOException e) {
                    // not JSON: DevTools sends nothing else
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
