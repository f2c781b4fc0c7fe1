package io.durascale.pipeline.taskhub.bench;

import io.durascale.pipeline.taskhub.StorageOps;
import io.durascale.run.RunDirectory;
import io.durascale.run.RunInfo;
import io.durascale.run.TaskHubBench;
import io.durascale.storage.StorageAccount;
import io.durascale.storage.StorageResolution;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pipeline.jar taskhub-bench}: HelloCities5 and fan-out/fan-in at several partition
 * counts, with the same-run storage bound beside each, into a run directory.
 */
@Command(name = "taskhub-bench", mixinStandardHelpOptions = true,
        description = "Benchmark the task hub: HelloCities5 and fan-out/fan-in per partition count, storage operations "
                + "per orchestration, and the storage's own bound measured in the same run.")
public final class TaskHubBenchCommand implements Callable<Integer> {

    @Option(names = "--partitions", split = ",", description = "Partition counts (default ${DEFAULT-VALUE}).")
    List<Integer> partitions = List.of(1, 2, 4, 8);

    @Option(names = "--orchestrations", description = "HelloCities5 orchestrations per step (default ${DEFAULT-VALUE}).")
    int orchestrations = 1000;

    @Option(names = "--fan-out", description = "Activities in the fan-out/fan-in orchestration; 0 skips it (default ${DEFAULT-VALUE}).")
    int fanOut = 1000;

    @Option(names = "--workers", description = "durabletask SDK workers connected (default ${DEFAULT-VALUE}).")
    int workers = 2;

    @Option(names = "--starters", description = "Client threads starting the HelloCities5 orchestrations (default ${DEFAULT-VALUE}).")
    int starters = 1;

    @Option(names = "--bound-seconds", description = "Seconds to replay each step's operation mix for the storage bound (default ${DEFAULT-VALUE}).")
    double boundSeconds = 3;

    @Option(names = "--bound-threads", split = ",", description = "Client thread counts the mix is replayed with; the bound is "
            + "the best of them (default 8,16,32).")
    List<Integer> boundThreads = StorageBound.MIX_THREADS;

    @Option(names = "--isolated-seconds", description = "Seconds to time each operation kind on its own, for the isolated bound; 0 skips it (default ${DEFAULT-VALUE}).")
    double isolatedSeconds = 1.5;

    @Option(names = "--warmup", description = "HelloCities5 orchestrations per warm-up round. The warm-up runs every kind "
            + "of work once (a fan-out of up to 200, the replays), then rounds repeat (up to " + MAX_WARMUP_ROUNDS
            + ") until the JIT compiles less than 10%% of the time; not reported; 0 skips it (default ${DEFAULT-VALUE}).")
    int warmup = 500;

    static final int MAX_WARMUP_ROUNDS = 8;
    static final double WARM_JIT_SHARE = 0.10;

    @Option(names = "--out", description = "Run directory (default: a new one under target/durascale/runs).")
    Path out;

    @Option(names = "--connection", description = "Azure Storage connection string (default: $AZURE_STORAGE_CONNECTION_STRING, else an emulator).")
    String connection;

    /** What the figures depend on, as run.json's {@code workload}: the gate compares rates only under an equal one. */
    record Workload(List<Integer> partitions, int orchestrations, int fanOut, int workers, int starters) {
    }

