package io.durascale.run;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/** {@code taskhub-bench.json}: task hub throughput per workload and partition count, with the same-run storage bound. */
public record TaskHubBench(List<Step> steps) {

    public TaskHubBench {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /**
     * One workload at one partition count. The bound fields are absent when the bound was not measured
     * ({@code --bound-seconds 0}, {@code --isolated-seconds 0}).
     *
     * @param workload {@code HelloCities5} or {@code FanOutFanIn}
     * @param operations storage operations by kind ({@code queue.send}, …) during the step
     * @param storageBoundByReplayThreads the replayed bound (orchestrations/s) by client thread count
     * @param isolatedRatesPerSecond each operation kind's rate timed on its own
     */
    @JsonPropertyOrder({"workload", "partitions", "orchestrations", "activities", "seconds", "orchestrationsPerSecond",
            "activitiesPerSecond", "operationsPerOrchestration", "workOperationsPerOrchestration", "receivesPerOrchestration",
            "operations", "episodesPerPartition", "imbalance", "meanMessagesHeld", "jitCompileMillis",
            "storageBoundOrchestrationsPerSecond", "fractionOfBound", "storageBoundByReplayThreads",
            "isolatedBoundOrchestrationsPerSecond", "fractionOfIsolatedBound", "isolatedRatesPerSecond"})
    public record Step(String workload, int partitions, int orchestrations, long activities, double seconds,
                       double orchestrationsPerSecond, double activitiesPerSecond, double operationsPerOrchestration,
                       double workOperationsPerOrchestration, double receivesPerOrchestration, Map<String, Long> operations,
                       List<Long> episodesPerPartition, double imbalance, double meanMessagesHeld, long jitCompileMillis,
                       Double storageBoundOrchestrationsPerSecond, Double fractionOfBound,
                       Map<String, Double> storageBoundByReplayThreads, Double isolatedBoundOrchestrationsPerSecond,
                       Double fractionOfIsolatedBound, Map<String, Double> isolatedRatesPerSecond) {
    }
}
