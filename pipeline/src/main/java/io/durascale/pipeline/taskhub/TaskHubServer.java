package io.durascale.pipeline.taskhub;

import io.durascale.pipeline.taskhub.grpc.CallerConnection;
import io.durascale.pipeline.taskhub.grpc.SidecarService;
import io.durascale.storage.StorageAccount;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The task hub behind its gRPC port: what {@code pipeline.jar taskhub} runs, and what tests start. */
public final class TaskHubServer implements AutoCloseable {

    /** The durabletask SDK's default sidecar port. */
    public static final int DEFAULT_PORT = 4001;

    private static final Logger log = LoggerFactory.getLogger(TaskHubServer.class);
    /** Large histories (fan-out of thousands) make large work items. */
    private static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    private final TaskHub hub;
    private final Server server;

    private TaskHubServer(TaskHub hub, Server server) {
        this.hub = hub;
        this.server = server;
    }

    /**
     * Starts the task hub and serves it on {@code bind:port} (port 0 picks a free one).
     *
     * @throws UncheckedIOException naming the port when it cannot be bound
     */
    public static TaskHubServer start(StorageAccount storage, TaskHubSettings settings, String bind, int port) {
        TaskHub hub = new TaskHub(storage, settings).start();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(bind, port))
                .addService(ServerInterceptors.intercept(new SidecarService(hub), new CallerConnection()))
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .build();
        try {
            server.start();
        } catch (IOException e) {
            hub.close();
            throw new UncheckedIOException("cannot listen on " + bind + ":" + port + " (is another task hub running there?)", e);
        }
        log.info("task hub {} serving the Durable Task sidecar protocol on {}:{}", settings.hubName(), bind, server.getPort());
        return new TaskHubServer(hub, server);
    }

    public int port() {
        return server.getPort();
    }

    public TaskHub hub() {
        return hub;
    }

    @Override
    public void close() {
        server.shutdown();
        hub.close();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
    }
}
