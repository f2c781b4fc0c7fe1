package io.durascale.benchmarks;

import io.durascale.core.job.JobCodec;
import io.durascale.core.job.JobMessage;
import io.durascale.core.job.OutputMetadata;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What it measures: the job contract's per-job cost outside the kernel, in operations per second of
 * one thread — {@link JobCodec#encode} (the orchestration's activity, once per block),
 * {@link JobCodec#decode} (the worker, once per delivery: Base64, JSON, validation of every field)
 * and {@link OutputMetadata#parse} (the completion bridge, once per output blob). With
 * {@code -prof gc}, {@code gc.alloc.rate.norm} gives the bytes each one allocates.
 *
 * <p>Pitfalls avoided: the message, its wire form and the metadata are built in {@code @Setup} and
 * read from state fields, so nothing is constant-folded; every result is returned to JMH's
 * blackhole, so no call is eliminated as dead code.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JobCodecBenchmark {

    private JobMessage message;
    private String wireForm;
    private Map<String, String> outputMetadata;

    @Setup(Level.Trial)
    public void buildMessage() {
        // Ids shaped like the orchestration's: a 32-hex instance id and a zero-padded block index.
        message = JobMessage.of("3f2b8c1e-7d4a-4f0e-9a51-0c6d2e8b7f13", "9b1f0e7c2d4a4e6b8a3c5d7e9f1a2b3c",
                "block-000042", "montecarlo", Map.of("blockSize", "1000000", "seed", "1234567890123"),
                Instant.parse("2026-11-21T20:00:00.123Z"));
        wireForm = JobCodec.encode(message);
        outputMetadata = OutputMetadata.of(message, new byte[28], 37, "worker-7f9c-0", Instant.parse("2026-11-21T20:00:01Z"))
                .toMap();
    }

    @Benchmark
    public String encode() {
        return JobCodec.encode(message);
    }

    @Benchmark
    public JobMessage decode() {
        return JobCodec.decode(wireForm);
    }

    @Benchmark
    public OutputMetadata.CompletedBlock parseOutputMetadata() {
        return OutputMetadata.parse(outputMetadata);
    }
}
