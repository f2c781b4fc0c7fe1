package io.durascale.pipeline.scaler.grpc;

import io.durascale.pipeline.scaler.InvalidMetadataException;
import io.durascale.pipeline.scaler.ScalerMetrics;
import io.durascale.pipeline.scaler.TaskHubScaler;
import io.durascale.pipeline.scaler.TaskHubScalers;
import io.durascale.pipeline.scaler.TaskHubUnavailableException;
import io.durascale.pipeline.scaler.proto.ExternalScalerGrpc;
import io.durascale.pipeline.scaler.proto.GetMetricSpecResponse;
import io.durascale.pipeline.scaler.proto.GetMetricsRequest;
import io.durascale.pipeline.scaler.proto.GetMetricsResponse;
import io.durascale.pipeline.scaler.proto.IsActiveResponse;
import io.durascale.pipeline.scaler.proto.MetricSpec;
import io.durascale.pipeline.scaler.proto.MetricValue;
import io.durascale.pipeline.scaler.proto.ScaledObjectRef;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KEDA's {@code externalscaler.ExternalScaler} service in front of the {@link TaskHubScalers}: protocol types end
 * here. Every request carries its trigger's metadata; an error becomes one status, never a crash —
 * {@code INVALID_ARGUMENT} naming the field for bad metadata, {@code UNAVAILABLE} when storage cannot be read
 * (KEDA then leaves the replicas alone), {@code INTERNAL} for anything else, which is logged with its trace.
 *
 * <p>{@code StreamIsActive} ({@code external-push} triggers) sends the activity when the stream opens and then
 * once per the metadata's polling interval; {@code StreamMetricSpec} sends the spec once and holds the stream open,
 * since a trigger's spec never changes (KEDA's rule for it: the same values as {@code GetMetricSpec}).
 */
public final class ExternalScalerService extends ExternalScalerGrpc.ExternalScalerImplBase {

    private static final Logger log = LoggerFactory.getLogger(ExternalScalerService.class);

    private final TaskHubScalers scalers;
    private final ScalerMetrics metrics;
    private final ScheduledExecutorService streams;

    /**
     * @param streams runs the checks of open {@code StreamIsActive} streams; the caller owns and stops it
     */
    public ExternalScalerService(TaskHubScalers scalers, ScalerMetrics metrics, ScheduledExecutorService streams) {
        this.scalers = Objects.requireNonNull(scalers, "scalers");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.streams = Objects.requireNonNull(streams, "streams");
    }

    @Override
    public void isActive(ScaledObjectRef request, StreamObserver<IsActiveResponse> response) {
        unary("IsActive", response, () -> activity(request));
    }

    @Override
    public void getMetricSpec(ScaledObjectRef request, StreamObserver<GetMetricSpecResponse> response) {
        unary("GetMetricSpec", response, () -> spec(request));
    }

    @Override
    public void getMetrics(GetMetricsRequest request, StreamObserver<GetMetricsResponse> response) {
        unary("GetMetrics", response, () -> {
            ScaledObjectRef ref = request.getScaledObjectRef();
            TaskHubScaler scaler = scalers.scalerFor(ref.getScalerMetadataMap());
            TaskHubScaler.Answer answer = scaler.getMetricsAndActivity(request.getMetricName());
            metrics.answered(scaledObject(ref), answer, scaler.metadata().hub());
            return GetMetricsResponse.newBuilder().addMetricValues(MetricValue.newBuilder()
                    .setMetricName(request.getMetricName())
                    .setMetricValue(answer.hosts())
                    .setMetricValueFloat(answer.hosts())).build();
        });
    }

    @Override
    public void streamIsActive(ScaledObjectRef request, StreamObserver<IsActiveResponse> response) {
        TaskHubScaler scaler;
        try {
            scaler = scalers.scalerFor(request.getScalerMetadataMap());
        } catch (RuntimeException e) {
            fail("StreamIsActive", response, e);
            return;
        }
        new ActivityStream(request, (ServerCallStreamObserver<IsActiveResponse>) response,
                scaler.metadata().pollingInterval().toMillis()).start();
    }

