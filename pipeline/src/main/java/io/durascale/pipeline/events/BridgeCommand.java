package io.durascale.pipeline.events;

import io.durascale.pipeline.taskhub.TaskHubAddress;
import io.durascale.storage.StorageAccount;
import io.durascale.storage.StorageProbe;
import io.durascale.storage.StorageResolution;
import io.durascale.core.cli.TerminationSignals;
import io.durascale.core.job.BlobNames;
import io.durascale.core.job.JobQueues;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pipeline.jar bridge}: completion events to the orchestrations, for a cluster. */
@Command(name = "bridge", mixinStandardHelpOptions = true,
        description = "Run the completion bridge (BlobCreated -> BlockCompleted) and the poison watcher "
                + "(poison queue -> BlockFailed) until stopped.")
public final class BridgeCommand implements Callable<Integer> {

    @Option(names = "--taskhub", description = "Task hub gRPC address (default ${DEFAULT-VALUE}).")
    String taskHub = "localhost:4001";

    @Option(names = "--jobs-queue", description = "The workers' jobs queue; its poison queue is watched (default ${DEFAULT-VALUE}).")
    String jobsQueue = JobQueues.DEFAULT_QUEUE;

    @Option(names = "--completions-queue", description = "Queue Event Grid delivers BlobCreated events to (default ${DEFAULT-VALUE}).")
    String completionsQueue = CompletionBridge.DEFAULT_QUEUE;

    @Option(names = "--output-container", description = "Container the workers write outputs to (default ${DEFAULT-VALUE}).")
    String outputContainer = BlobNames.OUTPUT_CONTAINER;

    @Option(names = "--no-verify", negatable = true, description = "Regenerate each block's input and verify its output (default ${DEFAULT-VALUE}).")
    boolean verify = true;

    @Option(names = "--blob-events", description = "Also watch the output container and raise BlobCreated events "
            + "(for storage without Event Grid, such as Azurite).")
    boolean blobEvents;

    @Option(names = "--connection", description = "Azure Storage connection string of the compute storage "
            + "(default: $AZURE_STORAGE_CONNECTION_STRING; this command never starts an emulator).")
    String connection;

    @Override
    public Integer call() throws InterruptedException {
        TaskHubAddress address = TaskHubAddress.parse(taskHub);
        StorageAccount storage = StorageResolution.fromEnvironment().withConnectionString(connection).connectionStringOnly();
        StorageProbe.check(storage);
        TaskHubAddress.Client client = address.client();
        EventRaiser raiser = EventRaiser.of(client.client());
        BlobEventSource source = blobEvents
                ? new BlobEventSource(storage, outputContainer, completionsQueue, Duration.ofMillis(500)).start() : null;
        CompletionBridge bridge = new CompletionBridge(storage, raiser, completionsQueue, outputContainer, verify, 2).start();
        PoisonWatcher poison = new PoisonWatcher(storage, raiser, jobsQueue).start();
        System.out.println("bridge: " + completionsQueue + " -> BlockCompleted, " + JobQueues.poisonQueue(jobsQueue)
                + " -> BlockFailed, task hub " + address + (blobEvents ? ", watching " + outputContainer : ""));
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            if (source != null) {
                source.close();
            }
            bridge.close();
            poison.close();
            client.close();
            storage.close();
            System.out.println("bridge: stopped after " + bridge.handled() + " completion(s) and " + poison.handled()
                    + " failure(s)");
            stopped.countDown();
        };
        TerminationSignals.install(() -> new Thread(stop, "bridge-stop").start(), () -> System.exit(1), stop);
        stopped.await();
        return 0;
    }
}
