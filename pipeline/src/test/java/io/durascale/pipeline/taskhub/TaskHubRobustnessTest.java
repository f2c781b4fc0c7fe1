package io.durascale.pipeline.taskhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.durabletask.DurableTaskClient;
import com.microsoft.durabletask.DurableTaskGrpcWorkerBuilder;
import com.microsoft.durabletask.OrchestrationMetadata;
import com.microsoft.durabletask.OrchestrationRuntimeStatus;
import com.microsoft.durabletask.Task;
import com.microsoft.durabletask.TaskActivity;
import com.microsoft.durabletask.TaskActivityFactory;
import com.microsoft.durabletask.TaskOrchestration;
import com.microsoft.durabletask.TaskOrchestrationFactory;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.ActivityResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.CreateInstanceRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.GetInstanceRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorAction;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.OrchestratorResponse;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.RaiseEventRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.ResumeRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.SuspendRequest;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.TerminateRequest;
import com.microsoft.durabletask.implementation.protobuf.TaskHubSidecarServiceGrpc;
import io.durascale.pipeline.testing.TaskHubFixture;
import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad requests get status codes, not broken streams; a storage outage is waited out. */
@ExtendWith(StorageExtension.class)
class TaskHubRobustnessTest {

    @Test
    void malformedRequestsGetStatusCodesAndTheServiceCarriesOn(TestStorage storage) {
        try (TaskHubFixture hub = TaskHubFixture.start(storage)) {
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", hub.port()).usePlaintext().build();
            try {
                var stub = TaskHubSidecarServiceGrpc.newBlockingStub(channel);
                assertStatus(() -> stub.startInstance(CreateInstanceRequest.getDefaultInstance()), Status.Code.INVALID_ARGUMENT,
                        "orchestration name");
                assertStatus(() -> stub.getInstance(GetInstanceRequest.getDefaultInstance()), Status.Code.INVALID_ARGUMENT,
                        "instance id");
                assertStatus(() -> stub.raiseEvent(RaiseEventRequest.newBuilder().setInstanceId("x").build()),
                        Status.Code.INVALID_ARGUMENT, "event name");
                // Validation comes first; then an instance that does not exist is NOT_FOUND.
                assertStatus(() -> stub.raiseEvent(RaiseEventRequest.newBuilder().setName("E").build()),
                        Status.Code.INVALID_ARGUMENT, "instance id");
                assertStatus(() -> stub.terminateInstance(TerminateRequest.getDefaultInstance()),
                        Status.Code.INVALID_ARGUMENT, "instance id");
                assertStatus(() -> stub.raiseEvent(RaiseEventRequest.newBuilder().setInstanceId("x").setName("E").build()),
                        Status.Code.NOT_FOUND, "no orchestration instance with id 'x'");
                assertStatus(() -> stub.terminateInstance(TerminateRequest.newBuilder().setInstanceId("x").build()),
                        Status.Code.NOT_FOUND, "no orchestration instance with id 'x'");
                assertStatus(() -> stub.suspendInstance(SuspendRequest.newBuilder().setInstanceId("x").build()),
                        Status.Code.NOT_FOUND, "no orchestration instance with id 'x'");
                assertStatus(() -> stub.resumeInstance(ResumeRequest.newBuilder().setInstanceId("x").build()),
                        Status.Code.NOT_FOUND, "no orchestration instance with id 'x'");
                assertStatus(() -> stub.completeOrchestratorTask(OrchestratorResponse.newBuilder().setInstanceId("x")
                        .addActions(OrchestratorAction.newBuilder().setId(1)).build()), Status.Code.INVALID_ARGUMENT, "no type");
                // Answers for work nobody handed out are ignored quietly (the 1.5.0 worker reconnects on any error).
                stub.completeActivityTask(ActivityResponse.newBuilder().setInstanceId("nobody").setTaskId(3).build());
                stub.completeOrchestratorTask(OrchestratorResponse.newBuilder().setInstanceId("nobody").build());
                // Still serving.
                String id = stub.startInstance(CreateInstanceRequest.newBuilder().setName("Anything").build()).getInstanceId();
                assertThat(stub.getInstance(GetInstanceRequest.newBuilder().setInstanceId(id).build()).getExists()).isTrue();
            } finally {
                channel.shutdownNow();
            }
        }
    }

