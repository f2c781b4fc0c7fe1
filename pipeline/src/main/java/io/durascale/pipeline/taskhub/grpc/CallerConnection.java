package io.durascale.pipeline.taskhub.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.SocketAddress;

/**
 * Which connection a gRPC call came in on: the remote address of its transport, put into the
 * call's {@link Context} by this interceptor (registered on the server in {@code TaskHubServer}).
 *
 * <p>A 1.5.0 SDK worker uses one channel, one HTTP/2 connection, for its GetWorkItems stream
 * and its completion calls, so the address tells which worker a completion comes from.
 */
public final class CallerConnection implements ServerInterceptor {

    private static final Context.Key<SocketAddress> REMOTE_ADDRESS = Context.key("durascale-remote-address");

    /** The remote address of the current gRPC call, or null outside one (or when the transport does not say). */
    static SocketAddress current() {
        return REMOTE_ADDRESS.get();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        if (remote == null) {
            return next.startCall(call, headers);
        }
        return Contexts.interceptCall(Context.current().withValue(REMOTE_ADDRESS, remote), call, headers, next);
    }
}
