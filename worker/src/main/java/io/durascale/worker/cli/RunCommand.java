package io.durascale.worker.cli;

import io.durascale.core.cli.CliErrors;
import io.durascale.core.cli.DurationConverter;
import io.durascale.core.cli.TerminationSignals;
import io.durascale.storage.StorageAccount;
import io.durascale.storage.StorageResolution;
import io.durascale.worker.consumer.ConsumerSettings;
import io.durascale.core.cli.Durations;
import io.durascale.worker.consumer.HealthServer;
import io.durascale.worker.consumer.QueueConsumer;
import io.durascale.worker.consumer.QueueConsumerBuilder;
import io.durascale.worker.consumer.WorkerMetrics;
import io.durascale.core.job.BlobNames;
import io.durascale.core.job.JobQueues;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code worker.jar run}: consume jobs until SIGTERM (or, with --exit-when-idle, until the queue stays empty). */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Consume compute jobs from an Azure Storage queue: download each block's input, run its kernel, "
                + "write the output to compute-output, delete the message and the input.",
            "SIGTERM stops receiving, lets in-flight jobs finish within --drain-grace and exits 0."})
final class RunCommand implements Callable<Integer> {

    /** The line a parent process reads to find the HTTP port. */
    static final String PORT_LINE = "durascale-worker: http port ";
    /**
     * A test-only knob: a duration this worker waits before it starts, so that a slower start-up can be injected into a
     * study to check that its gate fails (docs/sizing-and-gate.md). Never set in a real deployment.
     */
    static final String TEST_START_DELAY_ENV = "DURASCALE_TEST_WORKER_START_DELAY";

    @Option(names = "--queue", paramLabel = "NAME", description = "Jobs queue (default: ${DEFAULT-VALUE}); poison queue: NAME-poison.")
    String queue = JobQueues.DEFAULT_QUEUE;

    @Option(names = "--connection", paramLabel = "CS",
            description = "Azure Storage connection string (default: $AZURE_STORAGE_CONNECTION_STRING; this command never starts an emulator).")
    String connection;

    @Option(names = "--concurrency", paramLabel = "N", description = "Jobs computed at once (default: the number of CPUs the JVM sees).")
    int concurrency = Runtime.getRuntime().availableProcessors();

    @Option(names = "--visibility-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Invisibility of a received message, renewed every third of it while computing (default: 30s).")
    Duration visibilityTimeout = ConsumerSettings.DEFAULT_VISIBILITY_TIMEOUT;

    @Option(names = "--max-dequeue-count", paramLabel = "N",
            description = "Deliveries after which a failing message goes to the poison queue (default: ${DEFAULT-VALUE}).")
    int maxDequeueCount = ConsumerSettings.DEFAULT_MAX_DEQUEUE_COUNT;

    @Option(names = "--drain-grace", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "On SIGTERM, how long in-flight jobs may finish before they are released (default: 25s).")
    Duration drainGrace = ConsumerSettings.DEFAULT_DRAIN_GRACE;

