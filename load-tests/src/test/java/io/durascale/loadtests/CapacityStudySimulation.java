package io.durascale.loadtests;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.PopulationBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code ./durascale study} runs: a burst from zero workers (scale-up), idle until zero
 * replicas (scale to zero and its cost), then the partition sweep — every load-test figure of the
 * capacity report from one simulation, into one run directory.
 */
public class CapacityStudySimulation extends LoadSimulation {

    {
        List<PopulationBuilder> stages = new ArrayList<>();
        stages.add(scenario("batch burst").exec(Batches.batch(run, settings.blocks()))
                .injectOpen(atOnceUsers(settings.batches())));
        stages.add(Batches.idleUntilZero(run).injectOpen(atOnceUsers(1)));
        stages.addAll(PartitionSweepSimulation.sweep(run));
        runInOrder(stages);
    }
}
