package io.durascale.worker.cli;

import com.azure.storage.queue.QueueClient;
import io.durascale.core.job.BlobNames;
import io.durascale.core.job.JobCodec;
import io.durascale.core.job.JobMessage;
import io.durascale.core.job.JobQueues;
import io.durascale.core.kernel.ComputeKernel;
import io.durascale.core.kernel.Kernels;
import io.durascale.storage.ConnectionString;
import io.durascale.storage.JobSubmitter;
import io.durascale.storage.StorageAccount;
import io.durascale.storage.StorageResolution;
import io.durascale.storage.StorageUnavailableException;
import io.durascale.worker.consumer.HealthServer;
import io.durascale.worker.consumer.QueueConsumer;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The training run of the start-up cache ({@link io.durascale.core.launch.StartupCache}): does once what a worker
 * does from {@code java -jar} to its first job, so that the JVM records the classes it needs. With a connection
 * string it runs the real path end to end — a consumer on a training queue computes one block of each kernel, then
 * the queue and its blobs are deleted; without one, it starts a consumer against a closed port (the storage client,
 * its pipeline and its failure path load all the same) and computes the blocks in process.
 */
@Command(name = "train", hidden = true, mixinStandardHelpOptions = true,
        description = "Exercise the worker's start-up path once, for the JVM's start-up cache (run by the build and the local pod launcher).")
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--connection", paramLabel = "CS",
            description = "Azure Storage to train against (default: $AZURE_STORAGE_CONNECTION_STRING, else offline).")
    String connection;

    @Override
    public Integer call() throws Exception {
        // The flags of a real pod, through the real parser.
        WorkerCli.commandLine().parseArgs("run", "--queue", JobQueues.DEFAULT_QUEUE, "--concurrency", "1",
                "--http-port", "0", "--http-host", "127.0.0.1", "--max-poll-interval", "200ms");
        StorageResolution resolution = StorageResolution.fromEnvironment().withConnectionString(connection);
        if (resolution.hasConnectionString()) {
            try (StorageAccount account = resolution.connectionStringOnly()) {
                online(account);
            }
        } else {
            offline();
        }
        System.out.println("durascale-worker: training run done");
        System.out.flush();
        // Storage clients keep non-daemon threads: exit here, which is also where the JVM writes its cache.
        System.exit(0);
        return 0;
    }

    /** Real storage: one job of each kernel through a consumer on a throwaway queue. */
    private static void online(StorageAccount account) throws Exception {
        String queueName = "startup-training-" + UUID.randomUUID().toString().substring(0, 8);
        String inputs = queueName + "-in";
        String outputs = queueName + "-out";
        QueueClient queue = account.queues().getQueueClient(queueName);
        queue.createIfNotExists();
        try {
            JobSubmitter submitter = new JobSubmitter(account.blobs(), queue);
            for (ComputeKernel kernel : Kernels.all()) {
                JobMessage job = JobMessage.of(UUID.randomUUID().toString(), "training", kernel.name(), kernel.name(),
                        Map.of("seed", "1", "blockSize", Integer.toString(Math.min(kernel.defaultBlockSize(), 64))), Instant.now())
                        .withContainers(inputs, outputs);
                submitter.submit(job, kernel.generateInput(1, Math.min(kernel.defaultBlockSize(), 64)));
            }
            QueueConsumer consumer = QueueConsumer.builder().account(account).queue(queueName).concurrency(1)
                    .exitWhenIdle(Duration.ofMillis(500)).maxPollInterval(Duration.ofMillis(200)).build();
            try (HealthServer http = HealthServer.start(consumer, "127.0.0.1", 0)) {
                consumer.start();
                probe(http);
                consumer.terminated().get();
            }
        } finally {
            queue.deleteIfExists();
            account.queues().getQueueClient(JobQueues.poisonQueue(queueName)).deleteIfExists();
            account.blobs().getBlobContainerClient(inputs).deleteIfExists();
            account.blobs().getBlobContainerClient(outputs).deleteIfExists();
        }
    }

    /** No storage: a consumer whose storage never answers, and the kernels in process. */
    private static void offline() throws IOException {
        ConnectionString closed = ConnectionString.forLocalEmulator("127.0.0.1", 9, 9, 9);
        try (StorageAccount account = StorageAccount.of(closed.value())) {
            QueueConsumer consumer = QueueConsumer.builder().account(account).queue(JobQueues.DEFAULT_QUEUE).concurrency(1)
                    .startupTimeout(Duration.ofMillis(600)).build();
            try (HealthServer http = HealthServer.start(consumer, "127.0.0.1", 0)) {
                try {
                    consumer.start();
                } catch (StorageUnavailableException expected) {
                    // The closed port: the point was to load the client and its failure path.
                }
                probe(http);
            }
        }
        for (ComputeKernel kernel : Kernels.all()) {
            int size = Math.min(kernel.defaultBlockSize(), 64);
            JobMessage job = JobMessage.of("training", "training", kernel.name(), kernel.name(),
                    Map.of("seed", "1", "blockSize", Integer.toString(size)), Instant.now());
            JobMessage decoded = JobCodec.decode(JobCodec.encode(job));
            byte[] input = kernel.generateInput(1, size);
            kernel.verify(input, kernel.compute(input));
            BlobNames.parseBlob(decoded.outputBlob());
        }
    }

    /** One request to each probe route, as the kubelet and Prometheus make them. */
    private static void probe(HealthServer http) throws IOException {
        for (String path : new String[] {"/readyz", "/healthz", "/metrics"}) {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + http.port() + path).toURL()
                    .openConnection();
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(2000);
            int status = connection.getResponseCode();
            try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (body != null) {
                    body.readAllBytes();
                }
            }
            connection.disconnect();
        }
    }
}
