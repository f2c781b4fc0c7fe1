package io.durascale.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.storage.queue.QueueClient;
import io.durascale.pipeline.local.hpa.HpaControllerFlags;
import io.durascale.pipeline.local.keda.ExternalTrigger;
import io.durascale.pipeline.local.keda.ScaledObjectSpec;
import io.durascale.pipeline.local.kube.FakePodLauncher;
import io.durascale.pipeline.local.kube.NodePoolSpec;
import io.durascale.pipeline.scaler.TimerRows;
import io.durascale.pipeline.scaler.grpc.ScalerServer;
import io.durascale.pipeline.taskhub.TaskHubNames;
import io.durascale.run.timeline.Timeline;
import io.durascale.run.timeline.TimelineEvent.KedaDecision;
import io.durascale.run.timeline.TimelineEvent.ScalerReading;
import io.durascale.storage.StorageResolution;
import io.durascale.testkit.Await;
import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local KEDA scaling an orchestration Deployment on the task-hub scaler, over real gRPC, as a cluster would:
 * a control-queue message activates it from zero, a durable timer due within the polling interval does too, and the
 * timeline records the scaler's answers ({@code scaler: external}). Pods are fakes; the hub is in Azurite.
 */
@ExtendWith(StorageExtension.class)
class LocalKedaExternalTriggerTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void theScalersAnswersScaleTheTierFromZeroAndBackAndAreOnTheTimeline(TestStorage storage) {
        TaskHubNames names = new TaskHubNames(storage.tableName("Hub"), 2);
        TimerRows timers = TimerRows.of(storage, names);
        QueueClient control = storage.queues().getQueueClient(names.controlQueue(0));
        control.createIfNotExists();
        storage.deleteAfterwards(control::deleteIfExists);
        Path file = dir.resolve("timeline.jsonl");
        FakePodLauncher launcher = new FakePodLauncher();
        launcher.exitOnTerminate = true;

        try (ScalerServer server = ScalerServer.start(storage.account(), "127.0.0.1", 0, Clock.systemUTC());
             Timeline timeline = Timeline.to(file)) {
            ExternalTrigger trigger = ExternalTrigger.of("127.0.0.1:" + server.port(), Map.of("hub", names.hub(),
                    "partitionCount", "2", "pollingInterval", "60",
                    "connectionFromEnv", StorageResolution.CONNECTION_STRING_ENV));
            ScaledObjectSpec spec = ScaledObjectSpec.demo().toBuilder().trigger(trigger).maxReplicaCount(2)
                    .pollingInterval(Duration.ofMillis(200)).cooldownPeriod(Duration.ofMillis(800)).build();
            try (LocalKeda keda = LocalKeda.builder(storage.account(), spec, NodePoolSpec.noDelays(), launcher, timeline)
                    .hpaController(HpaControllerFlags.demo().withSyncPeriod(Duration.ofMillis(300)))
                    .deploymentName("durascale-orchestration").build()) {
                keda.start();
                Await.until(DEADLINE, "a first check", () -> keda.queueLength() == 0);
                assertThat(keda.desiredReplicas()).isZero();

                control.sendMessage("start");
                Await.until(DEADLINE, "activated by the scaler", () -> keda.readyReplicas() == 1,
                        () -> "desired " + keda.desiredReplicas());
                control.clearMessages();
                Await.until(DEADLINE, "back to zero after the cooldown", () -> keda.desiredReplicas() == 0 && keda.pods().isEmpty());

                // A durable timer due in 30 s, inside the trigger's 60 s polling interval: the tier wakes for it now.
                Instant due = Instant.now().plusSeconds(30);
                timers.add(0, due, "sleeper", "timer-1");
                control.sendMessageWithResponse(BinaryData.fromString("timer"), Duration.ofSeconds(30), null, null, null);
                Await.until(DEADLINE, "woken for the timer", () -> keda.readyReplicas() == 1);
            }
        }
        assertThat(RunTimeline.read(file, ScalerReading.class)).allSatisfy(line -> {
            assertThat(line.scaler()).isEqualTo("external");
            assertThat(line.metric()).isEqualTo("s0-taskhub-" + names.hub().toLowerCase() + "-hosts");
            assertThat(line.error()).isNull();
        }).anySatisfy(line -> {
            assertThat(line.active()).isTrue();
            assertThat(line.value()).isEqualTo(1);
        });
        assertThat(RunTimeline.read(file, KedaDecision.class)).extracting(KedaDecision::action)
                .containsSubsequence("activate", "deactivate", "activate", "stopped");
    }
}
