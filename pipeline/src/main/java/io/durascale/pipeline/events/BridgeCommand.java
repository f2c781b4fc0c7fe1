package io.durascale.pipeline.events;

import io.durascale.pipeline.taskhub.TaskHubClient;
import io.durascale.pipeline.taskhub.TaskHubSettings;
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

/**
 * {@code pipeline.jar bridge}: completion events to the orchestrations, for a cluster, raised straight into the task
 * hub's storage (no backend needs to run; the orchestration tier consumes them when it does).
 */
@Command(name = "bridge", mixinStandardHelpOptions = true,
        description = "Run the completion bridge (BlobCreated -> BlockCompleted) and the poison watcher "
                + "(poison queue -> BlockFailed) until stopped.")
public final class BridgeCommand implements Callable<Integer> {

    @Option(names = "--taskhub", hidden = true, description = "Deprecated and ignored: events are written to the task "
            + "hub's storage, with no backend address.")
    String taskHub;

    @Option(names = "--hub", description = "Task hub name (default ${DEFAULT-VALUE}).")
    String hub = TaskHubSettings.DEFAULT_HUB;

    @Option(names = "--partitions", description = "Partitions of the hub if it does not exist yet, 1-16 (default "
            + "${DEFAULT-VALUE}); an existing hub keeps its own (taskhub.json).")
    int partitions = 4;

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

    @Option(names = "--connection", description = "Azure Storage connection string of the compute storage and the task "
            + "hub (default: $AZURE_STORAGE_CONNECTION_STRING; this command never starts an emulator).")
    String connection;

    @Override
    public Integer call() throws InterruptedException {
        TaskHubSettings.builder().hubName(hub).partitionCount(partitions).build(); // bad values fail before storage is touched
        if (taskHub != null) {
            System.err.println("bridge: --taskhub is deprecated and ignored: events go to the task hub's storage");
        }
        StorageAccount storage = StorageResolution.fromEnvironment().withConnectionString(connection).connectionStringOnly();
        StorageProbe.check(storage);
        EventRaiser raiser = EventRaiser.of(TaskHubClient.connect(storage, hub, partitions));
        BlobEventSource source = blobEvents
                ? new BlobEventSource(storage, outputContainer, completionsQueue, Duration.ofMillis(500)).start() : null;
        CompletionBridge bridge = new CompletionBridge(storage, raiser, completionsQueue, outputContainer, verify, 2).start();
        PoisonWatcher poison = new PoisonWatcher(storage, raiser, jobsQueue).start();
        System.out.println("bridge: " + completionsQueue + " -> BlockCompleted, " + JobQueues.poisonQueue(jobsQueue)
                + " -> BlockFailed, task hub " + hub + (blobEvents ? ", watching " + outputContainer : ""));
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            if (source != null) {
                source.close();
            }
            bridge.close();
            poison.close();
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
