package io.durascale.storage.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** No Azurite outlives the JVM that started it, however that JVM ends. */
class AzuriteLifecycleTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @BeforeAll
    static void needsNode() {
        assumeTrue(AzuriteInstallation.probe(List.of(System.getenv().getOrDefault("DURASCALE_NODE", "node"), "--version")) != null,
                "Node.js is not installed, so npm Azurite cannot run here");
    }

    @Test
    void azuriteStopsWhenItsJvmIsTerminatedNormally() throws Exception {
        Child child = startChild();
        assertThat(child.pids).hasSize(3);
        assertThat(portOpen(child.queuePort)).isTrue();

        child.process.destroy(); // SIGTERM: shutdown hooks run
        assertThat(child.process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();

        awaitTrue(() -> !portOpen(child.queuePort), "queue port " + child.queuePort + " still open");
        awaitTrue(() -> Arrays.stream(child.pids).noneMatch(AzuriteLifecycleTest::running), "Azurite still running");
    }

    @Test
    void azuriteStopsEvenWhenItsJvmIsKilled() throws Exception {
        Child child = startChild();
        assertThat(portOpen(child.queuePort)).isTrue();

        child.process.destroyForcibly(); // SIGKILL: no shutdown hook; the launcher sees stdin close
        assertThat(child.process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();

        awaitTrue(() -> !portOpen(child.queuePort), "queue port " + child.queuePort + " still open");
        awaitTrue(() -> Arrays.stream(child.pids).noneMatch(AzuriteLifecycleTest::running), "Azurite still running");
    }

    private record Child(Process process, int queuePort, long[] pids) {}

    private static Child startChild() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                AzuriteChild.class.getName())
                .redirectErrorStream(true);
        builder.environment().remove(io.durascale.storage.StorageResolution.CONNECTION_STRING_ENV);
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                StringBuilder seen = new StringBuilder();
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("READY ")) {
                        return line;
                    }
                    seen.append(line).append('\n');
                }
                throw new IllegalStateException("child exited before READY:\n" + seen);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        String line;
        try {
            line = ready.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
        // Keep draining so the child never blocks on a full pipe.
        CompletableFuture.runAsync(() -> out.lines().forEach(l -> { }));
        String[] parts = line.split(" ");
        long[] pids = Arrays.stream(parts, 2, parts.length).mapToLong(Long::parseLong).toArray();
        return new Child(process, Integer.parseInt(parts[1]), pids);
    }

    private static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Alive and not a zombie waiting to be reaped. */
    private static boolean running(long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
            } catch (IOException e) {
                return false; // gone between the two checks
            }
        }
        return false;
    }

    private static void awaitTrue(BooleanSupplier condition, String failure) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError(failure + " after " + DEADLINE.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }
}
