package io.durascale.pipeline.http;

import io.durascale.pipeline.taskhub.TaskHubClient;
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

/**
 * {@code pipeline.jar api}: the Durable Functions-shaped HTTP API over a task hub's storage, for a cluster. It needs
 * only the storage and the hub's name: no backend runs for it, so it answers while the orchestration tier is at zero.
 */
@Command(name = "api", mixinStandardHelpOptions = true,
        description = "Serve the HTTP API (start orchestrations, Durable Functions management endpoints, public status) "
                + "straight on the task hub's storage.")
public final class ApiCommand implements Callable<Integer> {

    public static final String HOST_KEY_ENV = "DURASCALE_HOST_KEY";

    @Option(names = "--taskhub", hidden = true, description = "Deprecated and ignored: the API writes to the task hub's "
            + "storage and needs no backend address.")
    String taskHub;

    @Option(names = "--hub", description = "Task hub name (default ${DEFAULT-VALUE}).")
    String hub = TaskHubSettings.DEFAULT_HUB;

    @Option(names = "--partitions", description = "Partitions of the hub if it does not exist yet, 1-16 (default "
            + "${DEFAULT-VALUE}); an existing hub keeps its own (taskhub.json).")
    int partitions = 4;

    @Option(names = "--port", description = "HTTP port (default ${DEFAULT-VALUE}, as Azure Functions hosts use).")
    int port = 7071;

    @Option(names = "--bind", description = "Address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 in a pod).")
    String bind = "127.0.0.1";

    @Option(names = "--no-history", negatable = true,
            description = "Serve showHistory=true from the hub's History table (default ${DEFAULT-VALUE}).")
    boolean history = true;

    @Option(names = "--connection", description = "Azure Storage connection string of the task hub (default: "
            + "$AZURE_STORAGE_CONNECTION_STRING; a production command: it never starts an emulator).")
    String connection;

    @Override
    public Integer call() throws InterruptedException {
        String key = System.getenv(HOST_KEY_ENV);
        if (key == null || key.isBlank()) {
            throw new CliErrors.UserError("set " + HOST_KEY_ENV + " to the host key (16+ characters) that management "
                    + "requests must present");
        }
        TaskHubSettings.builder().hubName(hub).partitionCount(partitions).build(); // bad values fail before storage is touched
        if (taskHub != null) {
            System.err.println("api: --taskhub is deprecated and ignored: the API works on the task hub's storage");
        }
        StorageAccount storage = StorageResolution.fromEnvironment().withConnectionString(connection).connectionStringOnly();
        StorageProbe.check(storage);
        TaskHubClient client = TaskHubClient.connect(storage, hub, partitions);
        ApiServer server = ApiServer.start(client, new ApiServer.Settings(key, hub, "Storage", 5, history), bind, port);
        System.out.println("api: http://" + bind + ":" + server.port() + " -> task hub " + hub + " ("
                + client.names().partitionCount() + " partitions) in " + storage.describe());
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            server.close();
            storage.close();
            stopped.countDown();
        };
        TerminationSignals.install(() -> new Thread(stop, "api-stop").start(), () -> System.exit(1), stop);
        stopped.await();
        return 0;
    }
}
