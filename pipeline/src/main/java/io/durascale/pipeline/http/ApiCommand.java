package io.durascale.pipeline.http;

import io.durascale.pipeline.taskhub.TaskHubAddress;
import io.durascale.pipeline.taskhub.TaskHubHistory;
import io.durascale.pipeline.taskhub.TaskHubSettings;
import io.durascale.storage.StorageAccount;
import io.durascale.storage.StorageProbe;
import io.durascale.storage.StorageResolution;
import io.durascale.core.cli.CliErrors;
import io.durascale.core.cli.TerminationSignals;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pipeline.jar api}: the Durable Functions-shaped HTTP API in front of a task hub, for a cluster. */
@Command(name = "api", mixinStandardHelpOptions = true,
        description = "Serve the HTTP API (start orchestrations, Durable Functions management endpoints, public status).")
public final class ApiCommand implements Callable<Integer> {

    public static final String HOST_KEY_ENV = "DURASCALE_HOST_KEY";

    @Option(names = "--taskhub", description = "Task hub gRPC address (default ${DEFAULT-VALUE}).")
    String taskHub = "localhost:4001";

    @Option(names = "--hub", description = "Task hub name, for the management links (default ${DEFAULT-VALUE}).")
    String hub = TaskHubSettings.DEFAULT_HUB;

    @Option(names = "--port", description = "HTTP port (default ${DEFAULT-VALUE}, as Azure Functions hosts use).")
    int port = 7071;

    @Option(names = "--bind", description = "Address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 in a pod).")
    String bind = "127.0.0.1";

    @Option(names = "--no-history", negatable = true,
            description = "Serve showHistory=true by reading the hub's History table (needs storage; default ${DEFAULT-VALUE}).")
    boolean history = true;

    @Option(names = "--connection", description = "Azure Storage connection string, for history (default: $AZURE_STORAGE_CONNECTION_STRING).")
    String connection;

    @Override
    public Integer call() throws InterruptedException {
        String key = System.getenv(HOST_KEY_ENV);
        if (key == null || key.isBlank()) {
            throw new CliErrors.UserError("set " + HOST_KEY_ENV + " to the host key (16+ characters) that management "
                    + "requests must present");
        }
        TaskHubAddress address = TaskHubAddress.parse(taskHub);
        StorageAccount storage = history ? StorageResolution.fromEnvironment().withConnectionString(connection).connectionStringOnly()
                : null;
        if (storage != null) {
            StorageProbe.check(storage);
        }
        TaskHubAddress.Client client = address.client();
        TaskHubHistory reader = storage == null ? null : new TaskHubHistory(storage, hub);
        ApiServer server = ApiServer.start(client.client(), new ApiServer.Settings(key, hub, "Storage", 5),
                reader == null ? null : reader::read, bind, port);
        System.out.println("api: http://" + bind + ":" + server.port() + " -> task hub " + address);
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            server.close();
            client.close();
            if (storage != null) {
                storage.close();
            }
            stopped.countDown();
        };
        TerminationSignals.install(() -> new Thread(stop, "api-stop").start(), () -> System.exit(1), stop);
        stopped.await();
        return 0;
    }
}
