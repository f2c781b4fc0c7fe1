package io.durascale.pipeline.local.keda;

import io.durascale.pipeline.local.hpa.ExternalMetricSpec;
import io.durascale.pipeline.scaler.proto.ExternalScalerGrpc;
import io.durascale.pipeline.scaler.proto.GetMetricsRequest;
import io.durascale.pipeline.scaler.proto.GetMetricsResponse;
import io.durascale.pipeline.scaler.proto.MetricSpec;
import io.durascale.pipeline.scaler.proto.MetricValue;
import io.durascale.pipeline.scaler.proto.ScaledObjectRef;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * KEDA's {@code external} scaler ({@code pkg/scalers/external_scaler.go}): each question goes over real gRPC, with
 * the client generated from the vendored {@code externalscaler.proto}, to the scaler at the trigger's address.
 * As KEDA does, the metadata's {@code *FromEnv} values are resolved from the scaled workload's environment before
 * they are sent (a variable that is not set is left out); the metric names get KEDA's {@code s<index>-} prefix,
 * which is taken off again in {@code GetMetrics}; and a check asks {@code GetMetrics}, then {@code IsActive}.
 */
public final class ExternalScaler implements Scaler {

    /**
     * Each call's deadline. Only GetMetricSpec waits for the scaler to be reachable; a check against a scaler that
     * is down fails at once, so the control loop goes on reconciling pods.
     */
    static final Duration CALL_DEADLINE = Duration.ofSeconds(10);

    private final ExternalTrigger trigger;
    private final String prefix;
    private final ScaledObjectRef ref;
    private final ManagedChannel channel;
    private final ExternalScalerGrpc.ExternalScalerBlockingStub stub;

    /**
     * @param triggerIndex the trigger's position in the ScaledObject, the metric names' {@code s<index>-} prefix
     * @param scaledObject the ScaledObject's name, sent in every call
     * @param namespace its namespace
     * @param workloadEnvironment the scaled workload's environment, which {@code *FromEnv} values name
     */
    public ExternalScaler(ExternalTrigger trigger, int triggerIndex, String scaledObject, String namespace,
                          Map<String, String> workloadEnvironment) {
        this.trigger = Objects.requireNonNull(trigger, "trigger");
        this.prefix = "s" + triggerIndex + "-";
        this.ref = ScaledObjectRef.newBuilder().setName(scaledObject).setNamespace(namespace)
                .putAllScalerMetadata(resolve(trigger.metadata(), workloadEnvironment)).build();
        this.channel = NettyChannelBuilder.forTarget(trigger.scalerAddress()).usePlaintext().build();
        this.stub = ExternalScalerGrpc.newBlockingStub(channel);
    }

    /** {@code parseExternalScalerMetadata}: {@code <key>FromEnv} values become the variables' values. */
    static Map<String, String> resolve(Map<String, String> metadata, Map<String, String> environment) {
        Map<String, String> sent = new LinkedHashMap<>();
        metadata.forEach((key, value) -> {
            if (!key.endsWith("FromEnv")) {
                sent.put(key, value);
            } else if (environment.get(value) != null && !environment.get(value).isEmpty()) {
                sent.put(key, environment.get(value));
            }
        });
        return sent;
    }

    @Override
    public MetricsAndActivity getMetricsAndActivity(String metricName) {
        if (!metricName.startsWith(prefix)) {
            // RemoveIndexFromMetricName's error.
            throw new IllegalArgumentException("metric name '" + metricName + "' does not start with " + prefix);
        }
        String name = metricName.substring(prefix.length());
        try {
            GetMetricsResponse metrics = call().getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(ref)
                    .setMetricName(name).build());
            MetricValue value = metrics.getMetricValuesList().stream().filter(v -> v.getMetricName().equals(name))
                    .findFirst().orElseThrow(() -> new IllegalStateException("the external scaler at "
                            + trigger.scalerAddress() + " answered no value for " + name));
            boolean active = call().isActive(ref).getResult();
            // KEDA takes metricValueFloat when it is above 0; the local HPA's metric is whole, so a fraction rounds up.
            double number = value.getMetricValueFloat() > 0 ? value.getMetricValueFloat() : value.getMetricValue();
            return new MetricsAndActivity((long) Math.ceil(number), active);
        } catch (StatusRuntimeException e) {
            throw failure("GetMetrics/IsActive", e);
        }
    }

    @Override
    public List<ExternalMetricSpec> getMetricSpecForScaling() {
        List<MetricSpec> specs;
        try {
            // Waits for the channel: the scaler may still be starting when the ScaledObject is created.
            specs = call().withWaitForReady().getMetricSpec(ref).getMetricSpecsList();
        } catch (StatusRuntimeException e) {
            throw failure("GetMetricSpec", e);
        }
        if (specs.isEmpty()) {
            throw new IllegalStateException("the external scaler at " + trigger.scalerAddress() + " gave no metric spec");
        }
        return specs.stream().map(spec -> new ExternalMetricSpec(prefix + spec.getMetricName(),
                spec.getTargetSizeFloat() > 0 ? (long) Math.ceil(spec.getTargetSizeFloat()) : spec.getTargetSize())).toList();
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public ExternalTrigger trigger() {
        return trigger;
    }

    private ExternalScalerGrpc.ExternalScalerBlockingStub call() {
        return stub.withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One line for the timeline's {@code error}: the call, the status and the scaler's own description. */
    private IllegalStateException failure(String call, StatusRuntimeException e) {
        String description = e.getStatus().getDescription();
        return new IllegalStateException("external scaler " + trigger.scalerAddress() + " " + call + ": "
                + e.getStatus().getCode() + (description == null ? "" : ": " + description), e);
    }
}
