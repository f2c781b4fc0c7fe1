package io.durascale.benchmarks;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What it measures: the machine, not durascale — SHA-256 of a fixed 64 KiB buffer, in hashes per
 * second of one thread. Its code never changes with durascale's, so a regression gate divides a
 * kernel's score by this one to compare runs made on machines of different speed (or one machine
 * under different load). JDK intrinsics (SHA-NI, AVX2) make it depend on the CPU's instruction set
 * as well as its clock: compare calibrated figures within one CPU family. Keep it unchanged, or old
 * and new calibrations stop being comparable.
 *
 * <p>Pitfalls avoided: the buffer is filled from a fixed seed in {@code @Setup} and kept in a state
 * field (no constant folding, the same bytes every run); the digest is returned (no dead-code
 * elimination); one {@link MessageDigest} is reused — {@code digest} resets it — so the figure is
 * hashing, not allocation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class CalibrationBenchmark {

    private static final int BUFFER_BYTES = 64 * 1024;

    private byte[] buffer;
    private MessageDigest sha256;

    @Setup(Level.Trial)
    public void fillBuffer() throws NoSuchAlgorithmException {
        buffer = new byte[BUFFER_BYTES];
        new SplittableRandom(0x5EED).nextBytes(buffer);
        sha256 = MessageDigest.getInstance("SHA-256");
    }

    @Benchmark
    public byte[] sha256() {
        return sha256.digest(buffer);
    }
}