    @Override
    public void streamMetricSpec(ScaledObjectRef request, StreamObserver<GetMetricSpecResponse> response) {
        try {
            response.onNext(spec(request));
            metrics.requested("StreamMetricSpec", Status.Code.OK.name());
        } catch (RuntimeException e) {
            fail("StreamMetricSpec", response, e);
        }
        // Held open: KEDA reads an ended stream as a reason to reconnect, and the spec has nothing more to say.
    }

    /** One open StreamIsActive: a check now, then one per polling interval, each scheduled by the one before. */
    private final class ActivityStream implements Runnable {
        private final ScaledObjectRef request;
        private final ServerCallStreamObserver<IsActiveResponse> stream;
        private final long periodMillis;
        private volatile boolean closed;
        private volatile ScheduledFuture<?> next;

        ActivityStream(ScaledObjectRef request, ServerCallStreamObserver<IsActiveResponse> stream, long periodMillis) {
            this.request = request;
            this.stream = stream;
            this.periodMillis = periodMillis;
        }

        void start() {
            stream.setOnCancelHandler(() -> {
                closed = true;
                ScheduledFuture<?> pending = next;
                if (pending != null) {
                    pending.cancel(false);
                }
            });
            next = streams.schedule(this, 0, TimeUnit.MILLISECONDS);
        }

        @Override
        public void run() {
            if (closed) {
                return;
            }
            try {
                stream.onNext(activity(request));
            } catch (RuntimeException e) {
                closed = true;
                if (!stream.isCancelled()) {
                    fail("StreamIsActive", stream, e);
                }
                return;
            }
            if (!closed) {
                next = streams.schedule(this, periodMillis, TimeUnit.MILLISECONDS);
            }
        }
    }

    private IsActiveResponse activity(ScaledObjectRef request) {
        TaskHubScaler scaler = scalers.scalerFor(request.getScalerMetadataMap());
        TaskHubScaler.Answer answer = scaler.isActive();
        metrics.answered(scaledObject(request), answer, scaler.metadata().hub());
        return IsActiveResponse.newBuilder().setResult(answer.active()).build();
    }

    private GetMetricSpecResponse spec(ScaledObjectRef request) {
        TaskHubScaler.MetricSpec spec = scalers.scalerFor(request.getScalerMetadataMap()).getMetricSpecForScaling();
        return GetMetricSpecResponse.newBuilder().addMetricSpecs(MetricSpec.newBuilder()
                .setMetricName(spec.metricName())
                .setTargetSize(spec.targetSize())
                .setTargetSizeFloat(spec.targetSize())).build();
    }

    private <T> void unary(String method, StreamObserver<T> response, Supplier<T> answer) {
        T value;
        try {
            value = answer.get();
        } catch (RuntimeException e) {
            fail(method, response, e);
            return;
        }
        response.onNext(value);
        response.onCompleted();
        metrics.requested(method, Status.Code.OK.name());
    }

    private void fail(String method, StreamObserver<?> response, RuntimeException e) {
        Status status = status(e);
        if (status.getCode() == Status.Code.INTERNAL) {
            log.error("{} failed", method, e);
        } else {
            log.debug("{}: {}", method, status.getDescription());
        }
        metrics.requested(method, status.getCode().name());
        try {
            response.onError(status.asRuntimeException());
        } catch (IllegalStateException | StatusRuntimeException alreadyClosed) {
            // The client went away first: nothing left to tell it.
        }
    }

    /** The status a failure is answered with. */
    static Status status(RuntimeException e) {
        if (e instanceof InvalidMetadataException) {
            return Status.INVALID_ARGUMENT.withDescription(e.getMessage());
        }
        if (e instanceof TaskHubUnavailableException) {
            return Status.UNAVAILABLE.withDescription(e.getMessage());
        }
        return Status.INTERNAL.withDescription("the task-hub scaler failed: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())));
    }

    private static String scaledObject(ScaledObjectRef ref) {
        return (ref.getNamespace().isEmpty() ? "default" : ref.getNamespace()) + "/"
                + (ref.getName().isEmpty() ? "(unnamed)" : ref.getName());
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline) : message;
    }
}
