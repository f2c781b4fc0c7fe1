package io.durascale.pipeline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.durascale.pipeline.local.LocalKeda;
import io.durascale.pipeline.local.LocalStack;
import io.durascale.pipeline.local.RunTimeline;
import io.durascale.pipeline.local.hpa.HpaControllerFlags;
import io.durascale.pipeline.local.keda.ScaledObjectSpec;
import io.durascale.pipeline.local.kube.NodePoolSpec;
import io.durascale.run.timeline.TimelineEvent.KedaDecision;
import io.durascale.run.timeline.TimelineEvent.Replicas;
import io.durascale.run.timeline.TimelineEvent.ScalerReading;
import io.durascale.testkit.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code up}'s topology, with real processes: the API and the bridge always on and on storage, the task-hub scaler,
 * the orchestration tier as {@code pipeline.jar taskhub --orchestrations N} processes scaled from zero by the local
 * KEDA on the scaler's {@code external} trigger, and the worker tier on its queue. Both scaled tiers sit at zero; a
 * batch posted then completes with every block verified; the timeline shows the scaler activating the orchestration
 * tier, and every tier's replicas (the always-on ones too) so that a report can count their pod-seconds.
 */
class ScaledTopologyIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int BLOCKS = 6;

    @Test
    void aBatchPostedWhileBothScaledTiersAreAtZeroCompletesVerifiedAndTheScalerWokeTheOrchestrationTier() throws Exception {
        Path workerJar = Path.of(System.getProperty("durascale.worker.jar", "../worker/target/worker.jar"));
        ScaledObjectSpec scaling = ScaledObjectSpec.demo().toBuilder().pollingInterval(Duration.ofSeconds(1))
                .cooldownPeriod(Duration.ofSeconds(5)).maxReplicaCount(2).build();
        HpaControllerFlags hpa = HpaControllerFlags.demo().withSyncPeriod(Duration.ofSeconds(2))
                .withDownscaleStabilization(Duration.ofSeconds(4));
        LocalStack.Options options = LocalStack.Options.defaults().withPorts(0, 0)
                .withTaskHub("Tier" + System.nanoTime() % 1_000_000, 2)
                .withScaling(scaling, NodePoolSpec.noDelays()).withHpaController(hpa)
                .withRunDirectory(Path.of("target", "scaled-topology-" + System.nanoTime()))
                .withWorkers(workerJar, 1, true)
                .withOrchestrationTier(LocalStack.Tier.scaled(
                        Path.of(System.getProperty("durascale.pipeline.jar", "target/pipeline.jar"))));
        List<String> progress = new ArrayList<>();
        Path timeline;
        try (LocalStack stack = LocalStack.start(options, progress::add)) {
            timeline = stack.runDirectory().file("timeline.jsonl");
            LocalKeda hosts = stack.orchestrationKeda().orElseThrow();
            assertThat(stack.taskHubPort()).as("no task hub in this process").isEmpty();
            Await.until(Duration.ofSeconds(60), "both scaled tiers checked and at zero", () -> hosts.queueLength() == 0
                    && hosts.replicas() == 0 && stack.keda().queueLength() == 0 && stack.keda().replicas() == 0,
                    () -> "hosts " + hosts.replicas() + " (hub reading " + hosts.queueLength() + "), workers "
                            + stack.keda().replicas());

            HttpResponse<String> started = HTTP.send(HttpRequest.newBuilder(URI.create(stack.apiBaseUrl()
                    + "/api/orchestrators/BatchCompute?inputCount=" + BLOCKS)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(started.statusCode()).as("the API answers with no task hub running").isEqualTo(202);
            String statusUri = JSON.readTree(started.body()).get("statusQueryGetUri").asText();

            JsonNode status = Await.value(Duration.ofMinutes(4), "the batch finishes", () -> {
                JsonNode s = status(statusUri);
                String runtime = s.get("runtimeStatus").asText();
                return "Running".equals(runtime) || "Pending".equals(runtime) ? null : s;
            });
            assertThat(status.get("runtimeStatus").asText()).isEqualTo("Completed");
            assertThat(status.get("output").get("completed").asInt()).isEqualTo(BLOCKS);
            assertThat(status.get("output").get("verified").asInt()).isEqualTo(BLOCKS);

            Await.until(Duration.ofSeconds(90), "both scaled tiers back at zero after the cooldown",
                    () -> hosts.replicas() == 0 && hosts.pods().isEmpty() && stack.keda().replicas() == 0
                            && stack.keda().pods().isEmpty(),
                    () -> "hosts " + hosts.pods() + ", workers " + stack.keda().pods());
        }
        assertThat(progress).anyMatch(l -> l.startsWith("scaler: ")).anyMatch(l -> l.contains("orchestration hosts"));

        List<ScalerReading> readings = RunTimeline.read(timeline, ScalerReading.class).stream()
                .filter(r -> "durascale-orchestration".equals(r.deployment())).toList();
        assertThat(readings).as("the scaler's answers").isNotEmpty().allSatisfy(r -> assertThat(r.scaler()).isEqualTo("external"))
                .anySatisfy(r -> assertThat(r.active()).isTrue());
        assertThat(RunTimeline.read(timeline, KedaDecision.class)).filteredOn(d -> "durascale-orchestration".equals(d.deployment()))
                .extracting(KedaDecision::action).containsSubsequence("activate", "deactivate");
        List<Replicas> replicas = RunTimeline.read(timeline, Replicas.class);
        assertThat(replicas).filteredOn(r -> "durascale-orchestration".equals(r.deployment()))
                .as("the orchestration tier went from zero to a ready host and back")
                .anySatisfy(r -> assertThat(r.ready()).isPositive())
                .last().satisfies(r -> assertThat(r.current()).isZero());
        assertThat(replicas).filteredOn(r -> "durascale-worker".equals(r.deployment()))
                .anySatisfy(r -> assertThat(r.ready()).isPositive());
        for (String alwaysOn : List.of("durascale-api", "durascale-bridge", "durascale-scaler")) {
            assertThat(replicas).filteredOn(r -> alwaysOn.equals(r.deployment())).as(alwaysOn + " at start and stop")
                    .extracting(Replicas::current).containsExactly(1, 0);
        }
    }

    private static JsonNode status(String uri) {
        try {
            return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(uri)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
