package io.durascale.run;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * {@code bench-queue-<kernel>.json}: one worker process's queue throughput for one kernel and block size
 * ({@code worker.jar bench-queue}): each timed run and their median.
 *
 * @param storage where the storage was, never its key
 * @param emulator whether it was an emulator (the figure then describes this machine and the emulator)
 */
@JsonPropertyOrder({"command", "kernel", "blockSize", "jobsPerRun", "concurrency", "warmupRuns", "medianJobsPerSecond",
        "storage", "emulator", "machine", "runs"})
public record QueueBench(String command, String kernel, int blockSize, int jobsPerRun, int concurrency, int warmupRuns,
                         double medianJobsPerSecond, String storage, boolean emulator, Machine machine, List<Run> runs) {

    /** The file name for a kernel's results. */
    public static String fileName(String kernel) {
        return "bench-queue-" + kernel + ".json";
    }

    public QueueBench {
        runs = runs == null ? List.of() : List.copyOf(runs);
    }

    /** One timed run: its wall time, jobs/s, the mean compute time per job, and how many outputs verified. */
    @JsonPropertyOrder({"run", "seconds", "jobsPerSecond", "meanComputeMillis", "verified"})
    public record Run(int run, double seconds, double jobsPerSecond, double meanComputeMillis, int verified) {
    }
}
