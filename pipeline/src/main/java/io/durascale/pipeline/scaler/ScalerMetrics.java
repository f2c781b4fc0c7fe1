package io.durascale.pipeline.scaler;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The scaler's own decisions as Prometheus metrics: per scaled object ({@code <namespace>/<name>}) and hub the last
 * answer (active, recommended hosts and the two halves of the rule), per hub what the last read saw, the storage
 * reads and their latency, and the requests by method and gRPC status code, errors included.
 */
public final class ScalerMetrics implements TaskHubMonitor.ReadListener {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Gauge active;
    private final Gauge hosts;
    private final Gauge activityHosts;
    private final Gauge orchestrationHosts;
    private final Gauge controlMessages;
    private final Gauge partitionsWithMessages;
    private final Gauge workItems;
    private final Gauge timersLater;
    private final Histogram readSeconds;
    private final Counter reads;
    private final Counter requests;

    public ScalerMetrics() {
        active = Gauge.builder().name("durascale_scaler_active")
                .help("1 if the last answer for the scaled object was active (a message needs a host now)")
                .labelNames("scaled_object", "hub").register(registry);
        hosts = Gauge.builder().name("durascale_scaler_recommended_hosts")
                .help("The metric of the last answer: recommended orchestration hosts")
                .labelNames("scaled_object", "hub").register(registry);
        activityHosts = Gauge.builder().name("durascale_scaler_activity_hosts")
                .help("Hosts the work items asked for: ceil(work items / maxActivitiesPerWorker)")
                .labelNames("scaled_object", "hub").register(registry);
        orchestrationHosts = Gauge.builder().name("durascale_scaler_orchestration_hosts")
                .help("Hosts the control queues asked for: min(partitions with messages, "
                        + "ceil(control messages / maxOrchestrationsPerWorker))")
                .labelNames("scaled_object", "hub").register(registry);
        controlMessages = Gauge.builder().name("durascale_scaler_control_messages")
                .help("Control messages that need a host now (timers due after the polling window taken off)")
                .labelNames("hub").register(registry);
        partitionsWithMessages = Gauge.builder().name("durascale_scaler_partitions_with_messages")
                .help("Partitions with a control message that needs a host now").labelNames("hub").register(registry);
        workItems = Gauge.builder().name("durascale_scaler_work_items")
                .help("Messages in the work-item queue, held ones included").labelNames("hub").register(registry);
        timersLater = Gauge.builder().name("durascale_scaler_timers_later")
                .help("Indexed durable timers due after the polling window (not counted as work yet)")
                .labelNames("hub").register(registry);
        readSeconds = Histogram.builder().name("durascale_scaler_read_duration_seconds").unit(Unit.SECONDS)
                .help("Time to read a task hub's queues and timer index").classicOnly()
                .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .labelNames("hub").register(registry);
        reads = Counter.builder().name("durascale_scaler_reads")
                .help("Reads of a task hub's storage (cached answers not included), by outcome")
                .labelNames("hub", "outcome").register(registry);
        requests = Counter.builder().name("durascale_scaler_requests")
                .help("gRPC requests by method and status code (OK, INVALID_ARGUMENT, UNAVAILABLE, INTERNAL)")
                .labelNames("method", "code").register(registry);
    }

    @Override
    public void read(String hub, Duration took, boolean succeeded) {
        readSeconds.labelValues(hub).observe(took.toNanos() / 1e9);
        reads.labelValues(hub, succeeded ? "ok" : "error").inc();
    }

    /** The answer given for a scaled object. */
    public void answered(String scaledObject, TaskHubScaler.Answer answer, String hub) {
        HostRecommendation r = answer.recommendation();
        active.labelValues(scaledObject, hub).set(r.active() ? 1 : 0);
        hosts.labelValues(scaledObject, hub).set(r.hosts());
        activityHosts.labelValues(scaledObject, hub).set(r.activityHosts());
        orchestrationHosts.labelValues(scaledObject, hub).set(r.orchestrationHosts());
        TaskHubReading reading = answer.reading();
        controlMessages.labelValues(hub).set(reading.controlMessages());
        partitionsWithMessages.labelValues(hub).set(reading.partitionsWithMessages());
        workItems.labelValues(hub).set(reading.workItems());
        timersLater.labelValues(hub).set(reading.timersLater());
    }

    /** A request finished with this gRPC status code. */
    public void requested(String method, String code) {
        requests.labelValues(method, code).inc();
    }

    /** The metrics in Prometheus text format. */
    public String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    public String contentType() {
        return writer.getContentType();
    }
}
