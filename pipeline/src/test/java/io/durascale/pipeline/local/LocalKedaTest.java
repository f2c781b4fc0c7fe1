package io.durascale.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durascale.pipeline.local.hpa.HpaControllerFlags;
import io.durascale.pipeline.local.keda.FakeQueueMetric;
import io.durascale.pipeline.local.keda.ScaledObjectSpec;
import io.durascale.pipeline.local.kube.FakePodLauncher;
import io.durascale.pipeline.local.kube.NodePoolSpec;
import io.durascale.pipeline.local.kube.PodStatus;
import io.durascale.run.RunJson;
import io.durascale.run.timeline.Timeline;
import io.durascale.run.timeline.TimelineEvent.KedaDecision;
import io.durascale.run.timeline.TimelineEvent.KedaSettings;
import io.durascale.storage.StorageAccount;
import io.durascale.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The facade's own loop on the real clock, with a fake queue and fake pods and intervals of a
 * fraction of a second (LocalKedaIT runs it with Azurite and real workers).
 */
class LocalKedaTest {

    /** Never contacted: the queue is the fake. */
    private static final StorageAccount NOWHERE = StorageAccount.of("DefaultEndpointsProtocol=http;AccountName=x;"
            + "AccountKey=eA==;QueueEndpoint=http://127.0.0.1:9/x;BlobEndpoint=http://127.0.0.1:9/x");

    @TempDir
    Path dir;

    @Test
    void itsLoopScalesUpOnMessagesAndBackToZeroAfterTheCooldownThenCloseStopsEverything() {
        FakeQueueMetric queue = new FakeQueueMetric();
        FakePodLauncher launcher = new FakePodLauncher();
        launcher.exitOnTerminate = true;
        ScaledObjectSpec spec = ScaledObjectSpec.demo().toBuilder().pollingInterval(Duration.ofMillis(100))
                .cooldownPeriod(Duration.ofMillis(500)).build();
        HpaControllerFlags hpa = HpaControllerFlags.demo().withSyncPeriod(Duration.ofMillis(200));
        Path file = dir.resolve("timeline.jsonl");
        try (Timeline timeline = Timeline.to(file)) {
            LocalKeda keda = LocalKeda.builder(NOWHERE, spec, NodePoolSpec.noDelays(), launcher, timeline)
                    .hpaController(hpa).queueMetric(queue).deploymentName("w").build();
            assertThat(keda.replicas()).as("before start").isZero();
            assertThat(keda.pods()).isEmpty();
            keda.start();
            assertThatThrownBy(keda::start).hasMessage("a LocalKeda starts once");

            queue.messages(12);
            Await.until(Duration.ofSeconds(10), "ceil(12/5) = 3 ready replicas", () -> keda.readyReplicas() == 3,
                    () -> "desired " + keda.desiredReplicas());
            assertThat(keda.isActive()).isTrue();
            assertThat(keda.pods()).extracting(PodStatus::name).containsExactly("w-1", "w-2", "w-3");
            assertThat(keda.nodes()).singleElement().satisfies(node -> assertThat(node.pods()).hasSize(3));

            queue.messages(0);
            Await.until(Duration.ofSeconds(10), "back to zero", () -> keda.desiredReplicas() == 0 && keda.pods().isEmpty());
            assertThat(keda.lastActiveTime()).isPresent();

            queue.messages(3);
            Await.until(Duration.ofSeconds(10), "active again", () -> keda.readyReplicas() == 1);
            keda.close();
            keda.close();
            assertThat(keda.pods()).isEmpty();
            assertThat(launcher.closed).isTrue();
            assertThat(launcher.pods.values()).allSatisfy(pod -> assertThat(pod.terminated).isTrue());
        }
        assertThat(RunTimeline.read(file, KedaDecision.class)).extracting(KedaDecision::action)
                .containsSubsequence("activate", "deactivate", "activate", "stopped");
        assertThat(RunTimeline.read(file, KedaSettings.class)).singleElement().satisfies(line -> {
            assertThat(line.deployment()).isEqualTo("w");
            // Each section is its record's JSON (ScaledObjectSpecTest and the others check those).
            assertThat(line.scaledObject()).isEqualTo(RunJson.MAPPER.valueToTree(spec));
            assertThat(line.hpaController()).isEqualTo(RunJson.MAPPER.valueToTree(hpa));
            assertThat(line.nodePool()).isEqualTo(RunJson.MAPPER.valueToTree(NodePoolSpec.noDelays()));
        });
    }
}