    @Option(names = "--exit-when-idle", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Exit 0 once the queue stayed empty this long with nothing in flight (KEDA ScaledJob mode).")
    Duration exitWhenIdle = Duration.ZERO;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Port for /healthz, /readyz and /metrics; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int httpPort = 8080;

    @Option(names = "--http-host", paramLabel = "HOST", description = "Address the HTTP port binds (default: ${DEFAULT-VALUE}).")
    String httpHost = "0.0.0.0";

    @Option(names = "--worker-id", paramLabel = "ID", description = "Name in output metadata and poison envelopes (default: host-pid).")
    String workerId;

    @Option(names = "--startup-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to wait for storage to answer at start before exiting 3 (default: 60s).")
    Duration startupTimeout = ConsumerSettings.DEFAULT_STARTUP_TIMEOUT;

    @Option(names = "--max-poll-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Longest wait between receives while the queue is empty (default: 1s).")
    Duration maxPollInterval = ConsumerSettings.DEFAULT_MAX_POLL_INTERVAL;

    @Option(names = "--parent-pid", paramLabel = "PID",
            description = "Drain and exit 0 once this process is gone (the local stack passes its own pid, so even a "
                    + "killed stack leaves no worker behind).")
    Long parentPid;

    /** How often the parent's liveness is checked: a second is soon enough next to the drain itself. */
    static final Duration PARENT_CHECK_PERIOD = Duration.ofSeconds(1);

    @Override
    public Integer call() throws InterruptedException {
        PrintStream out = System.out;
        String delay = System.getenv(TEST_START_DELAY_ENV);
        if (delay != null && !delay.isBlank()) {
            Duration wait = Durations.parse(delay.trim());
            out.println("durascale-worker: " + TEST_START_DELAY_ENV + " is set: waiting " + Durations.format(wait)
                    + " before starting (a test-only slowdown)");
            Thread.sleep(wait.toMillis());
        }
        if (httpPort < 0 || httpPort > 65_535) {
            throw new IllegalArgumentException("--http-port must be 0 to 65535, got " + httpPort);
        }
        // Validate every flag before touching storage, so a typo fails fast with exit code 2.
        QueueConsumerBuilder builder = QueueConsumer.builder().queue(queue).concurrency(concurrency)
                .visibilityTimeout(visibilityTimeout).maxDequeueCount(maxDequeueCount).drainGrace(drainGrace)
                .exitWhenIdle(exitWhenIdle).workerId(workerId).startupTimeout(startupTimeout).maxPollInterval(maxPollInterval);
        ConsumerSettings settings = builder.settings();
        ParentProcess parent = parentPid == null ? null : ParentProcess.of(parentPid);

        StorageAccount account = StorageResolution.fromEnvironment().withConnectionString(connection).connectionStringOnly();
        ScheduledExecutorService parentWatch = null;
        try {
            QueueConsumer consumer = builder.workerId(settings.workerId()).account(account).build();
            try (HealthServer http = startHttp(consumer)) {
                out.println(PORT_LINE + http.port());
                out.println("durascale-worker: worker " + settings.workerId() + " on " + account.describe());
                out.flush();
                if (parent != null) {
                    // Watching from before start(): a parent gone while storage is awaited ends the wait too.
                    parentWatch = parent.onExit(() -> {
                        out.println("durascale-worker: parent process " + parent.pid() + " is gone: draining");
                        out.flush();
                        consumer.drain();
                    });
                }
                consumer.start();
                // Installed once receiving: a signal before that finds nothing in flight and may end the JVM as usual.
                TerminationSignals.install(consumer::drain, consumer::stopNow, consumer::stop);
                out.println("durascale-worker: receiving from " + settings.queue() + " with " + settings.concurrency()
                        + " slots (visibility " + Durations.format(settings.visibilityTimeout()) + ", max dequeue count "
                        + settings.maxDequeueCount() + ", poison queue " + settings.poisonQueue() + ")");
                out.flush();
                ScheduledExecutorService progress = startProgress(consumer.metrics(), out);
                try {
                    consumer.terminated().join();
                } finally {
                    progress.shutdownNow();
                }
                WorkerMetrics m = consumer.metrics();
                out.println("durascale-worker: stopped; processed " + m.processedCount() + ", failed " + m.failedCount()
                        + ", poisoned " + m.poisonedCount() + (consumer.releasedCount() > 0
                        ? ", released " + consumer.releasedCount() + " unfinished back to the queue" : "")
                        + "; outputs in " + BlobNames.OUTPUT_CONTAINER + " (or the container a job names), poisoned "
                        + "messages in " + settings.poisonQueue());
                out.flush();
                if (!consumer.isHealthy()) {
                    System.err.println("error: the worker's receiver failed unexpectedly (see the log above)");
                    return 1;
                }
                return 0;
            }
        } finally {
            if (parentWatch != null) {
                parentWatch.shutdownNow();
            }
            account.close();
        }
    }

    private HealthServer startHttp(QueueConsumer consumer) {
        try {
            return HealthServer.start(consumer, httpHost, httpPort);
        } catch (RuntimeException e) {
            throw new CliErrors.UserError("could not serve HTTP on " + httpHost + ":" + httpPort + " ("
                    + rootMessage(e) + "): choose another port with --http-port, or 0 for a free one");
        }
    }

    /**
     * The process whose end ends this worker. Identified by pid and start time, so a pid reused by
     * an unrelated process after the parent died does not keep the worker alive; when it is this
     * process's own parent, being re-parented also counts as its end, since a dead parent may linger
     * as a zombie that still looks alive until it is reaped.
     */
    record ParentProcess(long pid, java.util.Optional<java.time.Instant> started, boolean direct) {

        static ParentProcess of(long pid) {
            java.util.Optional<ProcessHandle> handle = pid > 0 ? ProcessHandle.of(pid) : java.util.Optional.empty();
            if (handle.isEmpty() || !handle.get().isAlive()) {
                throw new IllegalArgumentException("--parent-pid " + pid + " is not a running process: pass the pid "
                        + "of the process this worker should not outlive");
            }
            return new ParentProcess(pid, handle.get().info().startInstant(), currentParent() == pid);
        }

        boolean isAlive() {
            if (direct && currentParent() != pid) {
                return false;
            }
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(handle -> started.isEmpty() || started.equals(handle.info().startInstant()))
                    .isPresent();
        }

        private static long currentParent() {
            return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
        }

        /** Checks every {@link #PARENT_CHECK_PERIOD} (the first check one period from now) and runs the action once. */
        ScheduledExecutorService onExit(Runnable action) {
            ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "durascale-parent-watch");
                thread.setDaemon(true);
                return thread;
            });
            long period = PARENT_CHECK_PERIOD.toMillis();
            watch.scheduleWithFixedDelay(() -> {
                if (!isAlive()) {
                    action.run();
                    watch.shutdown();
                }
            }, period, period, TimeUnit.MILLISECONDS);
            return watch;
        }
    }

    private static ScheduledExecutorService startProgress(WorkerMetrics metrics, PrintStream out) {
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "durascale-progress");
            thread.setDaemon(true);
            return thread;
        });
        long[] last = {-1};
        progress.scheduleAtFixedRate(() -> {
            long done = metrics.processedCount() + metrics.failedCount() + metrics.poisonedCount();
            if (done != last[0] || metrics.inFlightCount() > 0) {
                last[0] = done;
                out.println("durascale-worker: processed " + metrics.processedCount() + ", failed " + metrics.failedCount()
                        + ", poisoned " + metrics.poisonedCount() + ", in flight " + metrics.inFlightCount());
                out.flush();
            }
        }, 30, 30, TimeUnit.SECONDS);
        return progress;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
