package io.durascale.loadtests;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.PopulationBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The same workload ({@code -DsweepBatches} batches of {@code -DsweepBlocks} blocks at once) at each
 * partition count of {@code -Dsweep} (default 1,2,4,8). Embedded, every step restarts the stack with
 * a fresh task hub of that many control queues and {@code -DsweepWorkers} warm workers, and the
 * storage's own rates are measured once so each step shows its storage bound; against a cluster
 * the hub is what is deployed, so there is one step at its partition count. Gives
 * orchestrations/s and events/s per partition and the imbalance.
 */
public class PartitionSweepSimulation extends LoadSimulation {

    {
        runInOrder(sweep(run));
    }

    /** switch(p1), load(p1), switch(p2), load(p2), ... */
    static List<PopulationBuilder> sweep(LoadRun run) {
        LoadSettings settings = run.settings();
        List<Integer> counts = settings.embedded() ? settings.sweep() : List.of(settings.partitions());
        List<PopulationBuilder> stages = new ArrayList<>();
        for (int partitions : counts) {
            stages.add(Batches.switchTo(run, partitions).injectOpen(atOnceUsers(1)));
            stages.add(scenario("load at " + partitions + " partition(s)")
                    .exec(Batches.batch(run, settings.sweepBlocks()))
                    .injectOpen(atOnceUsers(settings.sweepBatches())));
        }
        return stages;
    }
}
