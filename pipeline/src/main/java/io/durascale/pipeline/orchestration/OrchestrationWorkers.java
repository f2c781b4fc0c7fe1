package io.durascale.pipeline.orchestration;

import com.microsoft.durabletask.DurableTaskGrpcWorkerBuilder;
import com.microsoft.durabletask.TaskActivity;
import com.microsoft.durabletask.TaskActivityFactory;
import com.microsoft.durabletask.TaskOrchestration;
import com.microsoft.durabletask.TaskOrchestrationFactory;
import io.durascale.pipeline.taskhub.WorkerRunner;
import io.durascale.storage.StorageAccount;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The pipeline's durabletask workers: BatchCompute and its ComputeActivity, connected to a task
 * hub over gRPC. Several workers share the load (each SDK worker handles one work item at a time).
 */
public final class OrchestrationWorkers implements AutoCloseable {

    /**
     * The SDK logs every (re)connection through java.util.logging at INFO, once per worker: noise on
     * a console that shows progress. Held here so the level is not lost when JUL collects the logger.
     */
    private static final java.util.logging.Logger SDK_LOG = quietSdk();

    private static java.util.logging.Logger quietSdk() {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("com.microsoft.durabletask");
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    private final List<WorkerRunner> runners;
    private final List<ManagedChannel> channels;

    private OrchestrationWorkers(List<WorkerRunner> runners, List<ManagedChannel> channels) {
        this.runners = runners;
        this.channels = channels;
    }

    /** Orchestration workers one process runs, at most (each is a gRPC stream to the task hub). */
    public static final int MAX_COUNT = 64;

    /**
     * Starts {@code count} workers against the task hub at {@code host:port}; their activities
     * submit jobs to {@code jobsQueue} in {@code compute} storage.
     */
    public static OrchestrationWorkers start(String host, int port, int count, StorageAccount compute, String jobsQueue) {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("orchestration workers must be 1-" + MAX_COUNT + ", not " + count);
        }
        return start(host, port, count, new ComputeActivity(compute, jobsQueue));
    }

    /** As {@link #start(String, int, int, StorageAccount, String)}, with {@code activity} standing in for ComputeActivity. */
    static OrchestrationWorkers start(String host, int port, int count, TaskActivity activity) {
        List<WorkerRunner> runners = new ArrayList<>();
        List<ManagedChannel> channels = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ManagedChannel channel = ManagedChannelBuilder.forAddress(host, port).usePlaintext()
                    .maxInboundMessageSize(64 * 1024 * 1024).build();
            channels.add(channel);
            DurableTaskGrpcWorkerBuilder builder = new DurableTaskGrpcWorkerBuilder().grpcChannel(channel)
                    .addOrchestration(orchestration(BatchCompute.NAME, new BatchCompute()))
                    .addActivity(activity(ComputeActivity.NAME, activity));
            runners.add(WorkerRunner.start(builder.build(), "orchestration-worker-" + i));
        }
        return new OrchestrationWorkers(runners, channels);
    }

    @Override
    public void close() {
        runners.forEach(WorkerRunner::close);
        channels.forEach(ManagedChannel::shutdownNow);
    }

    private static TaskOrchestrationFactory orchestration(String name, TaskOrchestration orchestration) {
        return new TaskOrchestrationFactory() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public TaskOrchestration create() {
                return orchestration;
            }
        };
    }

    private static TaskActivityFactory activity(String name, TaskActivity activity) {
        return new TaskActivityFactory() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public TaskActivity create() {
                return activity;
            }
        };
    }
}
