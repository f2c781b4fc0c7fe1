package io.durascale.loadtests;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.util.List;

/**
 * The default: {@code -Dbatches} batches of {@code -Dblocks} blocks started at once; each virtual
 * user polls its status URI until the orchestration is terminal. Shows scale-up from zero, the
 * end-to-end time per orchestration, and throughput at the stack's partition count.
 */
public class BatchBurstSimulation extends LoadSimulation {

    {
        runInOrder(List.of(scenario("batch burst").exec(Batches.batch(run, settings.blocks()))
                .injectOpen(atOnceUsers(settings.batches()))));
    }
}
