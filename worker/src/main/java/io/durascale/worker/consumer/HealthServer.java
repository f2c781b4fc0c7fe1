package io.durascale.worker.consumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The worker's small HTTP port for Kubernetes and Prometheus: {@code /healthz} (liveness: the
 * receiver is alive), {@code /readyz} (receiving and storage answering; 503 while starting or
 * draining) and {@code /metrics} (Prometheus text format).
 *
 * <p>The JDK's own HTTP server ({@code jdk.httpserver}) rather than Jetty: three probe routes need no framework,
 * and loading Jetty and Javalin was about 900 classes and a large share of the worker's start-up — which is part of
 * every scale-from-zero.
 */
public final class HealthServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads;

    private HealthServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** Starts serving on {@code host:port}; port 0 picks a free port (see {@link #port}). */
    public static HealthServer start(QueueConsumer consumer, String host, int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
        ExecutorService threads = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "durascale-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try (exchange) {
                if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
                    return;
                }
                switch (exchange.getRequestURI().getPath()) {
                    case "/healthz" -> {
                        if (consumer.isHealthy()) {
                            send(exchange, 200, "text/plain; charset=utf-8", "ok\n");
                        } else {
                            send(exchange, 503, "text/plain; charset=utf-8", "receiver failed\n");
                        }
                    }
                    case "/readyz" -> {
                        if (consumer.isReady()) {
                            send(exchange, 200, "text/plain; charset=utf-8", "ready\n");
                        } else {
                            send(exchange, 503, "text/plain; charset=utf-8", "not ready: " + consumer.readiness() + "\n");
                        }
                    }
                    case "/metrics" -> send(exchange, 200, consumer.metrics().contentType(), consumer.metrics().text());
                    default -> send(exchange, 404, "text/plain; charset=utf-8", "not found: /healthz, /readyz, /metrics\n");
                }
            }
        });
        server.start();
        return new HealthServer(server, threads);
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
