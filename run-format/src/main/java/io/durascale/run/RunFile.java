package io.durascale.run;

/** The files of the run-directory contract (docs/run-directory.md), each optional, with who writes it. */
public enum RunFile {
    RUN("run.json", "what ran: target, storage, machine, versions", "every measuring command"),
    JMH("jmh.json", "JMH results of the kernels", "benchmarks.jar ... -rf json -rff jmh.json"),
    SIZING("sizing.json", "per-SKU sizing and the recommendation", "the sizing command"),
    TASKHUB_BENCH("taskhub-bench.json", "task hub throughput per partition count", "pipeline.jar taskhub-bench"),
    TIMELINE("timeline.jsonl", "the scaling timeline: queue depth, replicas, pods, nodes", "local KEDA and the load-test probes"),
    LATENCY("latency/", "latency percentiles (*.json, *.hgrm)", "the load tests"),
    METRICS("metrics.json", "scale-up, partition throughput, scale to zero, latency", "the load tests"),
    GATLING("gatling/", "Gatling's own HTML reports", "the load tests"),
    POD_START("pod-start.json", "worker cold starts to ready, per JDK, with and without the start-up cache",
            "worker.jar startup"),
    VALIDATION("validation.json", "a simulated replay against the measured run, figure by figure",
            "simulator.jar simulate --replay");

    private final String fileName;
    private final String content;
    private final String writtenBy;

    RunFile(String fileName, String content, String writtenBy) {
        this.fileName = fileName;
        this.content = content;
        this.writtenBy = writtenBy;
    }

    public String fileName() {
        return fileName;
    }

    public String content() {
        return content;
    }

    public String writtenBy() {
        return writtenBy;
    }
}