    @Override
    public Integer call() throws Exception {
        if (orchestrations < 1 || workers < 1 || starters < 1 || starters > 64 || fanOut < 0 || warmup < 0 || partitions.stream().anyMatch(p -> p < 1 || p > 16)) {
            throw new IllegalArgumentException("--orchestrations and --workers must be at least 1, --starters 1-64, --fan-out and --warmup "
                    + "at least 0, and every partition count 1-16");
        }
        if (!(boundSeconds >= 0.5 && boundSeconds <= 600) || !(isolatedSeconds == 0 || isolatedSeconds >= 0.2 && isolatedSeconds <= 600)
                || boundThreads.isEmpty() || boundThreads.stream().anyMatch(t -> t < 1 || t > 256)) {
            throw new IllegalArgumentException("--bound-seconds must be 0.5-600, --isolated-seconds 0 or 0.2-600, "
                    + "and every --bound-threads count 1-256");
        }
        RunDirectory run = RunDirectory.create(out, "taskhub-bench");
        try (StorageAccount storage = StorageResolution.fromEnvironment().withConnectionString(connection).orEmulator()) {
            run.describe(RunInfo.of("taskhub-bench").withStorage(storage.describe(), storage.isEmulator())
                    .withWorkload(new Workload(partitions, orchestrations, fanOut, workers, starters)));
            TaskHubBenchmark bench = new TaskHubBenchmark(storage, workers, starters, line -> System.out.println("  " + line));
            StorageBound bound = new StorageBound(storage, Duration.ofMillis((long) (isolatedSeconds * 1000)));
            Duration mixTime = Duration.ofMillis((long) (boundSeconds * 1000));
            if (warmup > 0) {
                // Like a JMH warm-up: the Azure SDK, gRPC and Netty are a lot of code, and on two cores the JIT
                // compiling it takes a large share of the CPU for the first few thousand orchestrations. Every kind
                // of work the steps do runs first (fan-out, replays), then HelloCities5 rounds until the JIT is quiet.
                TaskHubBenchmark.Result warm = bench.helloCities(partitions.get(0), warmup);
                if (fanOut > 0) {
                    bench.fanOut(partitions.get(0), Math.min(fanOut, 200));
                }
                for (int threads : boundThreads) {
                    bound.measureMix(warm.operations(), warm.orchestrations(), warm.meanMessagesHeld(), threads, Duration.ofSeconds(1));
                }
                for (int round = 1; round <= MAX_WARMUP_ROUNDS; round++) {
                    warm = bench.helloCities(partitions.get(0), warmup);
                    System.out.printf("warm-up round %d (not reported): %.1f orch/s, JIT compiling %.0f%% of the time%n",
                            round, warm.orchestrationsPerSecond(), 100 * warm.jitShare());
                    if (warm.jitShare() < WARM_JIT_SHARE) {
                        break;
                    }
                }
            }
            List<TaskHubBench.Step> steps = new ArrayList<>();
            String header = String.format("%-13s %4s %7s %9s %9s %8s %8s %8s %9s %8s %10s %7s", "workload", "part", "orch", "orch/s",
                    "act/s", "ops/orch", "work", "receive", "bound/s", "of bound", "isolated/s", "jit");
            List<String> lines = new ArrayList<>();
            for (int p : partitions) {
                List<TaskHubBenchmark.Result> results = new ArrayList<>();
                results.add(bench.helloCities(p, orchestrations));
                if (fanOut > 0) {
                    results.add(bench.fanOut(p, fanOut));
                }
                StorageBound.Rates rates = null;
                if (isolatedSeconds > 0) {
                    System.out.println("  timing each storage operation on its own...");
                    rates = bound.measure();
                }
                for (TaskHubBenchmark.Result r : results) {
                    double bounded = 0;
                    Map<String, Double> byThreads = new LinkedHashMap<>();
                    for (int threads : boundThreads) {
                        StorageBound.Mix mix = bound.measureMix(r.operations(), r.orchestrations(), r.meanMessagesHeld(), threads, mixTime);
                        double b = mix.bound(r.operations(), r.orchestrations());
                        System.out.printf("  %s's operation mix replayed on %d threads for %.1f s: %.1f orch/s (%.0f ops/s)%n",
                                r.workload(), threads, boundSeconds, b, mix.operationsPerSecond());
                        byThreads.put(String.valueOf(threads), b);
                        bounded = Math.max(bounded, b);
                    }
                    double isolated = Double.NaN;
                    Map<String, Double> isolatedRates = null;
                    if (rates != null) {
                        isolated = rates.bound(r.operations(), r.orchestrations());
                        isolatedRates = new LinkedHashMap<>();
                        for (Map.Entry<StorageOps.Kind, Double> rate : rates.perSecond().entrySet()) {
                            isolatedRates.put(rate.getKey().label(), rate.getValue());
                        }
                    }
                    TaskHubBench.Step step = r.step(bounded, byThreads, rates == null ? null : isolated, isolatedRates);
                    steps.add(step);
                    String line = String.format("%-13s %4d %7d %9.1f %9.1f %8.1f %8.1f %8.1f %9.1f %7.0f%% %10.1f %6.0f%%", r.workload(), p,
                            r.orchestrations(), r.orchestrationsPerSecond(), r.activitiesPerSecond(),
                            r.operationsPerOrchestration(), r.workOperationsPerOrchestration(), r.receivesPerOrchestration(),
                            bounded, 100 * r.orchestrationsPerSecond() / bounded, isolated, 100 * r.jitShare());
                    if (r.orchestrationsPerSecond() > bounded) {
                        line += "  (the replay fell short of the hub: not a bound for this step)";
                    }
                    lines.add(line);
                    System.out.println(header);
                    System.out.println(line);
                }
            }
            System.out.println();
            System.out.println(header);
            lines.forEach(System.out::println);
            System.out.println("bound/s: the storage's rate for the step's own operation mix, replayed with no orchestration "
                    + "logic; isolated/s: each operation kind timed alone, each service assumed to have the machine to itself.");
            run.write(new TaskHubBench(steps));
        }
        System.out.println("taskhub-bench: results in " + run.file("taskhub-bench.json"));
        return 0;
    }
}
