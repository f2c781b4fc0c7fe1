package io.durascale.pipeline.taskhub;

import io.durascale.run.RunDirectory;
import io.durascale.storage.StorageAccount;
import io.durascale.storage.StorageProvisioner;
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

    @Option(names = "--bound-seconds", description = "Seconds to measure each storage operation's rate (default ${DEFAULT-VALUE}).")
    double boundSeconds = 1.5;

    @Option(names = "--out", description = "Run directory (default: a new one under target/durascale/runs).")
    Path out;

    @Option(names = "--connection", description = "Azure Storage connection string (default: $AZURE_STORAGE_CONNECTION_STRING, else an emulator).")
    String connection;

    @Override
    public Integer call() throws Exception {
        if (orchestrations < 1 || workers < 1 || fanOut < 0 || partitions.stream().anyMatch(p -> p < 1 || p > 16)) {
            throw new IllegalArgumentException("--orchestrations and --workers must be at least 1, --fan-out at least 0, "
                    + "and every partition count 1-16");
        }
        RunDirectory run = RunDirectory.create(out, "taskhub-bench");
        try (StorageAccount storage = StorageProvisioner.fromEnvironment().withConnectionString(connection).provision()) {
            run.describe(Map.of("kind", "taskhub-bench", "storage", storage.describe(), "emulator", storage.isEmulator(),
                    "workers", workers));
            TaskHubBenchmark bench = new TaskHubBenchmark(storage, workers, line -> System.out.println("  " + line));
            StorageBound bound = new StorageBound(storage, Duration.ofMillis((long) (boundSeconds * 1000)));
            List<Map<String, Object>> steps = new ArrayList<>();
            System.out.printf("%-13s %4s %7s %9s %9s %8s %8s %8s %9s %7s%n", "workload", "part", "orch", "orch/s",
                    "act/s", "ops/orch", "work", "receive", "bound/s", "of bound");
            for (int p : partitions) {
                List<TaskHubBenchmark.Result> results = new ArrayList<>();
                results.add(bench.helloCities(p, orchestrations));
                if (fanOut > 0) {
                    results.add(bench.fanOut(p, fanOut));
                }
                System.out.println("  measuring the storage's own rates...");
                StorageBound.Rates rates = bound.measure();
                for (TaskHubBenchmark.Result r : results) {
                    double bounded = rates.bound(r.operations(), r.orchestrations());
                    Map<String, Object> step = new LinkedHashMap<>(TaskHubBenchmark.toJson(r));
                    step.put("storageBoundOrchestrationsPerSecond", bounded);
                    step.put("fractionOfBound", r.orchestrationsPerSecond() / bounded);
                    Map<String, Double> rateJson = new LinkedHashMap<>();
                    rates.perSecond().forEach((k, v) -> rateJson.put(k.label(), v));
                    step.put("storageRatesPerSecond", rateJson);
                    steps.add(step);
                    System.out.printf("%-13s %4d %7d %9.1f %9.1f %8.1f %8.1f %8.1f %9.1f %6.0f%%%n", r.workload(), p,
                            r.orchestrations(), r.orchestrationsPerSecond(), r.activitiesPerSecond(),
                            r.operationsPerOrchestration(), r.workOperationsPerOrchestration(), r.receivesPerOrchestration(),
                            bounded, 100 * r.orchestrationsPerSecond() / bounded);
                }
            }
            run.writeJson("taskhub-bench.json", Map.of("steps", steps));
        }
        System.out.println("taskhub-bench: results in " + run.file("taskhub-bench.json"));
        return 0;
    }
}
