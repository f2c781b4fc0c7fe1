package io.durascale.pipeline.testing;

import com.microsoft.durabletask.DurableTaskClient;
import com.microsoft.durabletask.DurableTaskGrpcWorkerBuilder;
import io.durascale.pipeline.taskhub.TaskHub;
import io.durascale.pipeline.taskhub.TaskHubAddress;
import io.durascale.pipeline.taskhub.TaskHubNames;
import io.durascale.pipeline.taskhub.TaskHubServer;
import io.durascale.pipeline.taskhub.TaskHubSettings;
import io.durascale.pipeline.taskhub.WorkerRunner;
import io.durascale.pipeline.taskhub.storage.TaskHubStorage;
import io.durascale.testkit.TestStorage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A task hub for a test, Testcontainers-style: one lifecycle for the hub on the test's storage,
 * its gRPC server on a free loopback port, the stock SDK workers and other parts the test asks
 * for, and a durabletask client — started in that order, closed in reverse, and never leaving a
 * server running when a later part fails to start. The hub's queues, tables and containers are
 * deleted when the test's storage is cleaned up, so a test may start a second fixture on the
 * same hub (a restart) before that.
 *
 * <pre>{@code
 * try (TaskHubFixture hub = TaskHubFixture.builder(storage).worker(w -> w.addOrchestration(...)).start()) {
 *     String id = hub.client().scheduleNewOrchestrationInstance("Chain", 1);
 * }
 * }</pre>
 */
public final class TaskHubFixture implements AutoCloseable {

    /** Hubs whose deletion is registered with a test's storage already (a restarted hub is deleted once). */
    private static final Map<TestStorage, Set<String>> DELETING = Collections.synchronizedMap(new WeakHashMap<>());
    private static final AtomicInteger HUBS = new AtomicInteger();

    private final Lifecycle lifecycle;
    private final TaskHubServer server;
    private final TaskHubAddress address;
    private final DurableTaskClient client;

    private TaskHubFixture(Lifecycle lifecycle, TaskHubServer server, DurableTaskClient client) {
        this.lifecycle = lifecycle;
        this.server = server;
        this.address = new TaskHubAddress("127.0.0.1", server.port());
        this.client = client;
    }

    /** A hub with default settings, a name of its own and nothing else started. */
    public static TaskHubFixture start(TestStorage storage) {
        return builder(storage).start();
    }

    public static Builder builder(TestStorage storage) {
        return new Builder(storage);
    }

    public TaskHubServer server() {
        return server;
    }

    public TaskHub hub() {
        return server.hub();
    }

    public int port() {
        return server.port();
    }

    public TaskHubAddress address() {
        return address;
    }

    public TaskHubSettings settings() {
        return server.hub().settings();
    }

    /** A stock durabletask client of this hub, closed with the fixture. */
    public DurableTaskClient client() {
        return client;
    }

    @Override
    public void close() {
        lifecycle.close();
    }

    /** What to start; every setting has a default. */
    public static final class Builder {
        private final TestStorage storage;
        private TaskHubSettings settings;
        private UnaryOperator<TaskHubSettings.Builder> tuning = b -> b;
        private final List<Function<TaskHubFixture, AutoCloseable>> parts = new ArrayList<>();

        private Builder(TestStorage storage) {
            this.storage = storage;
        }

        /** Changes the defaults (the hub name is unique to the test unless set here). */
        public Builder settings(UnaryOperator<TaskHubSettings.Builder> tuning) {
            this.tuning = tuning;
            return this;
        }

        /** Exactly these settings: for a test that restarts the same hub. */
        public Builder settings(TaskHubSettings settings) {
            this.settings = settings;
            return this;
        }

        /** A stock 1.5.0 SDK worker connected to the hub, with the orchestrations and activities {@code registry} adds. */
        public Builder worker(Consumer<DurableTaskGrpcWorkerBuilder> registry) {
            return with(hub -> {
                DurableTaskGrpcWorkerBuilder worker = new DurableTaskGrpcWorkerBuilder().port(hub.port());
                registry.accept(worker);
                return WorkerRunner.start(worker.build(), "fixture-worker-" + hub.settings().hubName());
            });
        }

        /** Any other part that needs the running hub (orchestration workers, say); closed before the hub. */
        public Builder with(Function<TaskHubFixture, AutoCloseable> part) {
            parts.add(part);
            return this;
        }

        public TaskHubFixture start() {
            TaskHubSettings chosen = settings != null ? settings
                    : tuning.apply(TaskHubSettings.builder().hubName(storage.tableName("Hub" + HUBS.incrementAndGet()))).build();
            deleteAfterwards(chosen);
            Lifecycle lifecycle = new Lifecycle();
            TaskHubServer server = lifecycle.start(() -> TaskHubServer.start(storage.account(), chosen, "127.0.0.1", 0));
            TaskHubAddress.Client client = lifecycle.start(() -> new TaskHubAddress("127.0.0.1", server.port()).client());
            TaskHubFixture fixture = new TaskHubFixture(lifecycle, server, client.client());
            for (Function<TaskHubFixture, AutoCloseable> part : parts) {
                lifecycle.start(() -> part.apply(fixture));
            }
            return fixture;
        }

        private void deleteAfterwards(TaskHubSettings chosen) {
            Set<String> hubs = DELETING.computeIfAbsent(storage, s -> Collections.synchronizedSet(new HashSet<>()));
            if (hubs.add(chosen.hubName())) {
                storage.deleteAfterwards(() -> TaskHubStorage.deleteHub(storage.account(), TaskHubNames.of(chosen)));
            }
        }
    }
}
