package io.durascale.pipeline.local.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durascale.testkit.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's process handling with small real processes (sh, sleep): environment, logs,
 * SIGTERM then SIGKILL after the grace, close(). The worker itself is exercised by LocalKedaIT.
 */
class ProcessPodLauncherTest {

    private static final String SECRET = "DefaultEndpointsProtocol=http;AccountName=x;AccountKey=c2VjcmV0;QueueEndpoint=http://127.0.0.1:9/x";

    @TempDir
    Path dir;

    private ProcessPodLauncher launcher;

    @AfterEach
    void close() {
        if (launcher != null) {
            launcher.close();
        }
    }

    private ProcessPodLauncher launch(String script, Duration grace) {
        launcher = ProcessPodLauncher.builder(List.of("sh", "-c", script, "pod"), dir.resolve("pods"))
                .connectionString(SECRET).terminationGracePeriod(grace).podArguments(pod -> List.of(pod)).build();
        return launcher;
    }

    @Test
    void theConnectionStringGoesInTheEnvironmentNotTheCommandLineAndOutputToThePodLog() throws IOException {
        PodProcess pod = launch("echo \"pod $1 has $AZURE_STORAGE_CONNECTION_STRING\"; exec sleep 30", Duration.ofSeconds(5))
                .start("worker-1");
        Path log = dir.resolve("pods/worker-1.log");
        Await.until(Duration.ofSeconds(10), "the pod writes its log", () -> read(log).contains("has"), () -> read(log));
        assertThat(read(log)).contains("pod worker-1 has " + SECRET);
        long pid = pod.pid().orElseThrow();
        // The log line is written before `exec sleep`; during the exec /proc/PID/cmdline reads empty.
        Path cmdline = Path.of("/proc", String.valueOf(pid), "cmdline");
        Await.until(Duration.ofSeconds(10), "the pod has exec'd sleep", () -> read(cmdline).contains("sleep"),
                () -> read(cmdline));
        assertThat(read(cmdline)).doesNotContain("AccountKey");
        assertThat(pod.exitCode()).isEmpty();
        assertThat(pod.isReady()).as("no port line, so never ready").isFalse();
    }

    @Test
    void terminateSendsSigtermAndAProcessThatIgnoresItIsKilledAfterTheGrace() {
        ProcessPodLauncher pods = launch("exec sleep 30", Duration.ofSeconds(5));
        PodProcess polite = pods.start("polite");
        polite.terminate();
        Await.until(Duration.ofSeconds(10), "sleep ends on SIGTERM", () -> polite.exitCode().isPresent());
        assertThat(polite.exitCode()).hasValue(143);

        launcher.close();
        ProcessPodLauncher stubborn = launch("trap '' TERM; echo ignoring TERM; exec sleep 30", Duration.ofMillis(300));
        PodProcess pod = stubborn.start("stubborn");
        Path log = dir.resolve("pods/stubborn.log");
        Await.until(Duration.ofSeconds(10), "the trap is set", () -> read(log).contains("ignoring TERM"));
        pod.terminate();
        Await.until(Duration.ofSeconds(10), "the stubborn process is killed after the grace",
                () -> pod.exitCode().isPresent());
        // 137 = SIGKILL: only the grace timer sends it.
        assertThat(pod.exitCode()).hasValue(137);
    }

    @Test
    void closeStopsEveryProcess() {
        ProcessPodLauncher pods = launch("exec sleep 30", Duration.ofSeconds(5));
        PodProcess a = pods.start("a");
        PodProcess b = pods.start("b");
        assertThat(pods.liveProcesses()).isEqualTo(2);
        pods.close();
        assertThat(a.exitCode()).isPresent();
        assertThat(b.exitCode()).isPresent();
        assertThat(pods.liveProcesses()).isZero();
        assertThatThrownBy(() -> pods.start("c")).hasMessage("the pod launcher is closed");
    }

    @Test
    void aConnectionStringOnTheCommandLineIsRefused() {
        assertThatThrownBy(() -> ProcessPodLauncher.builder(List.of("java", "-jar", "worker.jar", "run", "--connection", SECRET),
                dir).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the storage connection string must go in the environment (AZURE_STORAGE_CONNECTION_STRING), "
                        + "not on the command line, where any process listing shows it");
        assertThatThrownBy(() -> ProcessPodLauncher.builder(List.of(), dir).build())
                .hasMessage("the pod command is empty: give e.g. java -jar worker.jar run");
    }

    @Test
    void eachWorkerGetsAFreePortItsPodNameAndThisJvmAsParent() {
        Path jar = dir.resolve("worker.jar");
        launcher = ProcessPodLauncher.worker(jar, "compute-jobs", dir).arguments("--concurrency", "1").build();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        assertThat(launcher.commandFor("worker-3")).containsExactly(java, "-Xmx256m", "-XX:+UseSerialGC", "-jar",
                jar.toAbsolutePath().toString(), "run", "--queue", "compute-jobs", "--http-host", "127.0.0.1",
                "--concurrency", "1", "--http-port", "0", "--worker-id", "worker-3", "--parent-pid",
                String.valueOf(ProcessHandle.current().pid()));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
