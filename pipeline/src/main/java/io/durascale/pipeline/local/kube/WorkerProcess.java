package io.durascale.pipeline.local.kube;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pod process of a {@link ProcessPodLauncher} (a worker, or an orchestration host): its HTTP port, as it printed
 * it in its log, its
 * latest readiness probe ({@code /readyz}), and SIGTERM with SIGKILL after the termination grace.
 */
final class WorkerProcess implements PodProcess {

    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    /** The line worker.jar prints its HTTP port in. */
    static final Pattern WORKER_PORT_LINE = Pattern.compile("durascale-worker: http port (\\d+)");
    // The launcher's logger, so its warnings read as they always did.
    private static final Logger log = LoggerFactory.getLogger(ProcessPodLauncher.class);

    private final String pod;
    private final Process process;
    private final Path logFile;
    private final long logStart;
    private final HttpClient http;
    private final ScheduledExecutorService timers;
    private final Duration terminationGrace;
    private final Pattern portLine;
    private final AtomicBoolean probing = new AtomicBoolean();
    private final AtomicBoolean terminating = new AtomicBoolean();
    private volatile int port = -1;
    private volatile boolean ready;

    /**
     * @param timers where the SIGKILL after the grace is scheduled
     * @param portLine the log line the process prints its HTTP port (group 1) in
     */
    WorkerProcess(String pod, Process process, Path logFile, HttpClient http, ScheduledExecutorService timers,
                  Duration terminationGrace, Pattern portLine) {
        this.pod = pod;
        this.process = process;
        this.logFile = logFile;
        this.http = http;
        this.timers = timers;
        this.terminationGrace = terminationGrace;
        this.portLine = portLine;
        // The log is appended to across restarts: look for this process's port line after what was there.
        long size;
        try {
            size = Files.exists(logFile) ? Files.size(logFile) : 0;
        } catch (IOException e) {
            size = 0;
        }
        this.logStart = size;
    }

    String pod() {
        return pod;
    }

    Process process() {
        return process;
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(process.pid());
    }

    @Override
    public boolean isReady() {
        return ready && process.isAlive();
    }

    @Override
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    @Override
    public void terminate() {
        if (!terminating.compareAndSet(false, true)) {
            return;
        }
        ready = false;
        process.destroy();
        try {
            timers.schedule(() -> {
                if (process.isAlive()) {
                    log.warn("pod {} (pid {}) still running {} s after SIGTERM: killing it", pod, process.pid(),
                            terminationGrace.toSeconds());
                    process.destroyForcibly();
                }
            }, terminationGrace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closing: close() itself kills what outlives the grace.
        }
    }

    @Override
    public void kill() {
        ready = false;
        process.destroyForcibly();
    }

    void probe() {
        if (!process.isAlive() || terminating.get()) {
            ready = false;
            return;
        }
        if (port < 0) {
            port = readPort();
            if (port < 0) {
                return;
            }
        }
        if (!probing.compareAndSet(false, true)) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                .timeout(PROBE_TIMEOUT).GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            ready = error == null && response.statusCode() == 200 && !terminating.get();
            probing.set(false);
        });
    }

    private int readPort() {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long length = file.length();
            if (length <= logStart) {
                return -1;
            }
            file.seek(logStart);
            byte[] head = new byte[(int) Math.min(length - logStart, 64 * 1024)];
            file.readFully(head);
            Matcher matcher = portLine.matcher(new String(head, StandardCharsets.UTF_8));
            return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public String toString() {
        return pod + " (pid " + process.pid() + ")";
    }
}
