package io.durascale.worker.consumer;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A worker's Prometheus metrics, in a registry of its own so several consumers can share a JVM.
 * Totals are also kept as plain counters for programmatic callers (tests, the local stack).
 */
public final class WorkerMetrics {

    /** Why a message went to the poison queue; a label value on {@code durascale_worker_jobs_poisoned_total}. */
    public enum PoisonCause {
        MALFORMED, MAX_DEQUEUE, UNKNOWN_KERNEL, MISSING_INPUT, BAD_INPUT, FAILED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final double[] SECONDS_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
        10, 30, 60, 120, 300};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter processed;
    private final Counter failed;
    private final Counter poisoned;
    private final Counter duplicates;
    private final Counter redeliveries;
    private final Counter renewals;
    private final Counter renewalFailures;
    private final Counter receiveErrors;
    private final Histogram computeSeconds;
    private final Histogram receiveSeconds;
    private final Histogram jobLatencySeconds;
    private final Gauge inFlight;
    private final AtomicLong processedTotal = new AtomicLong();
    private final AtomicLong failedTotal = new AtomicLong();
    private final AtomicLong poisonedTotal = new AtomicLong();
    private final AtomicLong renewalsTotal = new AtomicLong();
    private final AtomicLong computeNanosTotal = new AtomicLong();
    private final AtomicLong inFlightNow = new AtomicLong();

    public WorkerMetrics(int slots) {
        processed = Counter.builder().name("durascale_worker_jobs_processed_total")
                .help("Jobs whose output was written and whose message was deleted").labelNames("kernel").register(registry);
        failed = Counter.builder().name("durascale_worker_jobs_failed_total")
                .help("Job attempts that failed and were released for a retry or poisoned").labelNames("kernel")
                .register(registry);
        poisoned = Counter.builder().name("durascale_worker_jobs_poisoned_total")
                .help("Messages moved to the poison queue").labelNames("cause").register(registry);
        duplicates = Counter.builder().name("durascale_worker_jobs_duplicate_total")
                .help("Redelivered messages whose output already existed for the same job id").register(registry);
        redeliveries = Counter.builder().name("durascale_worker_jobs_redelivered_total")
                .help("Messages received again after an earlier delivery (a crash, a timeout or a retry)").register(registry);
        renewals = Counter.builder().name("durascale_worker_visibility_renewals_total")
                .help("Visibility timeouts extended while a job computed").register(registry);
        renewalFailures = Counter.builder().name("durascale_worker_visibility_renewal_failures_total")
                .help("Visibility renewals that failed or found the message taken by another receiver").register(registry);
        receiveErrors = Counter.builder().name("durascale_worker_receive_errors_total")
                .help("Failed receive calls (the worker backs off and retries)").register(registry);
        computeSeconds = Histogram.builder().name("durascale_worker_compute_seconds").unit(Unit.SECONDS)
                .help("Kernel compute time per job").labelNames("kernel").classicOnly()
                .classicUpperBounds(SECONDS_BUCKETS).register(registry);
        receiveSeconds = Histogram.builder().name("durascale_worker_receive_seconds").unit(Unit.SECONDS)
                .help("Latency of a receive call on the jobs queue").classicOnly().classicUpperBounds(SECONDS_BUCKETS)
                .register(registry);
        jobLatencySeconds = Histogram.builder().name("durascale_worker_job_latency_seconds").unit(Unit.SECONDS)
                .help("From the job's enqueue time to its output being written").labelNames("kernel").classicOnly()
                .classicUpperBounds(SECONDS_BUCKETS).register(registry);
        inFlight = Gauge.builder().name("durascale_worker_jobs_in_flight").help("Jobs being processed now")
                .register(registry);
        // Known label values start at zero, so dashboards see every series before the first job.
        for (String kernel : io.durascale.core.kernel.Kernels.names()) {
            processed.initLabelValues(kernel);
            failed.initLabelValues(kernel);
        }
        for (PoisonCause cause : PoisonCause.values()) {
            poisoned.initLabelValues(cause.label());
        }
        Gauge.builder().name("durascale_worker_slots").help("Jobs this worker computes at once").register(registry)
                .set(slots);
    }

    void processed(String kernel, double latencySeconds) {
        processed.labelValues(kernel).inc();
        jobLatencySeconds.labelValues(kernel).observe(Math.max(0, latencySeconds));
        processedTotal.incrementAndGet();
    }

    void failed(String kernel) {
        failed.labelValues(kernel).inc();
        failedTotal.incrementAndGet();
    }

    void poisoned(PoisonCause cause) {
        poisoned.labelValues(cause.label()).inc();
        poisonedTotal.incrementAndGet();
    }

    void duplicate() {
        duplicates.inc();
    }

    void redelivered() {
        redeliveries.inc();
    }

    void computed(String kernel, long nanos) {
        computeSeconds.labelValues(kernel).observe(nanos / 1e9);
        computeNanosTotal.addAndGet(nanos);
    }

    void received(long nanos) {
        receiveSeconds.observe(nanos / 1e9);
    }

    void receiveFailed() {
        receiveErrors.inc();
    }

    void renewed() {
        renewals.inc();
        renewalsTotal.incrementAndGet();
    }

    void renewalFailed() {
        renewalFailures.inc();
    }

    void started() {
        inFlight.set(inFlightNow.incrementAndGet());
    }

    void finished() {
        inFlight.set(inFlightNow.decrementAndGet());
    }

    public long processedCount() {
        return processedTotal.get();
    }

    public long failedCount() {
        return failedTotal.get();
    }

    public long poisonedCount() {
        return poisonedTotal.get();
    }

    public long renewalCount() {
        return renewalsTotal.get();
    }

    public long inFlightCount() {
        return inFlightNow.get();
    }

    /** Total kernel compute time so far, summed over slots. */
    public long computeNanos() {
        return computeNanosTotal.get();
    }

    public String contentType() {
        return writer.getContentType();
    }

    /** The Prometheus text exposition format (0.0.4). */
    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    public String text() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
