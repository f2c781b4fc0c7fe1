package io.durascale.loadtests;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.util.List;

/**
 * A burst, then idle until the workers reach zero replicas (or {@code -DidleTimeout}): how long
 * after the queue empties the pods stay up (KEDA's cooldownPeriod, the HPA's scale-down
 * stabilisation) and what those idle pod-seconds cost.
 */
public class ScaleToZeroSimulation extends LoadSimulation {

    {
        runInOrder(List.of(
                scenario("batch burst").exec(Batches.batch(run, settings.blocks()))
                        .injectOpen(atOnceUsers(settings.batches())),
                Batches.idleUntilZero(run).injectOpen(atOnceUsers(1))));
    }
}
