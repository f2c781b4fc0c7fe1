package io.durascale.worker.cli;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.queue.QueueClient;
import io.durascale.run.Machine;
import io.durascale.run.QueueBench;
import io.durascale.run.RunDirectory;
import io.durascale.storage.StorageAccount;
import io.durascale.storage.StorageResolution;
import io.durascale.worker.consumer.QueueConsumer;
import io.durascale.worker.consumer.WorkerMetrics;
import io.durascale.core.job.BlobNames;
import io.durascale.core.job.JobMessage;
import io.durascale.core.job.JobQueues;
import io.durascale.storage.JobSubmitter;
import io.durascale.core.kernel.ComputeKernel;
import io.durascale.core.kernel.Kernels;
import io.durascale.core.kernel.Verification;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code worker.jar bench-queue}: the throughput of one worker process end to end — receive,
 * download, compute, upload, delete — for one kernel and block size. Each run enqueues its jobs
 * first (not timed), then times an in-process consumer from start until every job is processed,
 * then verifies every output. The median over runs goes to {@code bench-queue-<kernel>.json}.
 */
@Command(name = "bench-queue", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure single-process queue throughput (jobs/s) of a kernel against the storage of the given connection string.",
            "Enqueues --jobs jobs, times one consumer draining them, verifies every output; repeats --runs times "
                + "after --warmup untimed runs."})
final class BenchQueueCommand implements Callable<Integer> {

    @Option(names = "--kernel", required = true, paramLabel = "NAME", description = "Kernel to run (see 'kernels').")
    String kernelName;

    @Option(names = "--jobs", paramLabel = "N", description = "Jobs per run (default: ${DEFAULT-VALUE}).")
    int jobs = 200;

    @Option(names = "--block-size", paramLabel = "N", description = "Block size (default: the kernel's default).")
    Integer blockSize;

    @Option(names = "--runs", paramLabel = "N", description = "Timed runs; the median is reported (default: ${DEFAULT-VALUE}).")
    int runs = 3;

    @Option(names = "--warmup", paramLabel = "N",
            description = "Untimed runs first, so the JIT has compiled the kernel and the storage client (default: ${DEFAULT-VALUE}).")
    int warmup = 1;

    @Option(names = "--concurrency", paramLabel = "N", description = "Consumer slots (default: the number of CPUs the JVM sees).")
    int concurrency = Runtime.getRuntime().availableProcessors();

