package io.durascale.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.run.Metrics;
import io.durascale.run.RunDirectory;
import io.durascale.run.RunReader;
import io.durascale.run.timeline.TimelineEvent.Replicas;
import io.durascale.simulator.profile.Profile;
import io.durascale.simulator.profile.ProfileFile;
import io.durascale.simulator.run.SimulationRunner;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's scaling facts, as the cloud profile makes them come out: KEDA's azure-queue e2e expectations
 * (kedacore/keda tests/scalers/azure/azure_queue) on the project's own KEDA and HPA code, and the orchestration tier's
 * ceiling at one host per partition while activity capacity grows with every host.
 */
class ScalingFactsTest {

    @TempDir
    Path dir;

    private static Profile azure(String... sets) {
        Profile p = ProfileFile.bundled(ProfileFile.AZURE);
        for (String s : sets) {
            String[] kv = s.split("=", 2);
            p = p.with(kv[0], kv[1], "test");
        }
        return p.check();
    }

    private RunReader run(String name, Profile profile) {
        RunDirectory run = RunDirectory.create(dir.resolve(name), "simulated");
        SimulationRunner.run(profile, Scenario.fromProfile(profile, 1_800_000_000_000L), run);
        return RunReader.read(run.path());
    }

    private static List<Replicas> replicas(RunReader run) {
        return run.timeline().of(Replicas.class);
    }

    @Test
    void withActivationFiveThreeMessagesStayAtZeroReplicasForAMinute() {
        // Three jobs nobody consumes: the trigger is active only above five.
        RunReader run = run("three", azure("batches=1", "blocks=3", "activationQueueLength=5", "pollingInterval=5s",
                "cooldownPeriod=10s", "horizon=70s"));
        long start = run.timeline().start();
        assertThat(run.timeline().of(io.durascale.run.timeline.TimelineEvent.QueueDepth.class))
                .filteredOn(q -> q.queue().equals("compute-jobs") && q.t() >= start + 10_000).isNotEmpty()
                .allSatisfy(q -> assertThat(q.depth()).isEqualTo(3));
        assertThat(replicas(run)).filteredOn(r -> r.t() <= start + 60_000).allSatisfy(r -> assertThat(r.current()).isZero());
    }

    @Test
    void eightMessagesBringOneReplicaWithinAMinuteAndTheWorkersAreBackAtZeroWithinAMinuteOfTheQueueClearing() {
        RunReader run = run("eight", azure("batches=1", "blocks=8", "activationQueueLength=5", "pollingInterval=5s",
                "cooldownPeriod=10s"));
        Metrics m = run.metrics().orElseThrow();
        long firstEnqueue = m.scaleUp().firstEnqueue();
        assertThat(replicas(run)).filteredOn(r -> r.current() >= 1).first()
                .satisfies(r -> assertThat(r.t() - firstEnqueue).isLessThanOrEqualTo(60_000));
        assertThat(m.scaleToZero().reachedZero()).isTrue();
        assertThat(m.scaleToZero().queueEmptyToZeroReplicasMs()).isLessThanOrEqualTo(60_000L)
                .as("cooldown 10 s after the last active poll").isGreaterThanOrEqualTo(10_000L);
    }

    /**
     * Orchestrations per second with 4 partitions and 1, 2, 4, 8 hosts: each partition has one owner, so beyond 4 hosts
     * the episodes have nowhere more to run. 4 orchestrator slots per host (a small host) keep the hosts, not the
     * storage account, the limit (and a client that polls each orchestration's status every 10 s, not 6,000 twice a
     * second: those reads alone would load the account); workers are warm and plenty.
     */
    @Test
    void withFourPartitionsOrchestrationThroughputStopsRisingBeyondFourHosts() {
        double[] rate = new double[4];
        int[] hosts = {1, 2, 4, 8};
        for (int i = 0; i < hosts.length; i++) {
            RunReader run = run("orchestrations-" + hosts[i], azure("batches=6000", "blocks=1", "partitions=4",
                    "orchestrationHosts=" + hosts[i], "orchestratorSlots=4", "activitySlots=50", "bridgeSlots=200", "clientPollInterval=10s", "minReplicas=300",
                    "maxReplicas=300", "podsPerNode=100", "initialNodes=3", "maxNodes=3", "idleUntilZero=false"));
            rate[i] = run.metrics().orElseThrow().throughputPerPartition().get(0).orchestrationsPerSecond();
        }
        assertThat(rate[1]).as("2 hosts over 1").isGreaterThan(rate[0] * 1.6);
        assertThat(rate[2]).as("4 hosts over 2").isGreaterThan(rate[1] * 1.6);
        assertThat(rate[3]).as("8 hosts over 4: no more").isBetween(rate[2] * 0.95, rate[2] * 1.05);
    }

    /** One orchestration's fan-out of 2,000 ComputeActivity calls, 4 activity slots per host: every host adds capacity. */
    @Test
    void activityThroughputKeepsRisingWithHostsBeyondThePartitionCount() {
        double[] rate = new double[3];
        int[] hosts = {2, 4, 8};
        for (int i = 0; i < hosts.length; i++) {
            Profile p = azure("batches=1", "blocks=2000", "partitions=4", "orchestrationHosts=" + hosts[i],
                    "activitySlots=4", "minReplicas=50", "maxReplicas=50", "podsPerNode=50", "initialNodes=1", "maxNodes=1",
                    "idleUntilZero=false");
            RunDirectory run = RunDirectory.create(dir.resolve("activities-" + hosts[i]), "simulated");
            Recorder recorder;
            try (var timeline = io.durascale.run.timeline.Timeline.in(run)) {
                recorder = new Recorder(timeline);
                new Simulation(p, Scenario.fromProfile(p, 1_800_000_000_000L), recorder).run();
            }
            var blocks = recorder.firstStepBlocks();
            long first = blocks.stream().mapToLong(b -> b.enqueuedAt()).min().orElseThrow();
            long last = blocks.stream().mapToLong(b -> b.enqueuedAt()).max().orElseThrow();
            rate[i] = blocks.size() * 1000.0 / (last - first);
        }
        assertThat(rate[1]).as("4 hosts over 2").isGreaterThan(rate[0] * 1.7);
        assertThat(rate[2]).as("8 hosts over 4: still rising").isGreaterThan(rate[1] * 1.7);
    }
}
