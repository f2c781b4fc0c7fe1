package io.durascale.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.testkit.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's error paths: one line on stderr and the documented exit code, never a trace or a key. */
class WorkerCliTest {

    private static final String KEY = "c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWs=";

    record Result(int exitCode, String out, String err) {
        String combined() {
            return out + err;
        }
    }

    @Test
    void unknownFlagIsOneLineAndExitCode2() {
        Result result = run("run", "--bogus");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("error: Unknown option: '--bogus' (see 'worker.jar run --help')\n");
    }

    @Test
    void malformedValuesAreOneLineAndExitCode2() {
        Result duration = run("run", "--visibility-timeout", "banana");
        assertThat(duration.exitCode()).isEqualTo(2);
        assertThat(duration.err()).contains("'banana' is not a duration").hasLineCount(1);

        Result number = run("run", "--concurrency", "lots");
        assertThat(number.exitCode()).isEqualTo(2);
        assertThat(number.err()).contains("--concurrency").contains("'lots'").hasLineCount(1);
    }

    @Test
    void outOfRangeSettingsAreOneLineAndExitCode2BeforeStorageIsTouched() {
        // The connection would fail with exit code 3; exit code 2 shows validation came first.
        String unreachable = "DefaultEndpointsProtocol=http;AccountName=x;AccountKey=" + KEY
                + ";QueueEndpoint=http://127.0.0.1:9/x;BlobEndpoint=http://127.0.0.1:9/x";
        for (String[] args : new String[][] {
            {"run", "--concurrency", "0", "--connection", unreachable},
            {"run", "--visibility-timeout", "1500ms", "--connection", unreachable},
            {"run", "--max-dequeue-count", "0", "--connection", unreachable},
            {"run", "--queue", "Not_A_Queue", "--connection", unreachable},
            {"run", "--http-port", "70000", "--connection", unreachable}}) {
            Result result = run(args);
            assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(result.err()).as(String.join(" ", args)).startsWith("error: ").hasLineCount(1).doesNotContain(KEY);
        }
        assertThat(run("run", "--concurrency", "0").err()).contains("concurrency must be 1 to 256");
    }

    @Test
    void unreachableStorageIsOneSentenceAndExitCode3WithoutTheKey() {
        String unreachable = "DefaultEndpointsProtocol=http;AccountName=x;AccountKey=" + KEY
                + ";QueueEndpoint=http://127.0.0.1:9/x;BlobEndpoint=http://127.0.0.1:9/x";
        Result result = run("run", "--connection", unreachable, "--startup-timeout", "1s", "--http-port", "0",
                "--http-host", "127.0.0.1");
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).startsWith("error: Azure Storage did not answer within 1s").hasLineCount(1);
        assertThat(result.combined()).doesNotContain(KEY).doesNotContain("AccountKey");
    }

    @Test
    void aMalformedConnectionStringIsExitCode3() {
        Result result = run("run", "--connection", "this-is-not-a-connection-string");
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).startsWith("error: The Azure Storage connection string is not valid").hasLineCount(1);
    }

    @Test
    void benchQueueRejectsAnUnknownKernelListingTheKnownOnes() {
        Result result = run("bench-queue", "--kernel", "fft");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("unknown kernel 'fft'").contains("matmul, montecarlo, stencil").hasLineCount(1);
        Result size = run("bench-queue", "--kernel", "stencil", "--block-size", "0");
        assertThat(size.exitCode()).isEqualTo(2);
        assertThat(size.err()).contains("block size 0 is outside 1..4096 for kernel stencil");
    }

    @Test
    void kernelsListsEveryKernel() {
        Result result = run("kernels");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("montecarlo").contains("stencil").contains("matmul");
    }

    @Test
    void aParentPidThatIsNotRunningIsOneLineAndExitCode2BeforeStorageIsTouched() {
        String unreachable = "DefaultEndpointsProtocol=http;AccountName=x;AccountKey=" + KEY
                + ";QueueEndpoint=http://127.0.0.1:9/x;BlobEndpoint=http://127.0.0.1:9/x";
        for (String pid : new String[] {"0", "-5", String.valueOf(Long.MAX_VALUE)}) {
            Result result = run("run", "--parent-pid", pid, "--connection", unreachable);
            assertThat(result.exitCode()).as(pid).isEqualTo(2);
            assertThat(result.err()).as(pid).isEqualTo("error: --parent-pid " + pid + " is not a running process: pass "
                    + "the pid of the process this worker should not outlive\n");
        }
        assertThat(run("run", "--parent-pid", "self").err()).contains("--parent-pid").contains("'self'").hasLineCount(1);
    }

    /**
     * A real worker JVM whose parent is SIGKILLed: it drains and exits 0 on its own. Storage is
     * unreachable, so without the watch it would wait out its 60 s startup timeout and exit 3.
     */
    @Test
    void aWorkerWhoseParentDiesDrainsAndExitsZero(@TempDir Path dir) throws Exception {
        Process parent = new ProcessBuilder("sleep", "300").start();
        Process worker = null;
        try {
            Path log = dir.resolve("worker.log");
            String unreachable = "DefaultEndpointsProtocol=http;AccountName=x;AccountKey=" + KEY
                    + ";QueueEndpoint=http://127.0.0.1:9/x;BlobEndpoint=http://127.0.0.1:9/x";
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), WorkerCli.class.getName(),
                    "run", "--startup-timeout", "60s", "--http-port", "0", "--http-host", "127.0.0.1",
                    "--parent-pid", String.valueOf(parent.pid()))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("AZURE_STORAGE_CONNECTION_STRING", unreachable);
            worker = builder.start();
            Await.until(Duration.ofSeconds(60), "the worker serves HTTP", () -> read(log).contains(RunCommand.PORT_LINE),
                    () -> read(log));
            assertThat(worker.isAlive()).as(read(log)).isTrue();

            parent.destroyForcibly();
            assertThat(worker.waitFor(30, TimeUnit.SECONDS)).as("the worker exits after its parent: " + read(log)).isTrue();
            assertThat(worker.exitValue()).as(read(log)).isZero();
            assertThat(read(log)).contains("durascale-worker: parent process " + parent.pid() + " is gone: draining")
                    .contains("durascale-worker: stopped; processed 0").doesNotContain(KEY);
        } finally {
            parent.destroyForcibly();
            if (worker != null) {
                worker.destroyForcibly();
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs in-process, capturing picocli's streams and System.out (where commands print progress). */
    private static Result run(String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        try {
            int code = WorkerCli.commandLine().setErr(new PrintWriter(err, true)).setOut(new PrintWriter(stdout, true))
                    .execute(args);
            return new Result(code, stdout.toString(StandardCharsets.UTF_8), err.toString().replace("\r\n", "\n"));
        } finally {
            System.setOut(original);
        }
    }
}