    @Option(names = "--connection", paramLabel = "CS",
            description = "Azure Storage connection string (default: $AZURE_STORAGE_CONNECTION_STRING; this command never starts an emulator).")
    String connection;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: target/durascale/runs/<timestamp>-bench-queue).")
    Path out;

    @Override
    public Integer call() throws Exception {
        ComputeKernel kernel = Kernels.byName(kernelName);
        int size = Kernels.checkBlockSize(kernel, blockSize == null ? kernel.defaultBlockSize() : blockSize);
        if (jobs < 1 || jobs > 100_000 || runs < 1 || runs > 100 || warmup < 0 || warmup > 10) {
            throw new IllegalArgumentException("--jobs must be 1 to 100000, --runs 1 to 100 and --warmup 0 to 10");
        }
        QueueConsumer.builder().concurrency(concurrency).settings();
        Path directory = out != null ? out
                : Path.of("target", "durascale", "runs",
                        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-bench-queue");
        PrintStream console = System.out;
        try (StorageAccount account = StorageResolution.fromEnvironment().withConnectionString(connection).connectionStringOnly()) {
            console.printf("bench-queue: %s, block size %d, %d jobs x %d runs, %d slots, storage %s%n", kernel.name(), size,
                    jobs, runs, concurrency, account.describe());
            for (int run = 1; run <= warmup; run++) {
                runOnce(account, kernel, size, -run, console);
            }
            List<QueueBench.Run> results = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                results.add(runOnce(account, kernel, size, run, console));
            }
            double[] rates = results.stream().mapToDouble(QueueBench.Run::jobsPerSecond).sorted().toArray();
            double median = median(rates);
            Path file = write(directory, account, kernel, size, results, median);
            console.printf(Locale.ROOT, "bench-queue: %s median %.1f jobs/s over %d runs (runs: %s)%n", kernel.name(), median,
                    runs, Arrays.toString(Arrays.stream(rates).map(r -> Math.round(r * 10) / 10.0).toArray()));
            console.println("bench-queue: results in " + file.toAbsolutePath());
        }
        return 0;
    }

    private QueueBench.Run runOnce(StorageAccount account, ComputeKernel kernel, int size, int run, PrintStream console)
            throws Exception {
        String suffix = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        String queueName = ("bench-" + kernel.name() + "-" + suffix);
        queueName = queueName.substring(0, Math.min(queueName.length(), 50)).replaceAll("-+$", "");
        String instanceId = "bench-" + suffix + "-run" + (run < 0 ? "w" + -run : run);
        QueueClient queue = account.queues().getQueueClient(queueName);
        queue.createIfNotExists();
        BlobContainerClient outputs = account.blobs().getBlobContainerClient(BlobNames.OUTPUT_CONTAINER);
        outputs.createIfNotExists();
        JobSubmitter submitter = new JobSubmitter(account.blobs(), queue);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            long prepared = System.nanoTime();
            List<Future<?>> submissions = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                int index = i;
                submissions.add(pool.submit(() -> submitter.submit(job(kernel, instanceId, index, size),
                        kernel.generateInput(seed(run, index), size))));
            }
            for (Future<?> submission : submissions) {
                submission.get();
            }
            console.printf(Locale.ROOT, "%s: enqueued %d jobs in %.1f s; consuming...%n", label(run), jobs,
                    (System.nanoTime() - prepared) / 1e9);

            QueueConsumer consumer = QueueConsumer.builder(account).queue(queueName).concurrency(concurrency)
                    .maxPollInterval(Duration.ofMillis(100)).workerId("bench-queue").build();
            long started = System.nanoTime();
            consumer.start();
            WorkerMetrics metrics = consumer.metrics();
            long deadline = started + Duration.ofMinutes(30).toNanos();
            while (metrics.processedCount() + metrics.poisonedCount() < jobs && System.nanoTime() < deadline) {
                consumer.awaitTermination(Duration.ofMillis(5));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            consumer.stop();
            if (metrics.processedCount() < jobs) {
                throw new IllegalStateException("run " + run + " processed " + metrics.processedCount() + " of " + jobs
                        + " jobs (" + metrics.poisonedCount() + " poisoned; see " + queueName + JobQueues.POISON_SUFFIX + ")");
            }
            int verified = verify(kernel, outputs, instanceId, run, size, pool);
            double rate = jobs / seconds;
            double computeMs = metrics.computeNanos() / 1e6 / jobs;
            console.printf(Locale.ROOT, "%s: %d jobs in %.2f s = %.1f jobs/s (mean compute %.2f ms/job, %d/%d outputs "
                    + "verified)%n", label(run), jobs, seconds, rate, computeMs, verified, jobs);
            return new QueueBench.Run(run, seconds, rate, computeMs, verified);
        } finally {
            cleanUp(pool, outputs, instanceId, queue, account, queueName);
        }
    }

    private int verify(ComputeKernel kernel, BlobContainerClient outputs, String instanceId, int run, int size,
                       ExecutorService pool) throws Exception {
        List<Future<Verification>> checks = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            int index = i;
            checks.add(pool.submit(() -> kernel.verify(kernel.generateInput(seed(run, index), size),
                    outputs.getBlobClient(BlobNames.blockPath(instanceId, blockId(index))).downloadContent().toBytes())));
        }
        int ok = 0;
        for (Future<Verification> check : checks) {
            Verification verification = check.get();
            if (verification.ok()) {
                ok++;
            } else {
                System.out.println("bench-queue: an output failed verification: " + verification.detail());
            }
        }
        return ok;
    }

    private static void cleanUp(ExecutorService pool, BlobContainerClient outputs, String instanceId, QueueClient queue,
                                StorageAccount account, String queueName) {
        try {
            List<Future<?>> deletions = new ArrayList<>();
            outputs.listBlobsByHierarchy(instanceId + "/").forEach(item ->
                    deletions.add(pool.submit(() -> outputs.getBlobClient(item.getName()).deleteIfExists())));
            for (Future<?> deletion : deletions) {
                deletion.get();
            }
        } catch (Exception e) {
            System.err.println("bench-queue: could not delete the outputs under " + instanceId + ": " + e.getMessage());
        } finally {
            pool.shutdownNow();
            queue.deleteIfExists();
            account.queues().getQueueClient(queueName + JobQueues.POISON_SUFFIX).deleteIfExists();
        }
    }

    /** Runs numbered below zero are warm-ups. */
    private String label(int run) {
        return run < 0 ? "warm-up " + -run + "/" + warmup : "run " + run + "/" + runs;
    }

    private static JobMessage job(ComputeKernel kernel, String instanceId, int index, int size) {
        return JobMessage.of(instanceId + "-" + index, instanceId, blockId(index), kernel.name(),
                Map.of("blockSize", Integer.toString(size)), Instant.now());
    }

    private static String blockId(int index) {
        return String.format(Locale.ROOT, "block-%05d", index);
    }

    /** Distinct inputs per run (warm-ups included), so no run recomputes another's blocks. */
    private long seed(int run, int index) {
        return (long) run * 1_000_003L + index;
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private Path write(Path directory, StorageAccount account, ComputeKernel kernel, int size, List<QueueBench.Run> results,
                       double median) {
        RunDirectory run = RunDirectory.create(directory, "bench-queue");
        return run.writeJson(QueueBench.fileName(kernel.name()), new QueueBench("bench-queue", kernel.name(), size, jobs,
                concurrency, warmup, median, account.describe(), account.isEmulator(), Machine.current(), results));
    }
}
