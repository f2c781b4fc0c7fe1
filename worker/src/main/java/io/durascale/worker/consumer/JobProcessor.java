package io.durascale.worker.consumer;

import io.durascale.core.cli.Durations;
import io.durascale.worker.consumer.WorkerMetrics.PoisonCause;
import io.durascale.core.job.BlobNames.BlobRef;
import io.durascale.core.job.InvalidJobException;
import io.durascale.core.job.JobCodec;
import io.durascale.core.job.JobMessage;
import io.durascale.core.job.OutputMetadata;
import io.durascale.core.job.PoisonEnvelope;
import io.durascale.core.kernel.ComputeKernel;
import io.durascale.core.kernel.Kernels;
import io.durascale.core.kernel.UnknownKernelException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job, start to end: read the message, download the input, compute, write the output (with
 * its metadata, overwriting: a redelivery writes the same name), delete the input, then the
 * message. Anything that cannot succeed on a retry goes to the poison queue with its reason;
 * anything else is released for a retry with backoff, and poisoned once the message has been
 * delivered {@code maxDequeueCount} times. Nothing is dropped without a trace.
 */
final class JobProcessor {

    /** What became of a message. */
    enum Outcome { PROCESSED, DUPLICATE, POISONED, RETRY, ABANDONED }

    private static final Logger log = LoggerFactory.getLogger(JobProcessor.class);
    /** Queue messages are at most 64 KiB; the envelope (Base64 of JSON) must fit too. */
    private static final int MAX_ORIGINAL_CHARS = 40_000;
    private static final long RETRY_BASE_MILLIS = 1_000;
    private static final long RETRY_MAX_MILLIS = 60_000;

    private final ConsumerSettings settings;
    private final JobStorage storage;
    private final WorkerMetrics metrics;

    JobProcessor(ConsumerSettings settings, JobStorage storage, WorkerMetrics metrics) {
        this.settings = settings;
        this.storage = storage;
        this.metrics = metrics;
    }

    Outcome process(Lease lease) {
        if (lease.dequeueCount() > 1) {
            metrics.redelivered();
        }
        JobMessage job;
        try {
            job = JobCodec.decode(lease.body());
        } catch (InvalidJobException e) {
            return poison(lease, PoisonCause.MALFORMED, "malformed message: " + e.reason());
        }
        if (lease.dequeueCount() > settings.maxDequeueCount()) {
            return poison(lease, PoisonCause.MAX_DEQUEUE, "dequeued " + lease.dequeueCount() + " times, more than "
                    + "maxDequeueCount " + settings.maxDequeueCount() + " (earlier attempts crashed or timed out)");
        }
        ComputeKernel kernel;
        try {
            kernel = Kernels.byName(job.kernel());
        } catch (UnknownKernelException e) {
            return poison(lease, PoisonCause.UNKNOWN_KERNEL, e.getMessage());
        }
        try {
            return compute(lease, job, kernel);
        } catch (RuntimeException e) {
            metrics.failed(kernel.name());
            String failure = StorageErrors.describe(e);
            if (lease.dequeueCount() >= settings.maxDequeueCount()) {
                return poison(lease, PoisonCause.FAILED, "failed on delivery " + lease.dequeueCount() + " of "
                        + settings.maxDequeueCount() + ": " + failure);
            }
            Duration delay = Backoff.delay((int) lease.dequeueCount() - 1, RETRY_BASE_MILLIS, RETRY_MAX_MILLIS);
            log.warn("job {} (block {}) failed on delivery {}: {}; retrying in {}", job.jobId(), job.outputBlob(),
                    lease.dequeueCount(), failure, Durations.format(delay));
            lease.release(storage.jobs(), delay);
            return Outcome.RETRY;
        }
    }

    private Outcome compute(Lease lease, JobMessage job, ComputeKernel kernel) {
        BlobRef input = job.input();
        BlobRef output = job.output();
        byte[] inputBytes;
        try {
            inputBytes = storage.download(input);
        } catch (RuntimeException e) {
            if (!StorageErrors.isBlobMissing(e)) {
                throw e;
            }
            // A duplicate enqueue of a finished job finds its input deleted but its output in place.
            if (storage.outputWrittenFor(output, job.jobId())) {
                lease.delete(storage.jobs());
                metrics.duplicate();
                log.info("job {} was already done ({} exists); deleted the duplicate message", job.jobId(), output);
                return Outcome.DUPLICATE;
            }
            return poison(lease, PoisonCause.MISSING_INPUT, "input blob " + input + " does not exist");
        }
        long started = System.nanoTime();
        byte[] outputBytes;
        try {
            outputBytes = kernel.compute(inputBytes);
        } catch (IllegalArgumentException e) {
            return poison(lease, PoisonCause.BAD_INPUT, "kernel " + kernel.name() + " rejected input blob " + input + ": "
                    + e.getMessage());
        }
        long computeNanos = System.nanoTime() - started;
        metrics.computed(kernel.name(), computeNanos);
        if (lease.state() != Lease.State.HELD) {
            // Released at shutdown or taken by another receiver: that delivery will write the output.
            return Outcome.ABANDONED;
        }
        Instant completedAt = Instant.now();
        storage.upload(output, outputBytes,
                OutputMetadata.of(job, outputBytes, computeNanos / 1_000_000, settings.workerId(), completedAt).toMap());
        // Input before message: a crash in between leaves a message whose redelivery finds the output and
        // counts as a duplicate, so no input is ever orphaned.
        storage.deleteIfExists(input);
        if (!lease.delete(storage.jobs())) {
            log.info("job {}: output written, but another receiver now holds its message; it will find the output",
                    job.jobId());
        }
        metrics.processed(kernel.name(), Duration.between(job.enqueuedAt(), Instant.now()).toNanos() / 1e9);
        return Outcome.PROCESSED;
    }

    /**
     * Copies the message to the poison queue with the reason, then deletes it. If the copy fails
     * the message is released instead, so a poison message is never lost either.
     */
    private Outcome poison(Lease lease, PoisonCause cause, String reason) {
        String original = lease.body();
        String recorded = reason;
        if (original.length() > MAX_ORIGINAL_CHARS) {
            recorded = reason + " (original body truncated from " + original.length() + " to " + MAX_ORIGINAL_CHARS
                    + " characters to fit a queue message)";
            original = original.substring(0, MAX_ORIGINAL_CHARS);
        }
        PoisonEnvelope envelope = new PoisonEnvelope(recorded, original, lease.dequeueCount(), lease.messageId(),
                Instant.now(), settings.workerId());
        try {
            storage.sendPoison(envelope.encode());
        } catch (RuntimeException e) {
            log.warn("could not move message {} to {}: {}; it will be retried", lease.messageId(), settings.poisonQueue(),
                    StorageErrors.describe(e));
            lease.release(storage.jobs(), Backoff.delay((int) lease.dequeueCount(), RETRY_BASE_MILLIS, RETRY_MAX_MILLIS));
            return Outcome.RETRY;
        }
        try {
            lease.delete(storage.jobs());
        } catch (RuntimeException e) {
            // The envelope is written; the message will come back and be poisoned again (a duplicate, not a loss).
            log.warn("message {} copied to {} but not deleted: {}", lease.messageId(), settings.poisonQueue(),
                    StorageErrors.describe(e));
        }
        metrics.poisoned(cause);
        log.warn("message {} moved to {}: {}", lease.messageId(), settings.poisonQueue(), recorded);
        return Outcome.POISONED;
    }
}
