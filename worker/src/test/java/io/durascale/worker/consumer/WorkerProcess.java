package io.durascale.worker.consumer;

import io.durascale.testkit.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code java -jar worker.jar run ...} process, as the local stack or a pod runs it: the
 * connection string goes in the environment, the HTTP port is read from its output. The output
 * goes to a log file under {@code target/worker-processes/} (kept for diagnosis; reading a file
 * also avoids losing a process's last lines to a pipe closed at exit).
 */
public final class WorkerProcess implements AutoCloseable {

    private static final Pattern PORT = Pattern.compile("durascale-worker: http port (\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    private volatile int port = -1;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** The packaged jar (failsafe passes its path; defaults to target/worker.jar). */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("durascale.worker.jar", "target/worker.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run 'mvn -pl worker package' first");
        }
        return jar;
    }

    /** Starts {@code worker.jar run} with the given flags and waits until it serves HTTP. */
    public static WorkerProcess start(String connectionString, String... runArgs) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar().toString(), "run", "--http-port", "0",
                "--http-host", "127.0.0.1"));
        command.addAll(List.of(runArgs));
        try {
            Path logs = Files.createDirectories(Path.of("target", "worker-processes"));
            Path log = Files.createTempFile(logs, "worker-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().put("AZURE_STORAGE_CONNECTION_STRING", connectionString);
            WorkerProcess worker = new WorkerProcess(builder.start(), log);
            Await.until(Duration.ofSeconds(60), "the worker prints its HTTP port", () -> worker.readPort() > 0 || !worker.isAlive(),
                    worker::output);
            if (worker.port < 0) {
                throw new AssertionError("the worker exited before serving HTTP:\n" + worker.output());
            }
            return worker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything it printed so far (stdout and stderr). */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where its output goes. */
    public Path log() {
        return log;
    }

    /** Waits until its output contains the text. */
    public void awaitOutput(String text, Duration deadline) {
        Await.until(deadline, "the worker prints '" + text + "'", () -> output().contains(text), this::output);
    }

    private int readPort() {
        Matcher matcher = PORT.matcher(output());
        if (matcher.find()) {
            port = Integer.parseInt(matcher.group(1));
        }
        return port;
    }

    /** GET a path on its HTTP port: status and body, or status -1 if it does not answer. */
    public HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A sample from /metrics (the sum over its label sets), or -1 if absent or unreachable. */
    public double metric(String name) {
        String body;
        try {
            body = get("/metrics").body();
        } catch (RuntimeException e) {
            return -1;
        }
        double sum = 0;
        boolean found = false;
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? ([0-9.eE+-]+)$").matcher(body);
        while (matcher.find()) {
            sum += Double.parseDouble(matcher.group(1));
            found = true;
        }
        return found ? sum : -1;
    }

    /** SIGTERM: the worker should drain and exit 0. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL: no chance to clean up, as when a node dies. */
    public void kill() {
        process.destroyForcibly();
    }

    /** Waits for exit and returns the exit code. */
    public int awaitExit(Duration deadline) {
        try {
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the worker did not exit within " + deadline.toSeconds() + " s:\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
