package io.durascale.pipeline.taskhub;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.durabletask.DurableTaskClient;
import com.microsoft.durabletask.DurableTaskGrpcWorkerBuilder;
import com.microsoft.durabletask.OrchestrationMetadata;
import com.microsoft.durabletask.OrchestrationRuntimeStatus;
import com.microsoft.durabletask.TaskActivity;
import com.microsoft.durabletask.TaskActivityFactory;
import com.microsoft.durabletask.TaskOrchestration;
import com.microsoft.durabletask.TaskOrchestrationFactory;
import com.microsoft.durabletask.implementation.protobuf.TaskHubSidecarServiceGrpc;
import io.durascale.pipeline.testing.TaskHubFixture;
import io.durascale.testkit.Await;
import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two stock 1.5.0 SDK workers on their own channels: A's stream goes away while A runs an
 * activity, the activity goes to B, and A's late result is not taken for B's.
 */
@ExtendWith(StorageExtension.class)
class WorkItemDispatcherSdkTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aLateResultFromAWorkerWhoseStreamWentAwayIsIgnoredAndTheNewWorkersResultCounts(TestStorage storage)
            throws Exception {
        CountDownLatch aStarted = new CountDownLatch(1);
        CountDownLatch bStarted = new CountDownLatch(1);
        CountDownLatch releaseA = new CountDownLatch(1);
        CountDownLatch releaseB = new CountDownLatch(1);
        AtomicReference<ClientCall<?, ?>> aStream = new AtomicReference<>();
        ManagedChannel channelA = null;
        ManagedChannel channelB = null;
        WorkerRunner workerA = null;
        WorkerRunner workerB = null;
        try (TaskHubFixture hub = TaskHubFixture.start(storage)) {
            DurableTaskClient client = hub.client();
            channelA = ManagedChannelBuilder.forAddress("127.0.0.1", hub.port()).usePlaintext()
                    .intercept(capturing(aStream)).build();
            channelB = ManagedChannelBuilder.forAddress("127.0.0.1", hub.port()).usePlaintext().build();
            workerA = WorkerRunner.start(worker(channelA, "A", aStarted, releaseA), "stale-worker-a");

            String id = client.scheduleNewOrchestrationInstance("Who");
            assertThat(aStarted.await(60, TimeUnit.SECONDS)).as("A runs the activity").isTrue();

            workerB = WorkerRunner.start(worker(channelB, "B", bStarted, releaseB), "stale-worker-b");
            Await.until(WAIT, "B's stream connects", () -> hub.hub().connectedWorkers() == 2);
            // A's stream goes away (its channel, the connection, stays): the activity is handed to B.
            aStream.get().cancel("the test drops A's stream", null);
            assertThat(bStarted.await(30, TimeUnit.SECONDS)).as("B gets the activity A's stream held").isTrue();

            long staleBefore = hub.hub().stats().staleCompletions();
            releaseA.countDown(); // A answers late, on its own connection
            Await.until(WAIT, "A's late result is counted as stale", () -> hub.hub().stats().staleCompletions() > staleBefore);
            assertThat(client.getInstanceMetadata(id, false).getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.RUNNING);

            releaseB.countDown();
            OrchestrationMetadata done = client.waitForInstanceCompletion(id, Duration.ofSeconds(60), true);
            assertThat(done.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
            assertThat(done.readOutputAs(String.class)).isEqualTo("B");
        } finally {
            releaseA.countDown();
            releaseB.countDown();
            for (WorkerRunner w : new WorkerRunner[] {workerA, workerB}) {
                if (w != null) {
                    w.close();
                }
            }
            for (ManagedChannel c : new ManagedChannel[] {channelA, channelB}) {
                if (c != null) {
                    c.shutdownNow();
                }
            }
        }
    }

    /** Keeps the client side of the channel's GetWorkItems call, so the test can cancel the stream. */
    private static ClientInterceptor capturing(AtomicReference<ClientCall<?, ?>> stream) {
        return new ClientInterceptor() {
            @Override
            public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
                ClientCall<Q, R> call = next.newCall(method, options);
                if (method.getFullMethodName().equals(TaskHubSidecarServiceGrpc.getGetWorkItemsMethod().getFullMethodName())) {
                    stream.set(call);
                }
                return call;
            }
        };
    }

    private static com.microsoft.durabletask.DurableTaskGrpcWorker worker(ManagedChannel channel, String name,
            CountDownLatch started, CountDownLatch release) {
        return new DurableTaskGrpcWorkerBuilder().grpcChannel(channel)
                .addOrchestration(new TaskOrchestrationFactory() {
                    @Override
                    public String getName() {
                        return "Who";
                    }

                    @Override
                    public TaskOrchestration create() {
                        return ctx -> ctx.complete(ctx.callActivity("Name", null, String.class).await());
                    }
                })
                .addActivity(new TaskActivityFactory() {
                    @Override
                    public String getName() {
                        return "Name";
                    }

                    @Override
                    public TaskActivity create() {
                        return ctx -> {
                            started.countDown();
                            try {
                                release.await(120, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return name;
                        };
                    }
                }).build();
    }
}
