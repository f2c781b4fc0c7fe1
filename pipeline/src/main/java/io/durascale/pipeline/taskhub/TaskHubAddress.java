package io.durascale.pipeline.taskhub;

import com.microsoft.durabletask.DurableTaskClient;
import com.microsoft.durabletask.DurableTaskGrpcClientBuilder;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

/** Where a task hub listens ({@code host:port}), and a durabletask client for it. */
public record TaskHubAddress(String host, int port) {

    public TaskHubAddress {
        if (host == null || host.isBlank() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("a task hub address is host:port with a port of 1-65535");
        }
    }

    /**
     * Parses {@code host:port} (or just {@code port}, meaning localhost).
     *
     * @throws IllegalArgumentException with the expected form
     */
    public static TaskHubAddress parse(String text) {
        String value = text == null ? "" : text.trim();
        int colon = value.lastIndexOf(':');
        try {
            if (colon < 0) {
                return new TaskHubAddress("localhost", Integer.parseInt(value));
            }
            return new TaskHubAddress(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a task hub address (host:port, e.g. localhost:4001)");
        }
    }

    /** A client over its own channel; closing the client's channel is the caller's, via {@link Client#close()}. */
    public Client client() {
        ManagedChannel channel = ManagedChannelBuilder.forAddress(host, port).usePlaintext()
                .maxInboundMessageSize(64 * 1024 * 1024).build();
        return new Client(new DurableTaskGrpcClientBuilder().grpcChannel(channel).build(), channel);
    }

    /** A durabletask client and the channel it runs on. */
    public record Client(DurableTaskClient client, ManagedChannel channel) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
            channel.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
