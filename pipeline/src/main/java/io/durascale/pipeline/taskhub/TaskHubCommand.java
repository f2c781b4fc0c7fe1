package io.durascale.pipeline.taskhub;

import io.durascale.storage.StorageAccount;
import io.durascale.storage.StorageProbe;
import io.durascale.storage.StorageResolution;
import io.durascale.core.cli.TerminationSignals;
import io.javalin.Javalin;
import io.durascale.core.cli.DurationConverter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pipeline.jar taskhub}: the task hub backend on its gRPC port, for workers and clients to connect to. */
@Command(name = "taskhub", mixinStandardHelpOptions = true,
        description = "Run the task hub backend (Durable Task sidecar protocol over Azure Storage) until stopped.")
public final class TaskHubCommand implements Callable<Integer> {

    @Option(names = "--port", description = "gRPC port (default ${DEFAULT-VALUE}, the durabletask SDK's default).")
    int port = TaskHubServer.DEFAULT_PORT;

    @Option(names = "--bind", description = "Address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 in a pod).")
    String bind = "127.0.0.1";

    @Option(names = "--hub", description = "Task hub name (default ${DEFAULT-VALUE}).")
    String hub = TaskHubSettings.DEFAULT_HUB;

    @Option(names = "--partitions", description = "Control-queue partitions, 1-16 (default ${DEFAULT-VALUE}).")
    int partitions = 4;

    @Option(names = "--max-polling-interval", converter = DurationConverter.class, description = "Longest idle polling delay (default ${DEFAULT-VALUE}).")
    Duration maxPolling = Duration.ofSeconds(1);

    @Option(names = "--lease-duration", converter = DurationConverter.class, description = "Partition lease, 15-60 s (default ${DEFAULT-VALUE}).")
    Duration leaseDuration = Duration.ofSeconds(30);

    @Option(names = "--no-extended-sessions", negatable = true,
            description = "Keep orchestration history in memory on the partition owner (default ${DEFAULT-VALUE}).")
    boolean extendedSessions = true;

    @Option(names = "--metrics-port", description = "Port for /metrics and /healthz (default ${DEFAULT-VALUE}; -1 disables).")
    int metricsPort = 9465;

    @Option(names = "--orchestrations", description = "Also run this many BatchCompute orchestration workers in this "
            + "process, connected to this task hub (default ${DEFAULT-VALUE}: the backend only).")
    int orchestrations;

    @Option(names = "--jobs-queue", description = "Queue the orchestrations' ComputeActivity enqueues jobs to (default ${DEFAULT-VALUE}).")
    String jobsQueue = io.durascale.core.job.JobQueues.DEFAULT_QUEUE;

    @Option(names = "--connection", description = "Azure Storage connection string (default: $AZURE_STORAGE_CONNECTION_STRING; a production command: it never starts an emulator).")
    String connection;

    @Override
    public Integer call() throws InterruptedException {
        TaskHubSettings settings = TaskHubSettings.builder()
                .hubName(hub)
                .partitionCount(partitions)
                .pollingInterval(Duration.ofMillis(10), maxPolling)
                .leases(leaseDuration, leaseDuration.dividedBy(3), leaseDuration.dividedBy(3))
                .extendedSessions(extendedSessions)
                .build();
        StorageAccount storage = StorageResolution.fromEnvironment().withConnectionString(connection).connectionStringOnly();
        StorageProbe.check(storage);
        TaskHubServer server = TaskHubServer.start(storage, settings, bind, port);
        String self = bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind;
        io.durascale.pipeline.orchestration.OrchestrationWorkers workers = orchestrations > 0
                ? io.durascale.pipeline.orchestration.OrchestrationWorkers.start(self, server.port(), orchestrations, storage, jobsQueue)
                : null;
        Javalin metrics = metricsPort < 0 ? null : serveMetrics(server, bind, metricsPort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            System.out.println("taskhub: stopping (giving the partitions back)");
            if (metrics != null) {
                metrics.stop();
            }
            if (workers != null) {
                workers.close();
            }
            server.close();
            storage.close();
            stopped.countDown();
        };
        // Storage calls fail inside JVM shutdown hooks, so SIGTERM is handled as a signal: the leases
        // are released and other task hubs take the partitions at once.
        TerminationSignals.install(() -> new Thread(stop, "taskhub-stop").start(), () -> System.exit(1), stop);
        System.out.println("taskhub: hub " + hub + ", " + partitions + " partitions, storage " + storage.describe());
        if (workers != null) {
            System.out.println("taskhub: " + orchestrations + " BatchCompute orchestration worker(s) enqueueing to " + jobsQueue);
        }
        System.out.println("taskhub: gRPC on " + bind + ":" + server.port()
                + (metrics == null ? "" : ", metrics on http://" + bind + ":" + metrics.port() + "/metrics"));
        stopped.await();
        return 0;
    }

    static Javalin serveMetrics(TaskHubServer server, String bind, int port) {
        TaskHubMetrics metrics = new TaskHubMetrics(server.hub());
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.get("/metrics", ctx -> ctx.contentType(metrics.contentType()).result(metrics.scrape()));
            cfg.routes.get("/healthz", ctx -> ctx.result("ok"));
        }).start(bind, port);
    }
}
