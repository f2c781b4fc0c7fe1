package io.durascale.pipeline.taskhub;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The task hub's Prometheus metrics: per partition (control queue depth, episodes, messages,
 * ownership), the work-item queue, history reads and writes, and storage operations by kind.
 * Queue depths are read from storage when scraped (counted as {@code queue.metadata}).
 */
public final class TaskHubMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public TaskHubMetrics(TaskHub hub) {
        TaskHubStats stats = hub.stats();
        TaskHubNames names = hub.names();
        CounterWithCallback.builder().name("durascale_taskhub_episodes").help("Orchestration episodes committed")
                .labelNames("partition").callback(cb -> {
                    for (int p = 0; p < stats.partitionCount(); p++) {
                        cb.call(stats.episodes(p), partition(p));
                    }
                }).register(registry);
        CounterWithCallback.builder().name("durascale_taskhub_control_messages").help("Control-queue messages received")
                .labelNames("partition").callback(cb -> {
                    for (int p = 0; p < stats.partitionCount(); p++) {
                        cb.call(stats.controlMessages(p), partition(p));
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("durascale_taskhub_partition_owned").help("1 if this process holds the partition's lease")
                .labelNames("partition").callback(cb -> {
                    for (int p = 0; p < stats.partitionCount(); p++) {
                        cb.call(stats.owns(p) ? 1 : 0, partition(p));
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("durascale_taskhub_control_queue_depth")
                .help("Approximate messages in each control queue (invisible ones included)")
                .labelNames("partition", "queue").callback(cb -> {
                    for (int p = 0; p < names.partitionCount(); p++) {
                        cb.call(hub.storage().approximateCount(names.controlQueue(p)), partition(p), names.controlQueue(p));
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("durascale_taskhub_workitem_queue_depth")
                .help("Approximate messages in the work-item queue").labelNames("queue")
                .callback(cb -> cb.call(hub.storage().approximateCount(names.workItemQueue()), names.workItemQueue()))
                .register(registry);
        counter("durascale_taskhub_orchestrations_started", "Instances started through this process", stats::started);
        counter("durascale_taskhub_orchestrations_completed", "Instances that finished in an episode of this process", stats::completed);
        counter("durascale_taskhub_activities", "Activity results received from workers", stats::activities);
        counter("durascale_taskhub_activity_results_in_process",
                "Activity results handed to a locally owned orchestration without a control-queue message", stats::localResults);
        counter("durascale_taskhub_local_deliveries",
                "Control messages delivered in process to a partition this process owns (no receive needed)", stats::localDeliveries);
        counter("durascale_taskhub_local_dispatches",
                "Activities handed straight to this process's workers (no receive needed)", stats::localDispatches);
        counter("durascale_taskhub_stale_completions", "Worker answers for work items no longer outstanding", stats::staleCompletions);
        counter("durascale_taskhub_history_reads", "History loads (cache misses)", stats::historyReads);
        counter("durascale_taskhub_history_writes", "History appends (checkpoints)", stats::historyWrites);
        CounterWithCallback.builder().name("durascale_taskhub_storage_operations").help("Storage operations by service and kind")
                .labelNames("service", "operation").callback(cb -> {
                    for (Map.Entry<StorageOps.Kind, Long> e : hub.ops().snapshot().entrySet()) {
                        cb.call(e.getValue(), e.getKey().service(), e.getKey().operation());
                    }
                }).register(registry);
        gauge("durascale_taskhub_sessions", "Instances held in memory", hub::sessionCount);
        gauge("durascale_taskhub_held_messages", "Queue messages received and not yet deleted", hub::heldMessageCount);
        gauge("durascale_taskhub_work_items_ready", "Work items waiting for a worker", hub::readyWorkItems);
        gauge("durascale_taskhub_work_items_in_flight", "Work items sent to workers and not answered", hub::inFlightWorkItems);
        gauge("durascale_taskhub_workers_connected", "GetWorkItems streams connected", hub::connectedWorkers);
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

    private void counter(String name, String help, java.util.function.LongSupplier value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsLong())).register(registry);
    }

    private void gauge(String name, String help, java.util.function.IntSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsInt())).register(registry);
    }

    private static String partition(int p) {
        return String.format("%02d", p);
    }
}
