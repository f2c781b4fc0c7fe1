package io.durascale.loadtests;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.util.List;

/**
 * An open model: batches arrive at {@code -Drate} per second for {@code -Dduration}, whatever the
 * system's state, as independent clients would send them. Shows whether the pipeline keeps up
 * (end-to-end time stays flat) and how KEDA settles at a replica count.
 */
public class SteadyBatchesSimulation extends LoadSimulation {

    {
        runInOrder(List.of(scenario("steady batches").exec(Batches.batch(run, settings.blocks()))
                .injectOpen(constantUsersPerSec(settings.rate()).during(settings.duration()))));
    }
}
