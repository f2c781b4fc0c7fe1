package io.durascale.loadtests.targets;

import io.durascale.loadtests.LoadSettings;
import io.durascale.loadtests.probe.KubernetesObserver;
import io.durascale.run.RunInfo;
import io.durascale.run.timeline.Timeline;
import io.durascale.storage.StorageAccount;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.function.Consumer;

/**
 * A deployed pipeline, or any Durable Functions app with the same HTTP API: the load goes to
 * {@code -Dtarget}, the task hub's queues are read through {@code -Dconnection}, and, with a kube
 * context or namespace, the worker Deployment is watched with {@link KubernetesObserver}.
 */
public final class ClusterTarget implements LoadTarget {

    private final LoadSettings settings;
    private final StorageAccount storage;
    private final KubernetesClient kubernetes;
    private final KubernetesObserver observer;

    private ClusterTarget(LoadSettings settings, StorageAccount storage, KubernetesClient kubernetes,
                          KubernetesObserver observer) {
        this.settings = settings;
        this.storage = storage;
        this.kubernetes = kubernetes;
        this.observer = observer;
    }

    public static ClusterTarget connect(LoadSettings settings, Timeline timeline, Consumer<String> progress) {
        StorageAccount storage = StorageAccount.of(settings.connection().orElseThrow());
        progress.accept("target: " + settings.target().orElseThrow() + "; storage " + storage.describe());
        if (settings.kubeContext().isEmpty() && settings.namespace().isEmpty()) {
            progress.accept("kubernetes: not watched (give -DkubeContext and/or -Dnamespace to watch the workers)");
            return new ClusterTarget(settings, storage, null, null);
        }
        Config config = Config.autoConfigure(settings.kubeContext().orElse(null));
        String namespace = settings.namespace().orElse(config.getNamespace() == null ? "default" : config.getNamespace());
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        KubernetesObserver observer = new KubernetesObserver(client, namespace, settings.deployment(), timeline, true).start();
        progress.accept("kubernetes: watching deployment " + namespace + "/" + settings.deployment()
                + (observer.sawDeployment() ? "" : " (not found yet)") + ", its pods, HPA, ScaledObject and nodes");
        return new ClusterTarget(settings, storage, client, observer);
    }

    @Override
    public String baseUrl() {
        return settings.target().orElseThrow().toString();
    }

    @Override
    public String hostKey() {
        return settings.hostKey().orElseThrow();
    }

    @Override
    public StorageAccount storage() {
        return storage;
    }

    @Override
    public String hub() {
        return settings.hub();
    }

    @Override
    public boolean embedded() {
        return false;
    }

    @Override
    public int replicas() {
        return observer == null ? -1 : observer.replicas();
    }

    @Override
    public RunInfo describe(RunInfo description) {
        return description.withTarget("cluster").withStorage(storage.describe(), storage.isEmulator())
                .withSetting("taskHub", new TaskHubSetting(settings.hub(), null))
                .withSetting("kubernetes", observer == null ? "not watched" : settings.deployment());
    }

    @Override
    public void close() {
        if (observer != null) {
            observer.close();
        }
        if (kubernetes != null) {
            kubernetes.close();
        }
    }
}
