package io.durascale.pipeline.taskhub.bench;

import io.durascale.pipeline.taskhub.WorkerRunner;
import io.durascale.pipeline.taskhub.StorageOps;
import io.durascale.pipeline.taskhub.TaskHubSettings;
import io.durascale.pipeline.taskhub.TaskHubServer;
import io.durascale.pipeline.taskhub.TaskHub;
import com.microsoft.durabletask.DurableTaskClient;
import com.microsoft.durabletask.DurableTaskGrpcClientBuilder;
import com.microsoft.durabletask.DurableTaskGrpcWorker;
import com.microsoft.durabletask.DurableTaskGrpcWorkerBuilder;
import com.microsoft.durabletask.OrchestrationMetadata;
import com.microsoft.durabletask.OrchestrationRuntimeStatus;
import com.microsoft.durabletask.Task;
import com.microsoft.durabletask.TaskActivityFactory;
import com.microsoft.durabletask.TaskOrchestrationFactory;
import io.durascale.run.TaskHubBench;
import io.durascale.storage.StorageAccount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Measures the task hub on the standard Durable Task workloads — HelloCities5 (one orchestration
 * calling five activities in sequence) and a fan-out/fan-in — at a given partition count, counting
 * storage operations by kind so "operations per orchestration" is exact. Each run uses a fresh hub
 * on the given storage, real gRPC, and stock durabletask SDK workers in this JVM.
 */
public final class TaskHubBenchmark {

    static final String HELLO_CITIES = "HelloCities5";
    static final String FAN_OUT = "FanOutFanIn";
    static final String SAY_HELLO = "SayHello";
    private static final String[] CITIES = {"Tokyo", "Seattle", "London", "Cairo", "Lima"};

    /** One workload's figures at one partition count. */
    /**
     * @param hub              the throwaway hub the step ran on (deleted afterwards)
     * @param meanMessagesHeld messages sent and not yet deleted, averaged over the run: how deep the hub kept
     *                         the queues, which on Azurite sets the cost of every queue operation
     * @param jitMillis        time this JVM spent compiling during the run: a large share of {@code seconds}
     *                         means the figures are not yet steady-state ones
     */
    public record Result(String hub, String workload, int partitions, int orchestrations, int activities, double seconds,
                         Map<StorageOps.Kind, Long> operations, long[] episodesPerPartition, double meanMessagesHeld,
                         long jitMillis) {

        /** The share of the run the JIT spent compiling (above 1 when several compiler threads were busy). */
        public double jitShare() {
            return jitMillis / (1000 * seconds);
        }

        public double orchestrationsPerSecond() {
            return orchestrations / seconds;
        }

        public double activitiesPerSecond() {
            return activities / seconds;
        }

        /** Operations that follow from the work (deterministic), per orchestration. */
        public double workOperationsPerOrchestration() {
            return sum(k -> k.perWork()) / (double) orchestrations;
        }

        /** Polling receives per orchestration: they depend on timing, so they are reported apart. */
        public double receivesPerOrchestration() {
            return sum(k -> k == StorageOps.Kind.QUEUE_RECEIVE) / (double) orchestrations;
        }

        /** Everything the orchestrations cost: work operations plus receives (leases and monitoring excluded). */
        public double operationsPerOrchestration() {
            return workOperationsPerOrchestration() + receivesPerOrchestration();
        }

        /** Operations per orchestration on one storage service (queue, table or blob), receives included. */
        public double operationsPerOrchestration(String service) {
            return sum(k -> k.service().equals(service) && (k.perWork() || k == StorageOps.Kind.QUEUE_RECEIVE))
                    / (double) orchestrations;
        }

        private long sum(java.util.function.Predicate<StorageOps.Kind> kinds) {
            return operations.entrySet().stream().filter(e -> kinds.test(e.getKey())).mapToLong(Map.Entry::getValue).sum();
        }

        /**
         * The step as {@code taskhub-bench.json} records it, with the storage bounds measured beside it (null where
         * not measured).
         *
         * @param storageBound the replayed mix's best rate, orchestrations/s
         * @param boundByReplayThreads that rate by client thread count
         * @param isolatedBound the bound from each operation kind timed on its own
         * @param isolatedRates those rates, operations/s by kind
         */
        public TaskHubBench.Step step(Double storageBound, Map<String, Double> boundByReplayThreads, Double isolatedBound,
                                      Map<String, Double> isolatedRates) {
            Map<String, Long> ops = new LinkedHashMap<>();
            operations.forEach((k, v) -> ops.put(k.label(), v));
            return new TaskHubBench.Step(workload, partitions, orchestrations, activities, seconds, orchestrationsPerSecond(),
                    activitiesPerSecond(), operationsPerOrchestration(), workOperationsPerOrchestration(),
                    receivesPerOrchestration(), ops, Arrays.stream(episodesPerPartition).boxed().toList(), imbalance(),
                    meanMessagesHeld, jitMillis, storageBound, storageBound == null ? null : orchestrationsPerSecond() / storageBound,
                    boundByReplayThreads, isolatedBound, isolatedBound == null ? null : orchestrationsPerSecond() / isolatedBound,
                    isolatedRates);
        }

        /** Largest partition's share of episodes over the mean share (1.0 = perfectly balanced). */
        public double imbalance() {
            long total = 0;
            long max = 0;
            for (long e : episodesPerPartition) {
                total += e;
                max = Math.max(max, e);
            }
            return total == 0 ? 0 : max / (total / (double) episodesPerPartition.length);
        }
    }

