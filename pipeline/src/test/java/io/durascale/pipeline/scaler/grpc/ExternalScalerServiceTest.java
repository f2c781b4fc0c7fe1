package io.durascale.pipeline.scaler.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.azure.storage.queue.QueueClient;
import com.sun.net.httpserver.HttpServer;
import io.durascale.pipeline.scaler.TimerRows;
import io.durascale.pipeline.scaler.proto.ExternalScalerGrpc;
import io.durascale.pipeline.scaler.proto.GetMetricSpecResponse;
import io.durascale.pipeline.scaler.proto.GetMetricsRequest;
import io.durascale.pipeline.scaler.proto.GetMetricsResponse;
import io.durascale.pipeline.scaler.proto.IsActiveResponse;
import io.durascale.pipeline.scaler.proto.MetricValue;
import io.durascale.pipeline.scaler.proto.ScaledObjectRef;
import io.durascale.pipeline.taskhub.TaskHubNames;
import io.durascale.testkit.Await;
import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The scaler over real gRPC on loopback, called with a client generated from the same vendored proto, reading a hub
 * in Azurite: KEDA's four calls and the stream of metric specs, the timer rule end to end, errors that name the
 * field, and requests that are malformed down to their bytes, after which the server still answers.
 */
@ExtendWith(StorageExtension.class)
class ExternalScalerServiceTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private TestStorage storage;
    private TaskHubNames names;
    private TimerRows timers;
    private ScalerServer server;
    private ManagedChannel channel;
    private ExternalScalerGrpc.ExternalScalerBlockingStub scaler;

    @BeforeEach
    void start(TestStorage storage) {
        this.storage = storage;
        this.names = new TaskHubNames(storage.tableName("Hub"), 4);
        this.timers = TimerRows.of(storage, names);
        server = ScalerServer.start(storage.account(), "127.0.0.1", 0, Clock.systemUTC());
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        scaler = ExternalScalerGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    @Test
    void theMetricSpecIsOneHostPerUnitOfTheHubsMetric() {
        GetMetricSpecResponse spec = call().getMetricSpec(ref(Map.of()));
        assertThat(spec.getMetricSpecsList()).singleElement().satisfies(metric -> {
            assertThat(metric.getMetricName()).isEqualTo("taskhub-" + names.hub().toLowerCase() + "-hosts");
            assertThat(metric.getTargetSize()).isEqualTo(1);
            assertThat(metric.getTargetSizeFloat()).isEqualTo(1.0);
        });
    }

    @Test
    void anIdleHubIsInactiveAndAsksForNoHost() {
        assertThat(call().isActive(ref(Map.of())).getResult()).isFalse();
        assertThat(metric(Map.of()).getMetricValue()).isZero();
    }

    @Test
    void messagesAskForHostsByTheRuleAndActivateTheTier() {
        QueueClient p0 = queue(names.controlQueue(0));
        QueueClient p3 = queue(names.controlQueue(3));
        QueueClient workItems = queue(names.workItemQueue());
        for (int i = 0; i < 10; i++) {
            p0.sendMessage("event " + i);
            p3.sendMessage("event " + i);
        }
        for (int i = 0; i < 35; i++) {
            workItems.sendMessage("activity " + i);
        }
        Map<String, String> settings = Map.of("maxActivitiesPerWorker", "10", "maxOrchestrationsPerWorker", "2");

        // max(ceil(35 / 10), min(2 partitions with messages, ceil(20 / 2))) = max(4, 2)
        MetricValue value = metric(settings);
        assertThat(value.getMetricValue()).isEqualTo(4);
        assertThat(value.getMetricValueFloat()).isEqualTo(4.0);
        assertThat(value.getMetricName()).isEqualTo("taskhub-" + names.hub().toLowerCase() + "-hosts");
        assertThat(call().isActive(ref(settings)).getResult()).isTrue();

        Map<String, String> moreActivities = Map.of("maxActivitiesPerWorker", "50", "maxOrchestrationsPerWorker", "1");
        assertThat(metric(moreActivities).getMetricValue()).as("min(2 partitions, ceil(20 / 1)): the partition cap")
                .isEqualTo(2);

        String scrape = server.metrics().scrape();
        assertThat(scrape).contains("durascale_scaler_active{hub=\"" + names.hub() + "\",scaled_object=\"perf/orchestration\"} 1.0")
                .contains("durascale_scaler_recommended_hosts{hub=\"" + names.hub() + "\",scaled_object=\"perf/orchestration\"} 2.0")
                .contains("durascale_scaler_work_items{hub=\"" + names.hub() + "\"} 35.0")
                .contains("durascale_scaler_requests_total{code=\"OK\",method=\"GetMetrics\"}")
                .contains("durascale_scaler_read_duration_seconds_count{hub=\"" + names.hub() + "\"}");
    }

    @Test
    void aDurableTimerWakesTheTierOnlyWhenItFallsDueWithinThePollingInterval() {
        QueueClient control = queue(names.controlQueue(2));
        Instant due = Instant.now().plus(Duration.ofMinutes(2));
        timers.add(2, due, "waiting-instance", "timer-1");
        control.sendMessageWithResponse(BinaryData.fromString("timer"), Duration.ofMinutes(2), null, null, null);

        assertThat(call().isActive(ref(Map.of("pollingInterval", "30"))).getResult()).as("due in 2 min, polled every 30 s")
                .isFalse();
        assertThat(metric(Map.of("pollingInterval", "30")).getMetricValue()).isZero();
        assertThat(server.metrics().scrape()).contains("durascale_scaler_timers_later{hub=\"" + names.hub() + "\"} 1.0");
        assertThat(call().isActive(ref(Map.of("pollingInterval", "150"))).getResult()).as("due before the next check")
                .isTrue();
    }

    @Test
    void badMetadataIsInvalidArgumentNamingTheFieldOnEveryCall() {
        ScaledObjectRef bad = ref(Map.of("maxOrchestrationsPerWorker", "0"));
        String field = "scalerMetadata.maxOrchestrationsPerWorker: must be at least 1, got 0";
        assertInvalid(() -> call().isActive(bad), field);
        assertInvalid(() -> call().getMetricSpec(bad), field);
        assertInvalid(() -> call().getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(bad)
                .setMetricName("taskhub-x-hosts").build()), field);
        assertInvalid(() -> call().streamIsActive(bad).next(), field);
        assertInvalid(() -> call().streamMetricSpec(bad).next(), field);

        assertInvalid(() -> call().isActive(ScaledObjectRef.getDefaultInstance()), "scalerMetadata.hub: required");
        assertInvalid(() -> call().getMetrics(GetMetricsRequest.getDefaultInstance()), "scalerMetadata.hub: required");
        assertInvalid(() -> call().getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(ref(Map.of()))
                .setMetricName("s0-taskhub-other-hosts").build()), "metricName: this trigger's metric is taskhub-");
        assertThat(server.metrics().scrape()).contains("durascale_scaler_requests_total{code=\"INVALID_ARGUMENT\",method=\"IsActive\"} 2.0");
    }

    @Test
    void malformedBytesAnOversizedRequestAndAnUnknownMethodNeverTakeTheServerDown() {
        MethodDescriptor<byte[], byte[]> rawIsActive = raw("externalscaler.ExternalScaler/IsActive");
        // Field 3 (scalerMetadata) claims 200 bytes and ends after 2: not a ScaledObjectRef.
        byte[] garbage = {0x1a, (byte) 0xc8, 0x01, 0x0a, 0x01};
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, rawIsActive, deadline(), garbage))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("the request is not a valid ScaledObjectRef");
                });
        // Over the 1 MiB limit: the server refuses the stream (the client sees the refusal or the reset).
        byte[] huge = new byte[2 * 1024 * 1024];
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, rawIsActive, deadline(), huge))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                        .isIn(Status.Code.RESOURCE_EXHAUSTED, Status.Code.CANCELLED));
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, raw("externalscaler.ExternalScaler/Nothing"),
                deadline(), new byte[0]))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                        .isEqualTo(Status.Code.UNIMPLEMENTED));
        Map<String, String> bigButValid = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            bigButValid.put("key" + i, "x".repeat(100));
        }
        assertInvalid(() -> call().isActive(ref(bigButValid)), "scalerMetadata.key");

        assertThat(call().isActive(ref(Map.of())).getResult()).as("still answering").isFalse();
    }

    @Test
    void unreadableStorageIsUnavailableInOneLineWithoutTheKey() throws IOException {
        // An account whose every answer is 403, as a wrong key gets from Azure; through connectionFromEnv.
        HttpServer refusing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        refusing.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("x-ms-error-code", "AuthenticationFailed");
            exchange.sendResponseHeaders(403, -1);
            exchange.close();
        });
        refusing.start();
        try {
            String endpoint = "http://127.0.0.1:" + refusing.getAddress().getPort() + "/perfstore";
            String connection = "DefaultEndpointsProtocol=http;AccountName=perfstore;AccountKey=c2VjcmV0LWtleQ==;"
                    + "QueueEndpoint=" + endpoint + ";TableEndpoint=" + endpoint + ";BlobEndpoint=" + endpoint;
            assertThatThrownBy(() -> call().isActive(ref(Map.of("connectionFromEnv", connection))))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                        assertThat(e.getStatus().getDescription())
                                .isEqualTo("cannot read task hub " + names.hub() + ": the storage answered 403 AuthenticationFailed")
                                .doesNotContain("c2VjcmV0");
                    });
        } finally {
            refusing.stop(0);
        }
        assertThat(server.metrics().scrape()).contains("durascale_scaler_reads_total{hub=\"" + names.hub() + "\",outcome=\"error\"} 1.0");
    }

    @Test
    void aConnectionFromEnvReadsThatAccount() {
        queue(names.workItemQueue()).sendMessage("activity");
        assertThat(call().isActive(ref(Map.of("connectionFromEnv", storage.connectionString()))).getResult()).isTrue();
    }

    @Test
    void streamIsActiveAnswersAtOnceThenEveryPollingIntervalUntilCancelled() {
        List<Boolean> answers = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();
        context.run(() -> ExternalScalerGrpc.newStub(channel).streamIsActive(ref(Map.of("pollingInterval", "1")),
                ExternalScalerServiceTest.<IsActiveResponse>observer(
                        answer -> answers.add(answer.getResult()), failed)));
        Await.until(DEADLINE, "the first answer", () -> !answers.isEmpty());
        assertThat(answers.get(0)).isFalse();

        queue(names.controlQueue(1)).sendMessage("start");
        Await.until(DEADLINE, "an active answer after the message", () -> answers.contains(true), answers::toString);
        context.cancel(null);
        assertThat(failed.get()).isNull();
        assertThat(call().isActive(ref(Map.of())).getResult()).as("the server goes on").isTrue();
    }

    @Test
    void streamMetricSpecSendsTheSpecAtOnceAndStaysOpen() {
        List<GetMetricSpecResponse> specs = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> ended = new AtomicReference<>();
        io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();
        context.run(() -> ExternalScalerGrpc.newStub(channel).streamMetricSpec(ref(Map.of()), observer(specs::add, ended)));
        Await.until(DEADLINE, "the spec", () -> !specs.isEmpty());
        assertThat(specs.get(0)).isEqualTo(call().getMetricSpec(ref(Map.of())));
        assertThat(ended.get()).as("not ended by the server").isNull();
        context.cancel(null);
    }

    private ExternalScalerGrpc.ExternalScalerBlockingStub call() {
        return scaler.withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static CallOptions deadline() {
        return CallOptions.DEFAULT.withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The trigger's metadata as KEDA sends it: the hub, the settings, and KEDA's own scalerAddress. */
    private ScaledObjectRef ref(Map<String, String> settings) {
        Map<String, String> metadata = new HashMap<>(settings);
        metadata.putIfAbsent("hub", names.hub());
        metadata.put("scalerAddress", "127.0.0.1:" + server.port());
        return ScaledObjectRef.newBuilder().setName("orchestration").setNamespace("perf").putAllScalerMetadata(metadata).build();
    }

    private MetricValue metric(Map<String, String> settings) {
        ScaledObjectRef ref = ref(settings);
        String name = call().getMetricSpec(ref).getMetricSpecs(0).getMetricName();
        GetMetricsResponse response = call().getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(ref)
                .setMetricName(name).build());
        assertThat(response.getMetricValuesList()).hasSize(1);
        return response.getMetricValues(0);
    }

    private QueueClient queue(String name) {
        QueueClient queue = storage.queues().getQueueClient(name);
        queue.createIfNotExists();
        storage.deleteAfterwards(queue::deleteIfExists);
        return queue;
    }

    private static void assertInvalid(Runnable call, String description) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).startsWith(description);
        });
    }

    private static <T> StreamObserver<T> observer(java.util.function.Consumer<T> each, AtomicReference<Throwable> failed) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                each.accept(value);
            }

            @Override
            public void onError(Throwable t) {
                if (!(t instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.CANCELLED)) {
                    failed.set(t);
                }
            }

            @Override
            public void onCompleted() {
                failed.set(new IllegalStateException("completed"));
            }
        };
    }

    private static MethodDescriptor<byte[], byte[]> raw(String fullName) {
        MethodDescriptor.Marshaller<byte[]> bytes = new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(byte[] value) {
                return new ByteArrayInputStream(value);
            }

            @Override
            public byte[] parse(InputStream stream) {
                try {
                    return stream.readAllBytes();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        return MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(fullName).setRequestMarshaller(bytes).setResponseMarshaller(bytes).build();
    }
}
