package io.durascale.pipeline.testing;

import io.durascale.pipeline.http.ApiServer;
import io.durascale.pipeline.orchestration.OrchestrationWorkers;
import io.durascale.pipeline.taskhub.TaskHubClient;
import io.durascale.testkit.TestStorage;

/**
 * The HTTP API for a test: a {@link TaskHubFixture} with BatchCompute orchestration workers, and
 * the API server on a free loopback port over the hub's storage (a {@link TaskHubClient} of its
 * own, as a separate API process has: no in-process delivery) — one lifecycle, closed in reverse
 * order, and nothing left running when a later part fails to start.
 */
public final class ApiFixture implements AutoCloseable {

    /** The connection name the API reports in its management links, as a Durable Functions app does. */
    public static final String CONNECTION_NAME = "Storage";

    private final Lifecycle lifecycle;
    private final TaskHubFixture taskHub;
    private final ApiServer api;
    private final TaskHubClient client;

    private ApiFixture(Lifecycle lifecycle, TaskHubFixture taskHub, ApiServer api, TaskHubClient client) {
        this.lifecycle = lifecycle;
        this.taskHub = taskHub;
        this.api = api;
        this.client = client;
    }

    /**
     * Starts a hub, {@code workers} BatchCompute orchestration workers enqueueing jobs to
     * {@code jobsQueue}, and the API with {@code hostKey}.
     */
    public static ApiFixture start(TestStorage storage, String hostKey, int workers, String jobsQueue) {
        Lifecycle lifecycle = new Lifecycle();
        TaskHubFixture hub = lifecycle.start(() -> TaskHubFixture.builder(storage)
                .with(h -> OrchestrationWorkers.start("127.0.0.1", h.port(), workers, storage.account(), jobsQueue))
                .start());
        String hubName = hub.settings().hubName();
        TaskHubClient client = TaskHubClient.connect(storage.account(), hubName, hub.settings().partitionCount());
        ApiServer api = lifecycle.start(() -> ApiServer.start(client,
                new ApiServer.Settings(hostKey, hubName, CONNECTION_NAME, 1, true), "127.0.0.1", 0));
        return new ApiFixture(lifecycle, hub, api, client);
    }

    public TaskHubFixture taskHub() {
        return taskHub;
    }

    /** The API's own client of the hub's storage. */
    public TaskHubClient client() {
        return client;
    }

    public int port() {
        return api.port();
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + api.port();
    }

    @Override
    public void close() {
        lifecycle.close();
    }
}