    private final StorageAccount storage;
    private final int workers;
    private final int starters;
    private final Consumer<String> progress;

    public TaskHubBenchmark(StorageAccount storage, int workers, int starters, Consumer<String> progress) {
        this.storage = storage;
        this.workers = workers;
        this.starters = starters;
        this.progress = progress;
    }


    /**
     * HelloCities5 for {@code count} orchestrations started at once (from {@code starters}
     * client threads, as a starter function fanning out would); time from first start to last
     * completion.
     */
    public Result helloCities(int partitions, int count) throws Exception {
        return run(HELLO_CITIES, partitions, count, count * CITIES.length, client -> {
            ExecutorService pool = Executors.newFixedThreadPool(starters);
            try {
                List<Future<String>> started = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    started.add(pool.submit(() -> client.scheduleNewOrchestrationInstance(HELLO_CITIES)));
                }
                List<String> ids = new ArrayList<>(count);
                for (Future<String> f : started) {
                    ids.add(f.get());
                }
                return ids;
            } finally {
                pool.shutdownNow();
            }
        });
    }

    /** One orchestration fanning out {@code width} activities and fanning in their results. */
    public Result fanOut(int partitions, int width) throws Exception {
        return run(FAN_OUT, partitions, 1, width, client -> List.of(client.scheduleNewOrchestrationInstance(FAN_OUT, width)));
    }

    private interface Starter {
        List<String> start(DurableTaskClient client) throws Exception;
    }

    private Result run(String workload, int partitions, int orchestrations, int activities, Starter starter) throws Exception {
        String hub = "Bench" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        TaskHubSettings settings = TaskHubSettings.builder().hubName(hub).partitionCount(partitions).build();
        progress.accept(String.format("%s: %d partition(s), %d orchestration(s), %d worker(s)...", workload, partitions,
                orchestrations, workers));
        TaskHubServer server = TaskHubServer.start(storage, settings, "127.0.0.1", 0);
        try (server) {
            List<WorkerRunner> started = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                started.add(WorkerRunner.start(worker(server.port()), "bench-worker-" + i));
            }
            DurableTaskClient client = new DurableTaskGrpcClientBuilder().port(server.port()).build();
            ExecutorService waiters = Executors.newFixedThreadPool(16);
            var sampler = Executors.newSingleThreadScheduledExecutor();
            try {
                awaitWorkers(server.hub(), workers);
                Map<StorageOps.Kind, Long> before = server.hub().ops().snapshot();
                StorageOps counted = server.hub().ops();
                long heldBefore = counted.get(StorageOps.Kind.QUEUE_SEND) - counted.get(StorageOps.Kind.QUEUE_DELETE);
                java.util.concurrent.atomic.LongAdder heldSum = new java.util.concurrent.atomic.LongAdder();
                java.util.concurrent.atomic.LongAdder samples = new java.util.concurrent.atomic.LongAdder();
                // Messages sent and not yet deleted, sampled: the queue depth the hub keeps (Azurite's queue cost grows with it).
                sampler.scheduleAtFixedRate(() -> {
                    heldSum.add(counted.get(StorageOps.Kind.QUEUE_SEND) - counted.get(StorageOps.Kind.QUEUE_DELETE) - heldBefore);
                    samples.increment();
                }, 0, 50, java.util.concurrent.TimeUnit.MILLISECONDS);
                long jit0 = jitMillis();
                long t0 = System.nanoTime();
                List<String> ids = starter.start(client);
                List<Future<OrchestrationMetadata>> done = new ArrayList<>();
                for (String id : ids) {
                    done.add(waiters.submit(() -> client.waitForInstanceCompletion(id, Duration.ofMinutes(10), false)));
                }
                int failed = 0;
                for (Future<OrchestrationMetadata> f : done) {
                    if (f.get().getRuntimeStatus() != OrchestrationRuntimeStatus.COMPLETED) {
                        failed++;
                    }
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                long jit = jitMillis() - jit0;
                sampler.shutdownNow();
                double meanHeld = samples.sum() == 0 ? 0 : Math.max(0, heldSum.sum() / (double) samples.sum());
                if (failed > 0) {
                    throw new IllegalStateException(failed + " of " + ids.size() + " orchestrations did not complete");
                }
                Map<StorageOps.Kind, Long> ops = StorageOps.difference(server.hub().ops().snapshot(), before);
                // Waiting for completion reads the instances table; a real client would not poll that hard. Leave it out.
                ops.compute(StorageOps.Kind.TABLE_READ, (k, v) -> 0L);
                long[] episodes = new long[partitions];
                for (int p = 0; p < partitions; p++) {
                    episodes[p] = server.hub().stats().episodes(p);
                }
                return new Result(hub, workload, partitions, orchestrations, activities, seconds, new EnumMap<>(ops), episodes, meanHeld,
                        jit);
            } finally {
                sampler.shutdownNow();
                waiters.shutdownNow();
                started.forEach(WorkerRunner::close);
                client.close();
            }
        } finally {
            // A benchmark hub is throwaway: leave no queues, tables or containers behind (on Azure they cost money,
            // on Azurite they stay in the emulator's memory for the rest of its life).
            try {
                server.hub().deleteHub();
            } catch (RuntimeException e) {
                progress.accept("could not delete benchmark hub " + hub + ": " + e.getMessage());
            }
        }
    }

    /** Milliseconds this JVM has spent compiling (JIT), or 0 where that is not monitored. */
    static long jitMillis() {
        var compiler = java.lang.management.ManagementFactory.getCompilationMXBean();
        return compiler != null && compiler.isCompilationTimeMonitoringSupported() ? compiler.getTotalCompilationTime() : 0;
    }

    private static void awaitWorkers(TaskHub hub, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (hub.connectedWorkers() < count && hub.ownedPartitions().size() < hub.names().partitionCount()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("workers did not connect within 30 s");
            }
            Thread.sleep(20);
        }
    }

    private static DurableTaskGrpcWorker worker(int port) {
        return new DurableTaskGrpcWorkerBuilder().port(port)
                .addOrchestration(orchestration(HELLO_CITIES, ctx -> {
                    StringBuilder greetings = new StringBuilder();
                    for (String city : CITIES) {
                        greetings.append(ctx.callActivity(SAY_HELLO, city, String.class).await()).append(' ');
                    }
                    ctx.complete(greetings.toString().trim());
                }))
                .addOrchestration(orchestration(FAN_OUT, ctx -> {
                    int width = ctx.getInput(Integer.class);
                    List<Task<String>> tasks = new ArrayList<>(width);
                    for (int i = 0; i < width; i++) {
                        tasks.add(ctx.callActivity(SAY_HELLO, "block-" + i, String.class));
                    }
                    ctx.complete(ctx.allOf(tasks).await().size());
                }))
                .addActivity(new TaskActivityFactory() {
                    @Override
                    public String getName() {
                        return SAY_HELLO;
                    }

                    @Override
                    public com.microsoft.durabletask.TaskActivity create() {
                        return ctx -> "Hello " + ctx.getInput(String.class) + "!";
                    }
                })
                .build();
    }

    private static TaskOrchestrationFactory orchestration(String name, com.microsoft.durabletask.TaskOrchestration body) {
        return new TaskOrchestrationFactory() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public com.microsoft.durabletask.TaskOrchestration create() {
                return body;
            }
        };
    }
}
