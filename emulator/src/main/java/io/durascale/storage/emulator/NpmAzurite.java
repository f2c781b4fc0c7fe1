package io.durascale.storage.emulator;

import io.durascale.storage.ConnectionString;
import io.durascale.storage.StorageEmulator;
import io.durascale.storage.StorageUnavailableException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Azurite from npm, run as three child processes — blob, queue and table — each on its own Node
 * thread (one process serving all three is a single-threaded ceiling), in memory, on free
 * loopback ports. Stopped by {@link #close()}, by a shutdown hook, and, should this JVM be
 * killed outright, by the launcher noticing its stdin close.
 */
final class NpmAzurite implements StorageEmulator.Running {

    private static final Logger log = LoggerFactory.getLogger(NpmAzurite.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final List<String> SERVICES = List.of("blob", "queue", "table");

    /** One service's process, the port it reported, and the tail of its output for error messages. */
    private static final class ServiceProcess {
        final String name;
        final Process process;
        final CompletableFuture<Integer> port = new CompletableFuture<>();
        final Deque<String> tail = new ArrayDeque<>();

        ServiceProcess(String name, Process process) {
            this.name = name;
            this.process = process;
        }

        int port() {
            return port.join();
        }

        String tail() {
            synchronized (tail) {
                return String.join(" | ", tail);
            }
        }
    }

    private final List<ServiceProcess> services;
    private final Thread shutdownHook;
    private final Path workDir;
    private volatile boolean closed;

    private NpmAzurite(List<ServiceProcess> services, Path workDir) {
        this.services = services;
        this.workDir = workDir;
        this.shutdownHook = new Thread(this::stopProcesses, "durascale-azurite-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    static NpmAzurite start(AzuriteInstallation installation) {
        return start(installation, Map.of());
    }

    /** Starts with extra environment variables for the Node processes (tests tune Azurite with them). */
    static NpmAzurite start(AzuriteInstallation installation, Map<String, String> environment) {
        Path workDir;
        try {
            // In-memory mode writes no data, but Azurite may still drop files in its working directory.
            workDir = Files.createTempDirectory("durascale-azurite-");
        } catch (IOException e) {
            throw new StorageUnavailableException("could not create a working folder for Azurite: " + e.getMessage());
        }
        List<ServiceProcess> started = new ArrayList<>();
        try {
            for (String service : SERVICES) {
                started.add(launch(installation, service, workDir, environment));
            }
            for (ServiceProcess service : started) {
                awaitPort(service);
            }
        } catch (RuntimeException e) {
            started.forEach(s -> kill(s.process));
            throw e;
        }
        NpmAzurite azurite = new NpmAzurite(List.copyOf(started), workDir);
        log.info("Azurite {} started: blob :{}, queue :{}, table :{} (pids {})", AzuriteInstallation.pinnedVersion(),
                azurite.port("blob"), azurite.port("queue"), azurite.port("table"), azurite.pids());
        return azurite;
    }

    private static ServiceProcess launch(AzuriteInstallation installation, String service, Path workDir,
                                         Map<String, String> environment) {
        List<String> command = List.of(
                installation.node(), installation.launcher().toString(), installation.directory().toString(), service,
                "--" + service + "Host", "127.0.0.1",
                "--" + service + "Port", "0",
                "--inMemoryPersistence",
                // The Java SDK may send a newer x-ms-version than this Azurite knows; the operations we use exist in both.
                "--skipApiVersionCheck",
                "--loose",
                "--disableTelemetry",
                "--silent");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            ServiceProcess started = new ServiceProcess(service, process);
            Thread reader = new Thread(() -> pump(started), "azurite-" + service + "-output");
            reader.setDaemon(true);
            reader.start();
            return started;
        } catch (IOException e) {
            throw new StorageUnavailableException("could not start Node.js for Azurite " + service + ": " + e.getMessage());
        }
    }

    private static void awaitPort(ServiceProcess service) {
        try {
            service.port.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new StorageUnavailableException("Azurite " + service.name + " did not start within "
                    + START_TIMEOUT.toSeconds() + " s; last output: " + service.tail());
        } catch (ExecutionException e) {
            throw new StorageUnavailableException(e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("interrupted while starting Azurite");
        }
    }

    /** Reads a service's output: the port line completes its port; the rest is kept as a short tail. */
    private static void pump(ServiceProcess service) {
        String prefix = "durascale:listening " + service.name + " ";
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(service.process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith(prefix)) {
                    service.port.complete(Integer.parseInt(line.substring(prefix.length()).trim()));
                    continue;
                }
                synchronized (service.tail) {
                    service.tail.addLast(line);
                    if (service.tail.size() > 20) {
                        service.tail.removeFirst();
                    }
                }
                log.debug("azurite-{}: {}", service.name, line);
            }
        } catch (IOException e) {
            // the stream closes when the process ends; the exit is reported below
        }
        service.port.completeExceptionally(new IllegalStateException("Azurite " + service.name + " exited (code "
                + exitCode(service.process) + ") before listening; last output: " + service.tail()));
    }

    private static String exitCode(Process process) {
        try {
            return process.waitFor(2, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    int port(String service) {
        return services.stream().filter(s -> s.name.equals(service)).findFirst().orElseThrow().port();
    }

    List<Long> pids() {
        return services.stream().map(s -> s.process.pid()).toList();
    }

    @Override
    public ConnectionString connectionString() {
        return ConnectionString.forLocalEmulator("127.0.0.1", port("blob"), port("queue"), port("table"));
    }

    @Override
    public String label() {
        return "Azurite (npm)";
    }

    @Override
    public void close() {
        stopProcesses();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running or has run
        }
    }

    private synchronized void stopProcesses() {
        if (closed) {
            return;
        }
        closed = true;
        for (ServiceProcess service : services) {
            try {
                // EOF on stdin makes the launcher exit on its own; SIGTERM and SIGKILL follow if it does not.
                service.process.getOutputStream().close();
            } catch (IOException e) {
                // already closed
            }
        }
        services.forEach(s -> kill(s.process));
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }

    /** Stops a process and everything it started: SIGTERM, a short grace, then SIGKILL. */
    static void kill(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (ProcessHandle handle : tree) {
            long left = deadline - System.nanoTime();
            try {
                handle.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                handle.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                handle.destroyForcibly();
            }
        }
    }
}
