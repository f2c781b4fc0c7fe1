package io.durascale.pipeline.scaler.grpc;

import io.durascale.pipeline.scaler.ScalerMetrics;
import io.durascale.pipeline.scaler.TaskHubScalers;
import io.durascale.storage.StorageAccount;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The task-hub scaler behind its gRPC port: what {@code pipeline.jar scaler} runs, and what tests and the local KEDA start. */
public final class ScalerServer implements AutoCloseable {

    /** The port KEDA's external-scaler examples use. */
    public static final int DEFAULT_PORT = 6000;

    private static final Logger log = LoggerFactory.getLogger(ScalerServer.class);
    /** A ScaledObjectRef is a few hundred bytes; anything near this is not KEDA. */
    private static final int MAX_MESSAGE_BYTES = 1024 * 1024;

    private final Server server;
    private final ScheduledExecutorService streams;
    private final ScalerMetrics metrics;

    private ScalerServer(Server server, ScheduledExecutorService streams, ScalerMetrics metrics) {
        this.server = server;
        this.streams = streams;
        this.metrics = metrics;
    }

    /**
     * Serves the scaler on {@code bind:port} (port 0 picks a free one).
     *
     * @param account the storage of triggers that name no {@code connectionFromEnv}; the caller closes it
     * @throws UncheckedIOException naming the port when it cannot be bound
     */
    public static ScalerServer start(StorageAccount account, String bind, int port, Clock clock) {
        ScalerMetrics metrics = new ScalerMetrics();
        ScheduledExecutorService streams = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "scaler-streams");
            thread.setDaemon(true);
            return thread;
        });
        TaskHubScalers scalers = new TaskHubScalers(account, clock, metrics);
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(bind, port))
                .addService(MalformedRequests.guard(new ExternalScalerService(scalers, metrics, streams).bindService()))
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .build();
        try {
            server.start();
        } catch (IOException e) {
            streams.shutdownNow();
            throw new UncheckedIOException("cannot listen on " + bind + ":" + port + " (is another scaler running there?)", e);
        }
        log.info("task-hub scaler serving KEDA's external scaler protocol on {}:{}", bind, server.getPort());
        return new ScalerServer(server, streams, metrics);
    }

    public int port() {
        return server.getPort();
    }

    public ScalerMetrics metrics() {
        return metrics;
    }

    /**
     * Stops taking calls and waits up to 2 s for those in progress; then ends the rest, held-open streams
     * included (KEDA reconnects them to whichever scaler replica serves next).
     */
    @Override
    public void close() {
        server.shutdown();
        streams.shutdownNow();
        try {
            if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
    }
}
