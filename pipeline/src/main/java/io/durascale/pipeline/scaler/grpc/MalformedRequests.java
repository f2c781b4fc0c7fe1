package io.durascale.pipeline.scaler.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Answers a request whose bytes are not the method's message with {@code INVALID_ARGUMENT} naming the message type.
 * grpc-java parses requests before any handler sees them, and a parse failure there closes the call as
 * {@code UNKNOWN} and logs a stack trace ({@code ServerImpl}, "Application error processing RPC"); so the service is
 * served on raw bytes ({@link ServerInterceptors#useInputStreamMessages}) and each request is checked here first.
 */
final class MalformedRequests implements ServerInterceptor {

    private final Map<String, Parser<?>> parsers;

    private MalformedRequests(ServerServiceDefinition service) {
        this.parsers = service.getMethods().stream().collect(Collectors.toMap(
                method -> method.getMethodDescriptor().getFullMethodName(),
                method -> parser(method.getMethodDescriptor())));
    }

    /** The service, checking every request's bytes before its handler parses them. */
    static ServerServiceDefinition guard(ServerServiceDefinition service) {
        return ServerInterceptors.intercept(ServerInterceptors.useInputStreamMessages(service), new MalformedRequests(service));
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Parser<?> parser = parsers.get(call.getMethodDescriptor().getFullMethodName());
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
            private boolean refused;

            @Override
            @SuppressWarnings("unchecked")
            public void onMessage(Q message) {
                byte[] bytes;
                try (InputStream in = (InputStream) message) {
                    bytes = in.readAllBytes();
                    parser.parseFrom(bytes);
                } catch (InvalidProtocolBufferException e) {
                    refused = true;
                    call.close(Status.INVALID_ARGUMENT.withDescription("the request is not a valid "
                            + parser.getClass().getEnclosingClass().getSimpleName() + " (" + e.getMessage() + ")"),
                            new Metadata());
                    return;
                } catch (IOException e) {
                    refused = true;
                    call.close(Status.INVALID_ARGUMENT.withDescription("the request could not be read: " + e.getMessage()),
                            new Metadata());
                    return;
                }
                super.onMessage((Q) new ByteArrayInputStream(bytes));
            }

            @Override
            public void onHalfClose() {
                if (!refused) {
                    super.onHalfClose();
                }
            }
        };
    }

    private static Parser<?> parser(MethodDescriptor<?, ?> method) {
        if (method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> prototype
                && prototype.getMessagePrototype() instanceof Message message) {
            return message.getParserForType();
        }
        throw new IllegalArgumentException(method.getFullMethodName() + " has no protobuf request type");
    }
}
