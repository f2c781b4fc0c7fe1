package io.durascale.pipeline.taskhub;

import io.durascale.core.cli.DurationConverter;
import io.durascale.core.job.JobQueues;
import io.durascale.pipeline.orchestration.OrchestrationWorkers;
import io.durascale.storage.StorageAccount;
import io.durascale.storage.StorageProbe;
import io.durascale.storage.StorageResolution;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pipeline.jar taskhub}: the task hub backend on its gRPC port, for workers and clients to connect to; with
 * {@code --orchestrations}, an orchestration host that scales in safely on SIGTERM ({@link OrchestrationHost}).
 */
@Command(name = "taskhub", mixinStandardHelpOptions = true,
        description = "Run the task hub backend (Durable Task sidecar protocol over Azure Storage) until stopped; on "
                + "SIGTERM it finishes or hands back the work in flight and releases its partitions.")
public final class TaskHubCommand implements Callable<Integer> {

    @Option(names = "--port", description = "gRPC port (default ${DEFAULT-VALUE}, the durabletask SDK's default).")
    int port = TaskHubServer.DEFAULT_PORT;

    @Option(names = "--bind", description = "Address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 in a pod).")
    String bind = "127.0.0.1";

    @Option(names = "--hub", description = "Task hub name (default ${DEFAULT-VALUE}).")
    String hub = TaskHubSettings.DEFAULT_HUB;

    @Option(names = "--partitions", description = "Control-queue partitions, 1-16 (default ${DEFAULT-VALUE}); an "
            + "existing hub's count (taskhub.json) must match.")
    int partitions = 4;

    @Option(names = "--max-polling-interval", converter = DurationConverter.class, description = "Longest idle polling delay (default ${DEFAULT-VALUE}).")
    Duration maxPolling = Duration.ofSeconds(1);

    @Option(names = "--lease-duration", converter = DurationConverter.class, description = "Partition lease, 15-60 s; "
            + "renewed every third of it (default ${DEFAULT-VALUE}).")
    Duration leaseDuration = Duration.ofSeconds(30);

    @Option(names = "--lease-acquire-interval", converter = DurationConverter.class, description = "How often the host "
            + "heartbeats and balances partitions: partitions another host gives back on scale-in are taken within "
            + "about one interval (default ${DEFAULT-VALUE}; shorter than the lease).")
    Duration leaseAcquireInterval = Duration.ofSeconds(5);

    @Option(names = "--scale-in-grace", converter = DurationConverter.class, description = "On SIGTERM, how long the "
            + "episodes and activities in flight may finish before they are handed back (default ${DEFAULT-VALUE}: under "
            + "Kubernetes' 30 s termination grace).")
    Duration scaleInGrace = Duration.ofSeconds(25);

    @Option(names = "--no-extended-sessions", negatable = true,
            description = "Keep orchestration history in memory on the partition owner (default ${DEFAULT-VALUE}).")
    boolean extendedSessions = true;

    @Option(names = "--metrics-port", description = "Port for /metrics, /healthz and /readyz (200 while the host "
            + "takes work, 503 once it scales in) (default ${DEFAULT-VALUE}; 0 picks a free one, printed as 'taskhub: "
            + "http port N'; -1 disables).")
    int metricsPort = 9465;

    @Option(names = "--parent-pid", paramLabel = "PID", description = "Scale in and exit when the process PID ends "
            + "(the local stack passes its own, so that no orchestration host outlives it).")
    Long parentPid;

    @Option(names = "--orchestrations", description = "Also run this many BatchCompute orchestration workers in this "
            + "process, connected to this task hub (default ${DEFAULT-VALUE}: the backend only).")
    int orchestrations;

    @Option(names = "--jobs-queue", description = "Queue the orchestrations' ComputeActivity enqueues jobs to (default ${DEFAULT-VALUE}).")
    String jobsQueue = JobQueues.DEFAULT_QUEUE;

    @Option(names = "--connection", description = "Azure Storage connection string (default: $AZURE_STORAGE_CONNECTION_STRING; a production command: it never starts an emulator).")
    String connection;

    @Override
    public Integer call() {
        TaskHubSettings settings = TaskHubSettings.builder()
                .hubName(hub)
                .partitionCount(partitions)
                .pollingInterval(Duration.ofMillis(10), maxPolling)
                .leases(leaseDuration, leaseDuration.dividedBy(3), leaseAcquireInterval)
                .extendedSessions(extendedSessions)
                .build();
        if (scaleInGrace.isNegative()) {
            throw new IllegalArgumentException("--scale-in-grace must not be negative, got " + scaleInGrace);
        }
        StorageAccount storage = StorageResolution.fromEnvironment().withConnectionString(connection).connectionStringOnly();
        StorageProbe.check(storage);
        TaskHubServer server = TaskHubServer.start(storage, settings, bind, port);
        String self = bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind;
        OrchestrationWorkers workers = orchestrations > 0
                ? OrchestrationWorkers.start(self, server.port(), orchestrations, storage, jobsQueue)
                : null;
        // Storage calls fail inside JVM shutdown hooks, so SIGTERM is handled as a signal: the host scales in, hands
        // back what it holds and releases the leases, and other task hubs take the partitions at once.
        OrchestrationHost host = new OrchestrationHost(server, scaleInGrace, workers == null ? List.of() : List.of(workers),
                System.out::println).stopOnSignals(() -> System.exit(1));
        if (parentPid != null) {
            ProcessHandle.of(parentPid).ifPresentOrElse(parent -> parent.onExit().thenRun(() -> {
                System.out.println("taskhub: parent process " + parentPid + " ended");
                new Thread(host::close, "orchestration-host-orphaned").start();
            }), () -> new Thread(host::close, "orchestration-host-orphaned").start());
        }
        Javalin metrics = metricsPort < 0 ? null : serveMetrics(host, bind, metricsPort);
        System.out.println("taskhub: hub " + hub + ", " + partitions + " partitions, storage " + storage.describe());
        if (workers != null) {
            System.out.println("taskhub: " + orchestrations + " BatchCompute orchestration worker(s) enqueueing to " + jobsQueue);
        }
        System.out.println("taskhub: gRPC on " + bind + ":" + server.port()
                + (metrics == null ? "" : ", metrics on http://" + bind + ":" + metrics.port() + "/metrics"));
        if (metrics != null) {
            // The line a local pod launcher reads the readiness port from (as worker.jar prints its own).
            System.out.println("taskhub: http port " + metrics.port());
        }
        host.awaitStopped();
        if (metrics != null) {
            metrics.stop();
        }
        storage.close();
        System.out.println("taskhub: stopped");
        return 0;
    }

    static Javalin serveMetrics(OrchestrationHost host, String bind, int port) {
        TaskHubMetrics metrics = new TaskHubMetrics(host.server().hub());
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.get("/metrics", ctx -> ctx.contentType(metrics.contentType()).result(metrics.scrape()));
            cfg.routes.get("/healthz", ctx -> ctx.result("ok"));
            // A pod's readiness: not ready once it scales in (Kubernetes takes a terminating pod out of its endpoints).
            cfg.routes.get("/readyz", ctx -> ctx.status(host.takesWork() ? 200 : 503).result(host.takesWork() ? "ready" : "scaling in"));
        }).start(bind, port);
    }
}
