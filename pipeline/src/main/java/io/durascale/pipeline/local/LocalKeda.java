package io.durascale.pipeline.local;

import io.durascale.pipeline.local.hpa.HpaControllerFlags;
import io.durascale.pipeline.local.keda.AzureQueueScaler;
import io.durascale.pipeline.local.keda.AzureQueueTrigger;
import io.durascale.pipeline.local.keda.ExternalScaler;
import io.durascale.pipeline.local.keda.ExternalTrigger;
import io.durascale.pipeline.local.keda.QueueMetric;
import io.durascale.pipeline.local.keda.ScaledObjectController;
import io.durascale.pipeline.local.keda.ScaledObjectSpec;
import io.durascale.pipeline.local.keda.Scaler;
import io.durascale.pipeline.local.keda.StorageQueueMetric;
import io.durascale.pipeline.local.keda.Trigger;
import io.durascale.pipeline.local.kube.LocalDeployment;
import io.durascale.pipeline.local.kube.NodePoolSpec;
import io.durascale.pipeline.local.kube.NodeStatus;
import io.durascale.pipeline.local.kube.PodLauncher;
import io.durascale.pipeline.local.kube.PodStatus;
import io.durascale.run.RunJson;
import io.durascale.run.timeline.Timeline;
import io.durascale.run.timeline.TimelineEvent.KedaDecision;
import io.durascale.run.timeline.TimelineEvent.KedaSettings;
import io.durascale.storage.StorageAccount;
import io.durascale.storage.StorageResolution;
import io.durascale.storage.StorageUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KEDA on one machine, the façade over {@code local.keda}, {@code local.hpa} and {@code local.kube}:
 * a ScaledObject with an azure-queue trigger (or an external one, whose scaler it calls over gRPC), the HPA KEDA
 * creates for it (under the HPA controller's
 * {@link HpaControllerFlags}), and the worker Deployment they scale, whose pods are real processes
 * started by a {@link PodLauncher} on the nodes of a {@link NodePoolSpec}. Every decision and every
 * pod and node change goes to the {@link Timeline}.
 *
 * <pre>{@code
 * try (Timeline timeline = Timeline.in(runDirectory);
 *      LocalKeda keda = LocalKeda.builder(account,
 *              ScaledObjectSpec.demo().toBuilder().azureQueue(q -> q.withQueueName("compute-jobs")).build(),
 *              NodePoolSpec.noDelays(),
 *              ProcessPodLauncher.worker(WorkerJar.locate(null), "compute-jobs", runDirectory.file("pods"))
 *                      .connectionString(account.connectionString()).build(),
 *              timeline).hpaController(HpaControllerFlags.demo()).build()) {
 *     keda.start();                 // 0 replicas until the queue has messages
 *     ...                           // keda.replicas(), keda.readyReplicas(), keda.pods(), keda.nodes()
 * }                                 // close(): SIGTERM to every pod, wait for them to drain, stop
 * }</pre>
 *
 * <p>Any connection the trigger names is this account's: a cluster's TriggerAuthentication is not
 * emulated. {@link #start()} creates the watched queue if it is missing (a worker would on its start),
 * so that the scaler reads 0 rather than failing before the first job. {@link #close()} stops
 * the control loop, terminates every pod and waits for it, then closes the launcher; it leaves
 * the timeline (shared with other producers) and the storage account open.
 */
public final class LocalKeda implements AutoCloseable {

    /** The namespace the local KEDA's ScaledObjects are in, as an external scaler is told. */
    static final String NAMESPACE = "default";

    /** Upper bound on replicas here: one machine runs every pod as a worker JVM (a cluster's KEDA has none). */
    public static final int MAX_REPLICAS = 1000;

    /** The control loop's step: pod phases and readiness are seen within this. */
    static final Duration LOOP_PERIOD = Duration.ofMillis(100);

    private static final Logger log = LoggerFactory.getLogger(LocalKeda.class);

    private final StorageAccount account;
    private final ScaledObjectSpec spec;
    private final HpaControllerFlags hpaController;
    private final NodePoolSpec pool;
    private final PodLauncher launcher;
    private final Timeline timeline;
    private final Clock clock;
    private final String deploymentName;
    private final int initialReplicas;
    private final QueueMetric queueMetric;
    private final Duration shutdownTimeout;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile LocalDeployment deployment;
    private volatile ScaledObjectController controller;
    private Scaler scaler;
    private Thread loop;
    private boolean closed;

    private LocalKeda(Builder builder) {
        this.account = builder.account;
        this.spec = builder.spec;
        this.hpaController = builder.hpaController;
        this.pool = builder.pool;
        this.launcher = builder.launcher;
        this.timeline = builder.timeline;
        this.clock = builder.clock;
        this.deploymentName = builder.deploymentName;
        this.initialReplicas = builder.initialReplicas;
        this.queueMetric = builder.queueMetric != null ? builder.queueMetric : storageQueueMetric(account, spec.trigger());
        this.shutdownTimeout = builder.shutdownTimeout;
    }

    /** The account's queue an azure-queue trigger watches; none for a trigger that reads no queue itself. */
    private static QueueMetric storageQueueMetric(StorageAccount account, Trigger trigger) {
        return trigger instanceof AzureQueueTrigger queue
                ? new StorageQueueMetric(account.queues().getQueueClient(queue.queueName())) : null;
    }

    /**
     * @param account the storage whose queue is watched
     * @param spec the ScaledObject
     * @param pool the nodes pods run on
     * @param launcher starts each pod's process; closed by {@link #close()}
     * @param timeline where decisions and phases go ({@link Timeline#none()} for nowhere); not closed here
     */
    public static Builder builder(StorageAccount account, ScaledObjectSpec spec, NodePoolSpec pool, PodLauncher launcher,
                                  Timeline timeline) {
        return new Builder(account, spec, pool, launcher, timeline);
    }

    /**
     * Creates the queue if missing, records the settings on the timeline and starts the control loop.
     *
     * @throws StorageUnavailableException if the queue cannot be created
     * @throws IllegalStateException if started before, or closed
     */
    public synchronized void start() {
        if (loop != null || closed) {
            throw new IllegalStateException("a LocalKeda starts once");
        }
        if (queueMetric instanceof StorageQueueMetric && spec.trigger() instanceof AzureQueueTrigger watched) {
            String queue = watched.queueName();
            try {
                account.queues().getQueueClient(queue).createIfNotExists();
            } catch (RuntimeException e) {
                throw new StorageUnavailableException("cannot create the queue " + queue + " on "
                        + account.describe() + ": check that the storage account or emulator is running");
            }
        }
        timeline.record(new KedaSettings(clock.instant().toEpochMilli(), deploymentName, RunJson.MAPPER.valueToTree(spec),
                RunJson.MAPPER.valueToTree(hpaController), RunJson.MAPPER.valueToTree(pool)));

        deployment = new LocalDeployment(deploymentName, pool, launcher, timeline, clock);
        if (initialReplicas > 0) {
            deployment.scale(initialReplicas);
        }
        scaler = scalerFor(spec.trigger(), 0);
        try {
            controller = new ScaledObjectController(spec, scaler, hpaController, deployment, timeline, clock);
        } catch (RuntimeException e) {
            // An external scaler that does not answer GetMetricSpec: nothing to scale on.
            scaler.close();
            throw e;
        }
        loop = new Thread(this::run, "durascale-keda");
        loop.setDaemon(true);
        loop.start();
        log.info("local KEDA scaling {} on its {} trigger (polling {} ms, cooldown {} s, max {} replicas)", deploymentName,
                spec.trigger().type(), spec.pollingInterval().toMillis(), spec.cooldownPeriod().toSeconds(),
                spec.maxReplicaCount());
    }

    /**
     * @throws IllegalArgumentException if the ScaledObject may scale beyond {@link #MAX_REPLICAS} pods, which one machine
     *     cannot run as processes
     */
    public static ScaledObjectSpec checkFitsOneMachine(ScaledObjectSpec spec) {
        if (spec.maxReplicaCount() > MAX_REPLICAS) {
            throw new IllegalArgumentException("maxReplicaCount must be 1 to " + MAX_REPLICAS + " on one machine, where "
                    + "every pod is a worker process, got " + spec.maxReplicaCount());
        }
        return spec;
    }

    /**
     * One scaler per trigger, as KEDA's scalers builder makes them; every trigger type has its case. An external
     * scaler is called over gRPC as the ScaledObject named after the deployment; the workload's environment it
     * resolves {@code *FromEnv} from is the pods' own: this account's connection string.
     */
    private Scaler scalerFor(Trigger trigger, int index) {
        if (trigger instanceof AzureQueueTrigger queue) {
            return new AzureQueueScaler(queue, index, queueMetric);
        }
        if (trigger instanceof ExternalTrigger external) {
            return new ExternalScaler(external, index, deploymentName, NAMESPACE,
                    Map.of(StorageResolution.CONNECTION_STRING_ENV, account.connectionString()));
        }
        throw new IllegalArgumentException("the local KEDA has no scaler for a " + trigger.type() + " trigger");
    }

    private void run() {
        String lastProblem = null;
        while (stopping.getCount() > 0) {
            try {
                deployment.reconcile();
                controller.runDue();
                deployment.reconcile();
                lastProblem = null;
            } catch (RuntimeException e) {
                // Keep control: a failing timeline or launcher must not stop scaling down later.
                String problem = String.valueOf(e.getMessage());
                if (!problem.equals(lastProblem)) {
                    log.warn("local KEDA control loop: {}", problem, e);
                    lastProblem = problem;
                }
            }
            long untilDue = Duration.between(clock.instant(), controller.nextDue()).toMillis();
            long wait = Math.max(1, Math.min(LOOP_PERIOD.toMillis(), untilDue));
            try {
                stopping.await(wait, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** {@code status.replicas}: pods that exist and are not terminating (0 before start). */
    public int replicas() {
        LocalDeployment d = deployment;
        return d == null ? 0 : d.statusReplicas();
    }

    /** {@code status.readyReplicas}: pods whose worker is receiving. */
    public int readyReplicas() {
        LocalDeployment d = deployment;
        return d == null ? 0 : d.readyReplicas();
    }

    /** {@code spec.replicas}: the count KEDA or the HPA last set. */
    public int desiredReplicas() {
        LocalDeployment d = deployment;
        return d == null ? 0 : d.specReplicas();
    }

    /** The pods, terminating ones included. */
    public List<PodStatus> pods() {
        LocalDeployment d = deployment;
        return d == null ? List.of() : d.pods();
    }

    /** The node pool's nodes. */
    public List<NodeStatus> nodes() {
        LocalDeployment d = deployment;
        return d == null ? List.of() : d.nodes();
    }

    /** Whether KEDA's last check found the trigger active. */
    public boolean isActive() {
        ScaledObjectController c = controller;
        return c != null && c.scaleHandler().isActive();
    }

    /** KEDA's {@code status.lastActiveTime}. */
    public Optional<Instant> lastActiveTime() {
        ScaledObjectController c = controller;
        return c == null ? Optional.empty() : c.scaleHandler().lastActiveTime();
    }

    /** The queue length KEDA last read; -1 before its first check. */
    public long queueLength() {
        ScaledObjectController c = controller;
        return c == null ? -1 : c.scaleHandler().lastValue();
    }

    public ScaledObjectSpec spec() {
        return spec;
    }

    public HpaControllerFlags hpaController() {
        return hpaController;
    }

    /**
     * Stops scaling, sends SIGTERM to every pod and waits for them to drain (up to the shutdown
     * timeout, then SIGKILL), and closes the launcher. Idempotent.
     */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = loop;
        }
        stopping.countDown();
        try {
            if (running != null) {
                running.join(TimeUnit.SECONDS.toMillis(30));
            }
            if (deployment != null) {
                deployment.shutdown(shutdownTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (scaler != null) {
                scaler.close();
            }
            launcher.close();
            timeline.record(KedaDecision.stopped(clock.instant().toEpochMilli(), deploymentName));
        }
    }

    /** Options of a {@link LocalKeda}. */
    public static final class Builder {
        private final StorageAccount account;
        private final ScaledObjectSpec spec;
        private final NodePoolSpec pool;
        private final PodLauncher launcher;
        private final Timeline timeline;
        private HpaControllerFlags hpaController = HpaControllerFlags.kubernetesDefaults();
        private Clock clock = Clock.systemUTC();
        private String deploymentName = io.durascale.run.figures.Tiers.WORKER;
        private int initialReplicas;
        private QueueMetric queueMetric;
        private Duration shutdownTimeout = LocalDeployment.DEFAULT_SHUTDOWN_TIMEOUT;

        private Builder(StorageAccount account, ScaledObjectSpec spec, NodePoolSpec pool, PodLauncher launcher,
                        Timeline timeline) {
            this.account = Objects.requireNonNull(account, "account");
            this.spec = checkFitsOneMachine(Objects.requireNonNull(spec, "spec"));
            this.pool = Objects.requireNonNull(pool, "pool");
            this.launcher = Objects.requireNonNull(launcher, "launcher");
            this.timeline = Objects.requireNonNull(timeline, "timeline");
        }

        /** The HPA controller's flags (default: Kubernetes' own, a sync every 15 s). */
        public Builder hpaController(HpaControllerFlags value) {
            hpaController = Objects.requireNonNull(value, "hpaController");
            return this;
        }

        /** The time KEDA, the HPA and the pods go by (default: the system clock). */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The deployment's name; pods are {@code <name>-1}, {@code <name>-2}, ... (default durascale-worker). */
        public Builder deploymentName(String value) {
            if (value == null || !value.matches("[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?")) {
                throw new IllegalArgumentException("deployment name '" + value + "' must be 1 to 42 lower-case letters, "
                        + "digits and dashes, starting and ending with a letter or digit");
            }
            deploymentName = value;
            return this;
        }

        /**
         * Replicas the Deployment has before KEDA's first check, as a manifest's {@code replicas:}
         * (default 0). With more than 0, KEDA scales to zero after {@code initialCooldownPeriod}.
         */
        public Builder initialReplicas(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("initialReplicas must be 0 or more, got " + value);
            }
            initialReplicas = value;
            return this;
        }

        /** Reads the queue some other way (default: the account's queue named by the spec). */
        public Builder queueMetric(QueueMetric value) {
            queueMetric = Objects.requireNonNull(value, "queueMetric");
            return this;
        }

        /** How long {@link #close()} waits for pods to drain before killing them (default 40 s). */
        public Builder shutdownTimeout(Duration value) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException("shutdownTimeout must be 0 or more");
            }
            shutdownTimeout = value;
            return this;
        }

        public LocalKeda build() {
            return new LocalKeda(this);
        }
    }
}
