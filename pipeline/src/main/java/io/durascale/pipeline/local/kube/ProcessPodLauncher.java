package io.durascale.pipeline.local.kube;

import io.durascale.core.launch.StartupCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each pod as a real process — {@code java -jar worker.jar run ...} for the worker tier,
 * {@code java -jar pipeline.jar taskhub --orchestrations N ...} for the orchestration tier — doing the kubelet's work:
 * the storage connection string goes in the environment ({@code AZURE_STORAGE_CONNECTION_STRING}),
 * never on the command line, where any process listing would show it; the worker's output goes to
 * {@code <logDirectory>/<pod>.log}; readiness is the worker's {@code /readyz} on the port it prints;
 * termination is SIGTERM (the worker drains its jobs) and SIGKILL after the grace period.
 *
 * <p>No worker outlives the process that started it: {@link #close()} stops them all, a JVM
 * shutdown hook kills what is left if the JVM exits without closing, and each worker gets
 * {@code --parent-pid} of this JVM so that it drains and exits by itself even if this JVM is
 * killed with SIGKILL.
 *
 * <pre>{@code
 * PodLauncher pods = ProcessPodLauncher.worker(WorkerJar.locate(null), "compute-jobs", runDir.resolve("pods"))
 *         .connectionString(account.connectionString())
 *         .arguments("--concurrency", "1")
 *         .build();
 * }</pre>
 */
public final class ProcessPodLauncher implements PodLauncher {

    /** Kubernetes' default terminationGracePeriodSeconds; the worker drains within its 25 s drain grace. */
    public static final Duration DEFAULT_TERMINATION_GRACE = Duration.ofSeconds(30);
    /** Readiness probes every half second: on one machine, a second saved per scale-up is worth a loopback call. */
    public static final Duration DEFAULT_PROBE_PERIOD = Duration.ofMillis(500);
    /** The environment variable the worker reads its connection string from. */
    public static final String CONNECTION_STRING_VARIABLE = "AZURE_STORAGE_CONNECTION_STRING";
    /** How long the shutdown hook lets workers drain before it kills them: a JVM that is exiting cannot wait long. */
    static final Duration SHUTDOWN_HOOK_GRACE = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(ProcessPodLauncher.class);

    private final List<String> command;
    private final Map<String, String> environment;
    private final Path logDirectory;
    private final Duration terminationGrace;
    private final Function<String, List<String>> podArguments;
    private final Pattern portLine;
    private final List<WorkerProcess> live = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService probes;
    private final ExecutorService httpThreads;
    private final HttpClient http;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ProcessPodLauncher(Builder builder) {
        this.command = List.copyOf(builder.command);
        this.environment = Map.copyOf(builder.environment);
        this.logDirectory = builder.logDirectory;
        this.terminationGrace = builder.terminationGrace;
        this.podArguments = builder.podArguments;
        this.portLine = builder.portLine;
        this.probes = Executors.newSingleThreadScheduledExecutor(daemon("durascale-pod-probes"));
        this.httpThreads = Executors.newCachedThreadPool(daemon("durascale-pod-http"));
        this.http = HttpClient.newBuilder().connectTimeout(WorkerProcess.PROBE_TIMEOUT).executor(httpThreads).build();
        long period = builder.probePeriod.toMillis();
        probes.scheduleWithFixedDelay(this::probeAll, period, period, TimeUnit.MILLISECONDS);
        this.shutdownHook = new Thread(this::killLeftovers, "durascale-pod-reaper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * A launcher for any worker command line; each pod adds {@link Builder#podArguments its own arguments}
     * (by default {@code --http-port 0 --worker-id <pod> --parent-pid <this JVM>}).
     *
     * @param command e.g. {@code java -jar worker.jar run --queue compute-jobs}
     * @param logDirectory where {@code <pod>.log} files go (created if missing)
     */
    public static Builder builder(List<String> command, Path logDirectory) {
        return new Builder(command, logDirectory);
    }

    /**
     * {@code <this JVM's java> -Xmx256m -XX:+UseSerialGC -jar <workerJar> run --queue <queue> --http-host 127.0.0.1}:
     * small heaps and the serial collector, so several workers share one machine well.
     */
    public static Builder worker(Path workerJar, String queue, Path logDirectory) {
        return worker(Path.of(System.getProperty("java.home"), "bin", "java"), workerJar, queue, logDirectory);
    }

    /** The JVM options every local pod runs with (and its start-up cache is trained with). */
    public static final List<String> POD_JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC");

    /**
     * As {@link #worker(Path, String, Path)} on the given {@code java}, with that JDK's start-up cache of the jar
     * (made once, offline, when it is missing: {@link StartupCache}) — a pod starts on every scale-from-zero, and
     * most of a JVM's start is loading the classes the cache holds.
     */
    public static Builder worker(Path java, Path workerJar, String queue, Path logDirectory) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(POD_JVM_OPTIONS);
        StartupCache cache;
        try {
            cache = StartupCache.of(java, workerJar, workerJar.toAbsolutePath().getParent().resolve("startup-cache"));
        } catch (IllegalArgumentException e) {
            cache = null; // no readable jar or JDK yet: the pod's own start says what is missing
        }
        if (cache != null && cache.supported() && !cache.exists()) {
            log.info("making the worker's start-up cache for {} ({}): one training run", java, cache.describe());
            try {
                Files.createDirectories(logDirectory);
                cache.ensure(POD_JVM_OPTIONS, List.of("train"), Duration.ofMinutes(2), logDirectory.resolve("startup-cache.log"));
            } catch (IOException | RuntimeException e) {
                log.warn("no start-up cache for the worker pods ({}): they start without one", e.getMessage());
            }
        }
        if (cache != null) {
            command.addAll(cache.useOptions());
        }
        command.addAll(List.of("-jar", workerJar.toAbsolutePath().toString(), "run", "--queue", queue,
                "--http-host", "127.0.0.1"));
        return builder(command, logDirectory);
    }

    /** The line {@code pipeline.jar taskhub} prints its HTTP port ({@code /readyz}) in. */
    static final Pattern TASK_HUB_PORT_LINE = Pattern.compile("taskhub: http port (\\d+)");

    /**
     * Orchestration hosts: {@code <this JVM's java> -Xmx256m -XX:+UseSerialGC -jar <pipelineJar> taskhub
     * <arguments> --bind 127.0.0.1 --port 0 --metrics-port 0 --parent-pid <this JVM>}; ready while the host's
     * {@code /readyz} answers 200; SIGTERM scales it in (it hands its partitions over and exits 0).
     *
     * @param arguments the host's settings, e.g. {@code --hub H --partitions 4 --orchestrations 2}
     */
    public static Builder orchestrationHost(Path pipelineJar, List<String> arguments, Path logDirectory) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(POD_JVM_OPTIONS);
        command.addAll(List.of("-jar", pipelineJar.toAbsolutePath().toString(), "taskhub"));
        command.addAll(arguments);
        command.addAll(List.of("--bind", "127.0.0.1", "--port", "0"));
        return builder(command, logDirectory).readinessPortLine(TASK_HUB_PORT_LINE)
                .podArguments(pod -> List.of("--metrics-port", "0", "--parent-pid", String.valueOf(ProcessHandle.current().pid())));
    }

    @Override
    public PodProcess start(String podName) {
        if (closed.get()) {
            throw new IllegalStateException("the pod launcher is closed");
        }
        List<String> args = commandFor(podName);
        Path logFile = logDirectory.resolve(podName + ".log");
        ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        Process process;
        try {
            Files.createDirectories(logDirectory);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + args.get(0) + " for pod " + podName + ": " + e.getMessage(), e);
        }
        WorkerProcess worker = new WorkerProcess(podName, process, logFile, http, probes, terminationGrace, portLine);
        live.add(worker);
        process.onExit().thenRun(() -> live.remove(worker));
        log.debug("pod {}: started pid {}, log {}", podName, process.pid(), logFile);
        return worker;
    }

    /** The command line a pod runs: the command, then the pod's own arguments. */
    List<String> commandFor(String podName) {
        List<String> args = new ArrayList<>(command);
        args.addAll(podArguments.apply(podName));
        return args;
    }

    /** Where pod logs go. */
    public Path logDirectory() {
        return logDirectory;
    }

    /** Worker processes still running. */
    public int liveProcesses() {
        return (int) live.stream().filter(worker -> worker.process().isAlive()).count();
    }

    private void probeAll() {
        for (WorkerProcess worker : live) {
            try {
                worker.probe();
            } catch (RuntimeException e) {
                log.debug("probe of pod {} failed: {}", worker.pod(), e.toString());
            }
        }
    }

    /** SIGTERM to every worker, up to the termination grace to drain, then SIGKILL; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopAll(terminationGrace);
        probes.shutdownNow();
        httpThreads.shutdownNow();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook runs and finds nothing left.
        }
    }

    private void killLeftovers() {
        if (!live.isEmpty()) {
            log.warn("stopping {} worker process(es) left running at JVM exit", live.size());
            stopAll(SHUTDOWN_HOOK_GRACE);
        }
    }

    private void stopAll(Duration grace) {
        List<WorkerProcess> running = new ArrayList<>(live);
        running.forEach(worker -> worker.process().destroy());
        long deadline = System.nanoTime() + grace.toNanos();
        for (WorkerProcess worker : running) {
            waitFor(worker.process(), deadline);
        }
        running.stream().filter(worker -> worker.process().isAlive()).forEach(worker -> {
            log.warn("pod {} (pid {}) did not stop within {} s of SIGTERM: killing it", worker.pod(),
                    worker.process().pid(), grace.toSeconds());
            worker.process().destroyForcibly();
        });
        long killDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (WorkerProcess worker : running) {
            waitFor(worker.process(), killDeadline);
        }
    }

    private static void waitFor(Process process, long deadlineNanos) {
        try {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                process.waitFor(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Settings of a launcher; {@link #build} checks them. */
    public static final class Builder {
        private final List<String> command;
        private final Path logDirectory;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Duration terminationGrace = DEFAULT_TERMINATION_GRACE;
        private Duration probePeriod = DEFAULT_PROBE_PERIOD;
        private Pattern portLine = WorkerProcess.WORKER_PORT_LINE;
        private Function<String, List<String>> podArguments = pod -> List.of("--http-port", "0", "--worker-id", pod,
                "--parent-pid", String.valueOf(ProcessHandle.current().pid()));

        private Builder(List<String> command, Path logDirectory) {
            this.command = new ArrayList<>(Objects.requireNonNull(command, "command"));
            this.logDirectory = Objects.requireNonNull(logDirectory, "logDirectory").toAbsolutePath().normalize();
        }

        /** More arguments for every worker, e.g. {@code --concurrency 1}. */
        public Builder arguments(String... arguments) {
            command.addAll(List.of(arguments));
            return this;
        }

        /** An environment variable for every worker. */
        public Builder environment(String name, String value) {
            environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name));
            return this;
        }

        /** The storage connection string, passed as {@value #CONNECTION_STRING_VARIABLE}. */
        public Builder connectionString(String connectionString) {
            return environment(CONNECTION_STRING_VARIABLE, connectionString);
        }

        /** From SIGTERM to SIGKILL (Kubernetes' terminationGracePeriodSeconds). */
        public Builder terminationGracePeriod(Duration grace) {
            terminationGrace = grace;
            return this;
        }

        /** How often each worker's {@code /readyz} is asked. */
        public Builder readinessProbePeriod(Duration period) {
            probePeriod = period;
            return this;
        }

        /** The log line (group 1: the port) a pod prints the HTTP port of its {@code /readyz} in (default: worker.jar's). */
        public Builder readinessPortLine(Pattern line) {
            portLine = Objects.requireNonNull(line, "line");
            return this;
        }

        /** The arguments each pod adds to the command, from its name. */
        public Builder podArguments(Function<String, List<String>> arguments) {
            podArguments = Objects.requireNonNull(arguments, "arguments");
            return this;
        }

        /**
         * @throws IllegalArgumentException if the command is empty, carries a connection string, or a period is not positive
         */
        public ProcessPodLauncher build() {
            if (command.isEmpty()) {
                throw new IllegalArgumentException("the pod command is empty: give e.g. java -jar worker.jar run");
            }
            for (String arg : command) {
                String lower = arg.toLowerCase(Locale.ROOT);
                if (lower.startsWith("--connection") || lower.contains("accountkey=") || lower.contains("sharedaccesssignature=")) {
                    throw new IllegalArgumentException("the storage connection string must go in the environment ("
                            + CONNECTION_STRING_VARIABLE + "), not on the command line, where any process listing shows it");
                }
            }
            if (terminationGrace == null || terminationGrace.isNegative()) {
                throw new IllegalArgumentException("terminationGracePeriod must be 0 or more");
            }
            if (probePeriod == null || probePeriod.isNegative() || probePeriod.isZero()) {
                throw new IllegalArgumentException("readinessProbePeriod must be above 0");
            }
            return new ProcessPodLauncher(this);
        }
    }
}
