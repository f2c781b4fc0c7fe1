package io.durascale.worker.consumer;

import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The worker's small HTTP port for Kubernetes and Prometheus: {@code /healthz} (liveness: the
 * receiver is alive), {@code /readyz} (receiving and storage answering; 503 while starting or
 * draining) and {@code /metrics} (Prometheus text format).
 */
public final class HealthServer implements AutoCloseable {

    private final Javalin app;

    private HealthServer(Javalin app) {
        this.app = app;
    }

    /** Starts serving on {@code host:port}; port 0 picks a free port (see {@link #port}). */
    public static HealthServer start(QueueConsumer consumer, String host, int port) {
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("durascale-http");
        threads.setDaemon(true);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.threadPool = threads;
            config.routes.get("/healthz", ctx -> {
                if (consumer.isHealthy()) {
                    ctx.result("ok\n");
                } else {
                    ctx.status(HttpStatus.SERVICE_UNAVAILABLE).result("receiver failed\n");
                }
            });
            config.routes.get("/readyz", ctx -> {
                if (consumer.isReady()) {
                    ctx.result("ready\n");
                } else {
                    ctx.status(HttpStatus.SERVICE_UNAVAILABLE).result("not ready: " + consumer.readiness() + "\n");
                }
            });
            config.routes.get("/metrics", ctx -> {
                ctx.contentType(consumer.metrics().contentType());
                ctx.result(consumer.metrics().text());
            });
        });
        app.start(host, port);
        return new HealthServer(app);
    }

    /** The port actually bound. */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
