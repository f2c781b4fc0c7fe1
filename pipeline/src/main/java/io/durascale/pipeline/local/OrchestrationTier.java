package io.durascale.pipeline.local;

import io.durascale.pipeline.local.hpa.HpaControllerFlags;
import io.durascale.pipeline.local.keda.ExternalTrigger;
import io.durascale.pipeline.local.keda.ScaledObjectSpec;
import io.durascale.pipeline.local.kube.NodePoolSpec;
import io.durascale.pipeline.local.kube.ProcessPodLauncher;
import io.durascale.pipeline.scaler.TaskHubScalerMetadata;
import io.durascale.pipeline.scaler.grpc.ScalerServer;
import io.durascale.run.figures.Tiers;
import io.durascale.run.timeline.Timeline;
import io.durascale.storage.StorageAccount;
import io.durascale.storage.StorageResolution;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The orchestration tier as a cluster runs it, on this machine: the task-hub scaler (its real gRPC service, on a
 * loopback port), and the {@value #DEPLOYMENT} Deployment — {@code java -jar pipeline.jar taskhub --orchestrations N}
 * processes — scaled 0..partitions by the local KEDA on an {@code external} trigger that points at the scaler. A pod
 * is ready while its {@code /readyz} answers; it is stopped with SIGTERM and scales in (hands its partitions over)
 * within the termination grace, as under kubelet.
 */
final class OrchestrationTier implements AutoCloseable {

    /** The orchestration tier's Deployment (the chart's name for it). */
    static final String DEPLOYMENT = Tiers.ORCHESTRATION;
    /** The scaler's Deployment: always on, one replica. */
    static final String SCALER_DEPLOYMENT = Tiers.SCALER;

    private final ScalerServer scaler;
    private final LocalKeda keda;

    private OrchestrationTier(ScalerServer scaler, LocalKeda keda) {
        this.scaler = scaler;
        this.keda = keda;
    }

    /**
     * Starts the scaler, then KEDA on it (0 replicas until the scaler reports the hub active).
     *
     * @param workerScaling the worker tier's ScaledObject: this tier polls, cools down and scales as it does
     * @param hostArguments what every host runs with: {@code --hub}, {@code --partitions}, {@code --orchestrations}, ...
     */
    static OrchestrationTier start(StorageAccount storage, String bind, String hub, int partitions, Path pipelineJar,
                                   List<String> hostArguments, ScaledObjectSpec workerScaling, HpaControllerFlags hpa,
                                   NodePoolSpec pool, Timeline timeline, Path podLogs) {
        ScalerServer scaler = ScalerServer.start(storage, bind, 0, Clock.systemUTC());
        try {
            ProcessPodLauncher hosts = ProcessPodLauncher.orchestrationHost(pipelineJar, hostArguments, podLogs)
                    .connectionString(storage.connectionString()).build();
            LocalKeda keda = LocalKeda.builder(storage, scaledObject(bind, scaler.port(), hub, partitions, workerScaling),
                            pool, hosts, timeline)
                    .hpaController(hpa).deploymentName(DEPLOYMENT).build();
            try {
                keda.start();
            } catch (RuntimeException e) {
                keda.close();
                throw e;
            }
            return new OrchestrationTier(scaler, keda);
        } catch (RuntimeException e) {
            scaler.close();
            throw e;
        }
    }

    /**
     * The tier's ScaledObject, as the chart's {@code taskhub.autoscaling} renders it: an external trigger with the
     * hub's name, its partition count (the most hosts that can own a partition) and the polling interval (how far
     * ahead a durable timer wakes the tier: KEDA does not send the ScaledObject's spec to an external scaler).
     */
    static ScaledObjectSpec scaledObject(String bind, int scalerPort, String hub, int partitions, ScaledObjectSpec workerScaling) {
        long pollingSeconds = Math.max(1, (workerScaling.pollingInterval().toMillis() + 999) / 1000);
        ExternalTrigger trigger = ExternalTrigger.of(bind + ":" + scalerPort, Map.of(
                TaskHubScalerMetadata.HUB, hub,
                TaskHubScalerMetadata.PARTITION_COUNT, Integer.toString(partitions),
                TaskHubScalerMetadata.POLLING_INTERVAL, Long.toString(pollingSeconds),
                TaskHubScalerMetadata.CONNECTION_FROM_ENV, StorageResolution.CONNECTION_STRING_ENV));
        return workerScaling.toBuilder().trigger(trigger).minReplicaCount(0).maxReplicaCount(maxHosts(partitions))
                .initialCooldownPeriod(Duration.ZERO).build();
    }

    /**
     * At most one host per partition, as in a cluster — and on one machine at most one per two cores: every host
     * shares the same cores, so more add no capacity, only JVMs starting beside the workers' (measured on 2 cores: a
     * burst the scaler answered with 4 hosts started its worker pods in 8.3 s, with 1 host in 3.2–4.1 s). The chart's
     * ScaledObject keeps 0..partitions.
     */
    static int maxHosts(int partitions) {
        return Math.max(1, Math.min(partitions, Runtime.getRuntime().availableProcessors() / 2));
    }

    LocalKeda keda() {
        return keda;
    }

    int scalerPort() {
        return scaler.port();
    }

    /** SIGTERM to every host (they scale in), then the scaler stops. */
    @Override
    public void close() {
        try {
            keda.close();
        } finally {
            scaler.close();
        }
    }
}
