package io.durascale.worker.cli;

import io.durascale.core.launch.StartupCache;
import io.durascale.run.PodStart;
import io.durascale.run.RunDirectory;
import io.durascale.storage.StorageResolution;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code worker.jar startup}: how long a pod takes to become ready, cold, with and without the start-up cache, for
 * each JDK given, and optionally an earlier worker jar ({@code --before-jar}) started plain, as the "before" of a
 * change. The modes alternate start by start, so a busy moment of a shared machine falls on all of them alike.
 */
@Command(name = "startup", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure worker cold starts: process start to /readyz 200, against running storage, plain and with "
                + "the JVM's start-up cache (AOT cache on JDK 25+, class-data sharing before), and write pod-start.json.",
            "Start an emulator first: ./durascale storage --hold, then export the connection string it prints."})
final class StartupCommand implements Callable<Integer> {

    /** The options the local pod launcher starts workers with. */
    static final List<String> POD_JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC");

    @Option(names = "--runs", paramLabel = "N", description = "Cold starts per JDK and mode (default: ${DEFAULT-VALUE}).")
    int runs = 10;

    @Option(names = "--java", paramLabel = "PATH",
            description = "A java executable to measure (repeatable; default: the one running this command).")
    List<Path> javas = new ArrayList<>();

    @Option(names = "--connection", paramLabel = "CS",
            description = "Azure Storage connection string (default: $AZURE_STORAGE_CONNECTION_STRING).")
    String connection;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where start-up caches are kept (default: startup-cache/ beside the jar).")
    Path cacheDir;

    @Option(names = "--before-jar", paramLabel = "JAR",
            description = "An earlier worker.jar to measure as well, plain, alternating with this one (mode before): "
                    + "the before and after of a change in one run. It must take run's --queue, --http-port, --http-host "
                    + "and --concurrency and print its port as this one does.")
    Path beforeJar;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: target/durascale/runs/<timestamp>-startup).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || runs > 100) {
            throw new IllegalArgumentException("--runs must be 1 to 100, got " + runs);
        }
        String connectionString = StorageResolution.fromEnvironment().withConnectionString(connection)
                .connectionStringOnly().connectionString();
        Path jar = WorkerJarPath.self();
        if (beforeJar != null && !Files.isRegularFile(beforeJar)) {
            throw new IllegalArgumentException("--before-jar " + beforeJar + " is not a file");
        }
        Path caches = cacheDir != null ? cacheDir : jar.toAbsolutePath().getParent().resolve("startup-cache");
        List<Path> measured = javas.isEmpty() ? List.of(Path.of(System.getProperty("java.home"), "bin", "java")) : javas;
        RunDirectory run = RunDirectory.create(out, "startup");
        List<PodStart.Series> series = new ArrayList<>();
        for (Path java : measured) {
            StartupCache cache = StartupCache.of(java, jar, caches);
            System.out.println("==> " + java + ": " + cache.describe());
            if (!cache.exists()) {
                System.out.println("    making the start-up cache (one training run)...");
            }
            List<String> cached = cache.ensure(POD_JVM_OPTIONS, List.of("train"), Duration.ofMinutes(2),
                    run.file("startup-training.log")).isPresent() ? cache.useOptions() : List.of();
            if (cached.isEmpty()) {
                System.out.println("    no start-up cache for this JDK (see " + run.file("startup-training.log") + ")");
            }
            long[] before = new long[runs];
            long[] plain = new long[runs];
            long[] warm = new long[runs];
            for (int i = 0; i < runs; i++) {
                if (beforeJar != null) {
                    before[i] = startToReady(java, List.of(), beforeJar, connectionString);
                }
                plain[i] = startToReady(java, List.of(), jar, connectionString);
                if (!cached.isEmpty()) {
                    warm[i] = startToReady(java, cached, jar, connectionString);
                }
                System.out.printf("    start %2d of %d: %splain %,d ms%s%n", i + 1, runs,
                        beforeJar == null ? "" : String.format("before %,d ms, ", before[i]), plain[i],
                        cached.isEmpty() ? "" : String.format(", cached %,d ms", warm[i]));
            }
            String jdk = cache.describe().replaceAll(".*JDK (\\d+).*", "$1");
            if (beforeJar != null) {
                series.add(series(Integer.parseInt(jdk), java, "before", beforeJar.toAbsolutePath().toString(), before));
            }
            series.add(series(Integer.parseInt(jdk), java, "plain", null, plain));
            if (!cached.isEmpty()) {
                series.add(series(Integer.parseInt(jdk), java, "cached", cache.describe(), warm));
            }
        }
        System.out.println();
        System.out.println("worker start to ready, " + runs + " cold starts each (median, quartiles, range):");
        for (PodStart.Series s : series) {
            System.out.printf("  JDK %-3d %-7s median %,6.0f ms   p25-p75 %,5.0f-%,5.0f ms   min-max %,5.0f-%,5.0f ms%n",
                    s.jdk(), s.mode(), s.medianMs(), s.p25Ms(), s.p75Ms(), s.minMs(), s.maxMs());
        }
        Path file = run.write(new PodStart(runs, series));
        System.out.println("results: " + file);
        return 0;
    }

    /** One cold start: process start to the first 200 from /readyz, polled every 5 ms. */
    private static long startToReady(Path java, List<String> cacheOptions, Path jar, String connectionString)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(POD_JVM_OPTIONS);
        command.addAll(cacheOptions);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "run", "--queue",
                "startup-" + UUID.randomUUID().toString().substring(0, 8), "--http-port", "0", "--http-host", "127.0.0.1",
                "--concurrency", "1"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(StorageResolution.CONNECTION_STRING_ENV, connectionString);
        long started = System.nanoTime();
        Process process = builder.start();
        // Not closed here: the thread that drains the rest of the output owns it, and it ends with the process.
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            int port = -1;
            String line;
            while (port < 0 && (line = output.readLine()) != null) {
                if (line.startsWith(RunCommand.PORT_LINE)) {
                    port = Integer.parseInt(line.substring(RunCommand.PORT_LINE.length()).trim());
                }
            }
            if (port < 0) {
                throw new IllegalStateException("the worker exited before it printed its port (exit code "
                        + process.waitFor() + ")");
            }
            Thread drain = new Thread(() -> {
                try {
                    output.lines().forEach(l -> { });
                } catch (java.io.UncheckedIOException ended) {
                    // the process ended and its output closed
                }
            }, "startup-output");
            drain.setDaemon(true);
            drain.start();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                    .timeout(Duration.ofSeconds(1)).build();
            long deadline = started + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(5);
            }
            throw new IllegalStateException("the worker was not ready within 60 s");
        } finally {
            process.destroy(); // SIGTERM: it drains (nothing in flight) and exits 0
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** {@code cache}: what the cached mode used, or for {@code before} the earlier jar measured. */
    private static PodStart.Series series(int jdk, Path java, String mode, String cache, long[] starts) {
        long[] sorted = starts.clone();
        Arrays.sort(sorted);
        List<Long> all = Arrays.stream(starts).boxed().toList();
        return new PodStart.Series(jdk, java.toString(), mode, cache, quantile(sorted, 0.5), quantile(sorted, 0.25),
                quantile(sorted, 0.75), sorted[0], sorted[sorted.length - 1], all);
    }

    /** Linear interpolation between order statistics (R's type 7, numpy's default). */
    static double quantile(long[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