    /** The table service frozen: history and instance writes hang and fail. The queue service: sends and deletes do. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} service")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"table", "queue"})
    void orchestrationsCompleteAfterAStorageServiceIsFrozenAndThawed(String service, TestStorage storage) throws Exception {
        Optional<ProcessHandle> frozen = azuriteService(service);
        org.junit.jupiter.api.Assumptions.assumeTrue(frozen.isPresent(), "needs the npm Azurite's " + service + " process");
        try (TaskHubFixture hub = TaskHubFixture.builder(storage).worker(TaskHubRobustnessTest::fan).start()) {
            DurableTaskClient client = hub.client();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add(client.scheduleNewOrchestrationInstance("Fan", 10));
            }
            signal("STOP", frozen.get()); // the service stops answering
            try {
                Thread.sleep(4_000); // the outage itself, not a wait for a result
            } finally {
                signal("CONT", frozen.get());
            }
            // The outage did hold work up: not everything finished while the service was frozen.
            assertThat(hub.hub().stats().completed()).isLessThan(ids.size());
            for (String id : ids) {
                OrchestrationMetadata done = client.waitForInstanceCompletion(id, Duration.ofMinutes(2), true);
                assertThat(done.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
                assertThat(done.readOutputAs(Integer.class)).isEqualTo(10);
            }
        }
    }

    @Test
    void anInstanceWhoseRowMissedItsEndIsRepairedByTheNextMessage(TestStorage storage) throws Exception {
        TaskHubSettings settings = TaskHubSettings.builder().hubName(storage.tableName("Repair")).build();
        String id;
        try (TaskHubFixture hub = TaskHubFixture.builder(storage).settings(settings).worker(TaskHubRobustnessTest::fan).start()) {
            DurableTaskClient client = hub.client();
            id = client.scheduleNewOrchestrationInstance("Fan", 3);
            assertThat(client.waitForInstanceCompletion(id, Duration.ofSeconds(30), false).getRuntimeStatus())
                    .isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
        }
        // A process that died between committing the end to history and updating the row leaves this behind:
        var row = new com.azure.data.tables.models.TableEntity(id, "").addProperty("RuntimeStatus", "Running");
        storage.tables().getTableClient(settings.hubName() + "Instances")
                .updateEntity(row, com.azure.data.tables.models.TableEntityUpdateMode.MERGE);
        // The same hub started again, without a worker: the message to the finished instance repairs its row.
        try (TaskHubFixture hub = TaskHubFixture.builder(storage).settings(settings).start()) {
            DurableTaskClient client = hub.client();
            assertThat(client.getInstanceMetadata(id, false).getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.RUNNING);
            client.raiseEvent(id, "late", "any message reaching the finished instance");
            OrchestrationMetadata repaired = client.waitForInstanceCompletion(id, Duration.ofSeconds(30), true);
            assertThat(repaired.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
            assertThat(repaired.readOutputAs(Integer.class)).isEqualTo(3);
        }
    }

    private static void assertStatus(Runnable call, Status.Code code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(message);
        });
    }

    /** The npm Azurite process serving one service (blob, queue, table), found by its command line. */
    /** This JVM's own Azurite service process: another build on the machine may run its own Azurite. */
    private static Optional<ProcessHandle> azuriteService(String service) {
        return ProcessHandle.current().descendants().filter(p -> p.info().arguments().map(args -> {
            List<String> list = List.of(args);
            return list.stream().anyMatch(a -> a.endsWith("azurite-launcher.js")) && list.contains(service)
                    && list.contains("--" + service + "Port");
        }).orElse(false)).findFirst();
    }

    private static void signal(String name, ProcessHandle process) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor()).isZero();
    }

    /** "Fan": calls "One" (which returns 1) as many times as its input says, in parallel, and sums. */
    private static void fan(DurableTaskGrpcWorkerBuilder builder) {
        builder.addOrchestration(new TaskOrchestrationFactory() {
                    @Override
                    public String getName() {
                        return "Fan";
                    }

                    @Override
                    public TaskOrchestration create() {
                        return ctx -> {
                            int width = ctx.getInput(Integer.class);
                            List<Task<Integer>> tasks = new ArrayList<>();
                            for (int i = 0; i < width; i++) {
                                tasks.add(ctx.callActivity("One", null, Integer.class));
                            }
                            ctx.complete(ctx.allOf(tasks).await().stream().mapToInt(Integer::intValue).sum());
                        };
                    }
                })
                .addActivity(new TaskActivityFactory() {
                    @Override
                    public String getName() {
                        return "One";
                    }

                    @Override
                    public TaskActivity create() {
                        return ctx -> 1;
                    }
                });
    }
}
