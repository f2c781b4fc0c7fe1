package io.durascale.pipeline.taskhub;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.microsoft.durabletask.DurableTaskGrpcWorkerBuilder;
import com.microsoft.durabletask.TaskActivity;
import com.microsoft.durabletask.TaskActivityFactory;
import com.microsoft.durabletask.TaskOrchestration;
import com.microsoft.durabletask.TaskOrchestrationFactory;
import io.durascale.storage.StorageAccount;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One orchestration host for the multi-process tests, as {@code pipeline.jar taskhub --orchestrations N} runs one: a
 * task hub on a free port plus a durabletask worker connected to it, stopped by the same {@link OrchestrationHost}
 * (SIGTERM scales it in). Run as a child process by {@link TaskHubReliabilityTest}; prints {@code READY <port>},
 * then {@code OWNED <partitions>} whenever its partitions change, and {@code SCALED_IN <in flight> <unfinished>
 * <handed back> <ms>} before it exits 0 after a SIGTERM.
 *
 * <p>Its orchestration, {@value #CHAIN}, calls {@value #RECORD} three times in sequence. The
 * activity's side effect is idempotent (a row keyed by instance and task id); every execution is
 * also logged as its own row, so a test can count re-executions separately.
 */
public final class BackendNode {

    static final String CHAIN = "Chain";
    static final String RECORD = "Record";
    static final String EFFECTS_TABLE = "ReliabilityEffects";
    static final String ATTEMPTS_TABLE = "ReliabilityAttempts";

    private BackendNode() {
    }

    public static void main(String[] args) throws Exception {
        String hub = args[0];
        int leaseSeconds = Integer.parseInt(args[1]);
        int visibilitySeconds = Integer.parseInt(args[2]);
        Duration grace = Duration.ofSeconds(Integer.parseInt(args[3]));
        System.setProperty("com.google.protobuf.use_unsafe_pre22_gencode", "true");
        StorageAccount storage = StorageAccount.of(System.getenv("AZURE_STORAGE_CONNECTION_STRING"));
        TableClient effects = storage.tables().createTableIfNotExists(EFFECTS_TABLE);
        effects = effects != null ? effects : storage.tables().getTableClient(EFFECTS_TABLE);
        TableClient attempts = storage.tables().createTableIfNotExists(ATTEMPTS_TABLE);
        attempts = attempts != null ? attempts : storage.tables().getTableClient(ATTEMPTS_TABLE);
        TaskHubSettings settings = TaskHubSettings.builder().hubName(hub)
                .leases(Duration.ofSeconds(leaseSeconds), Duration.ofSeconds(Math.max(1, leaseSeconds / 3)),
                        Duration.ofSeconds(Math.max(1, leaseSeconds / 5)))
                .controlVisibilityTimeout(Duration.ofSeconds(visibilitySeconds))
                .workItemVisibilityTimeout(Duration.ofSeconds(visibilitySeconds))
                .build();
        TaskHubServer server = TaskHubServer.start(storage, settings, "127.0.0.1", 0);
        TableClient effectsTable = effects;
        TableClient attemptsTable = attempts;
        WorkerRunner worker = WorkerRunner.start(new DurableTaskGrpcWorkerBuilder().port(server.port())
                .addOrchestration(new TaskOrchestrationFactory() {
                    @Override
                    public String getName() {
                        return CHAIN;
                    }

                    @Override
                    public TaskOrchestration create() {
                        return ctx -> {
                            int total = 0;
                            for (int step = 1; step <= 3; step++) {
                                // The 1.5.0 activity context has no instance id: pass it in.
                                total += ctx.callActivity(RECORD, ctx.getInstanceId() + "|" + step, Integer.class).await();
                            }
                            ctx.complete(total);
                        };
                    }
                })
                .addActivity(new TaskActivityFactory() {
                    @Override
                    public String getName() {
                        return RECORD;
                    }

                    @Override
                    public TaskActivity create() {
                        return ctx -> {
                            String[] input = ctx.getInput(String.class).split("\\|");
                            String instance = input[0];
                            int step = Integer.parseInt(input[1]);
                            attemptsTable.createEntity(new TableEntity(instance, step + "-" + UUID.randomUUID()));
                            effectsTable.upsertEntityWithResponse(new TableEntity(instance, Integer.toString(step))
                                    .addProperty("Step", step), TableEntityUpdateMode.REPLACE, null, null);
                            return step * 10;
                        };
                    }
                }).build(), "backend-node-worker");
        // SIGTERM scales the host in (as the taskhub command's host does), then it exits 0.
        OrchestrationHost host = new OrchestrationHost(server, grace, java.util.List.of(worker), line -> { })
                .stopOnSignals(() -> System.exit(1));
        Thread exit = new Thread(() -> {
            host.awaitStopped();
            TaskHub.ScaleIn done = host.scaleIn();
            System.out.println("SCALED_IN " + done.inFlight() + " " + done.unfinished() + " " + done.handedBack() + " "
                    + done.took().toMillis());
            System.exit(0);
        }, "backend-node-exit");
        exit.setDaemon(true);
        exit.start();
        System.out.println("READY " + server.port());
        String last = "";
        while (true) {
            String owned = server.hub().ownedPartitions().stream().map(String::valueOf).collect(Collectors.joining(","));
            if (!owned.equals(last)) {
                System.out.println("OWNED " + owned);
                last = owned;
            }
            Thread.sleep(100);
        }
    }
}
