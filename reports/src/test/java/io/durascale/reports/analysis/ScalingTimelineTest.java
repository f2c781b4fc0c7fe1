package io.durascale.reports.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.durascale.reports.SyntheticRun;
import io.durascale.run.RunReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScalingTimelineTest {

    @TempDir
    Path tmp;

    @Test
    void theWorkerFiguresAreTheWorkerTiersOwnWhenTheTimelineHasEveryTier() {
        Path run = tmp.resolve("tiers");
        SyntheticRun.in(run).timeline().everyTier();

        ScalingTimeline t = ScalingTimeline.of(RunReader.read(run).timeline());
        TierReplicas tiers = TierReplicas.of(RunReader.read(run).timeline());

        assertThat(t.podSeconds()).isCloseTo(4 * 54, within(1e-9));
        assertThat(t.peakPods()).isEqualTo(4);
        assertThat(t.zeroReplicas()).isEqualTo(SyntheticRun.T0 + 56_000);
        assertThat(tiers.tiers()).extracting(TierReplicas.Tier::deployment).containsExactly("durascale-worker", "durascale-api",
                "durascale-bridge", "durascale-scaler", "durascale-orchestration");
        assertThat(tiers.tiers()).extracting(TierReplicas.Tier::scaled).containsExactly(true, false, false, false, true);
        TierReplicas.Tier orchestration = tiers.tiers().get(4);
        assertThat(tiers.podSeconds(orchestration)).isCloseTo(64.5, within(1e-9));
        assertThat(tiers.podSecondsAtLeast(orchestration, 1)).isCloseTo(97, within(1e-9));
        assertThat(orchestration.peak()).isEqualTo(2);
    }

    @Test
    void derivesScaleUpAndScaleToZeroFromTheSimulatedRun() {
        Path run = tmp.resolve("run");
        SyntheticRun.in(run).timeline();

        ScalingTimeline t = ScalingTimeline.of(RunReader.read(run).timeline());

        long t0 = SyntheticRun.T0;
        // 200 blocks at 2 s; the first two pods are ready 3 s later; the queue is empty at 37 s; the 20 s cooldown
        // after the last active poll (36 s) ends with KEDA's deactivation at 56 s.
        assertThat(t.firstEnqueue()).isEqualTo(t0 + 2_000);
        assertThat(t.firstReady()).isEqualTo(t0 + 5_000);
        assertThat(t.drained()).isEqualTo(t0 + 37_000);
        assertThat(t.zeroReplicas()).isEqualTo(t0 + 56_000);
        assertThat(t.peakPods()).isEqualTo(4);
        assertThat(t.nodesAdded()).isEqualTo(1);
        // Four pods from 2 s to 56 s.
        assertThat(t.podSeconds()).isCloseTo(4 * 54, within(1e-9));
        assertThat(t.idlePodSeconds()).isCloseTo(4 * 19, within(1e-9));
        assertThat(t.podLives()).hasSize(4);
        assertThat(t.podLives().get(2).secondsInPhase().get("Pending")).isEqualTo(14.0); // waited for node-2
    }

    @Test
    void readsTheKeysRealWritersUseAndSkipsBrokenLines() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        long t = 1_700_000_000_000L;
        Files.write(run.resolve("timeline.jsonl"), List.of(
                "{\"t\":" + t + ",\"kind\":\"scaler\",\"queue\":\"compute-jobs\",\"value\":0,\"active\":false}",
                "{\"t\":" + (t + 1000) + ",\"kind\":\"scaler\",\"queue\":\"compute-jobs\",\"value\":40,\"active\":true}",
                "{\"t\":" + (t + 1000) + ",\"kind\":\"node\",\"node\":\"node-2\",\"state\":\"Provisioning\"}",
                "not json at all",
                "{\"t\":" + (t + 1500) + ",\"kind\":\"replicas\",\"desired\":2,\"current\":2,\"ready\":0}",
                "{\"t\":" + (t + 4000) + ",\"kind\":\"replicas\",\"desired\":2,\"current\":2,\"ready\":1}",
                "{\"t\":" + (t + 9000) + ",\"kind\":\"scaler\",\"queue\":\"compute-jobs\",\"value\":0,\"active\":false}",
                "{\"t\":" + (t + 20000) + ",\"kind\":\"replicas\",\"desired\":0,\"current\":0,\"ready\":0}",
                "{\"t\": 17, \"kind\""));

        RunReader dir = RunReader.read(run);
        ScalingTimeline tl = ScalingTimeline.of(dir.timeline());
        RunAnalysis analysis = new RunAnalysis(dir);

        assertThat(dir.timeline().skippedLines()).isEqualTo(2);
        assertThat(dir.problems()).anyMatch(p -> p.contains("skipped 2 unreadable line(s), first: line 4 is not a readable event"));
        assertThat(tl.scaledQueue()).isEqualTo("compute-jobs");
        assertThat(analysis.scaleUpMs()).isEqualTo(new Figure(3000, "derived from timeline.jsonl"));
        assertThat(analysis.scaleToZeroMs().value()).isEqualTo(11_000);
        assertThat(analysis.idlePodSeconds().value()).isEqualTo(2 * 11.0);
        assertThat(tl.markers()).extracting(Marker::label).containsExactly("node-2 provisioning");
    }
}
