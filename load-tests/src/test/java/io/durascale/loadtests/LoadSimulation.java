package io.durascale.loadtests;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;

import io.durascale.run.Metrics;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.ArrayList;
import java.util.List;

/**
 * What every durascale simulation does around its scenarios: reads the settings and gates, creates
 * its {@link LoadRun} and hands it to the chains, starts it (the embedded stack, or the connection to
 * a cluster, and the probes) in {@code before()}, and in {@code after()} writes metrics.json, prints
 * the figures and stops the target. Gatling's report is copied into the run directory when the JVM exits.
 */
abstract class LoadSimulation extends Simulation {

    protected final LoadSettings settings = LoadSettings.fromSystem();
    protected final LoadGates gates = LoadGates.load(settings.gates());
    /** This simulation's run: the chains report to it; started in {@link #before()}. */
    protected final LoadRun run = new LoadRun(settings, getClass().getSimpleName(), line -> System.out.println("  " + line));

    /**
     * Runs the stages one after the other (each starts when the previous one's users are done), then
     * the gates check, with the shared protocol and assertions.
     */
    protected void runInOrder(List<PopulationBuilder> stages) {
        List<PopulationBuilder> all = new ArrayList<>(stages);
        all.add(Batches.gates(run, gates).injectOpen(atOnceUsers(1)));
        PopulationBuilder chain = all.get(all.size() - 1);
        for (int i = all.size() - 2; i >= 0; i--) {
            chain = all.get(i).andThen(chain);
        }
        setUp(chain).protocols(Batches.protocol()).assertions(Batches.assertions(gates));
    }

    @Override
    public void before() {
        System.out.println("durascale: " + getClass().getSimpleName() + " on "
                + (settings.embedded() ? "the embedded stack" : settings.target().orElseThrow()));
        run.start();
        run.marker("load-start");
    }

    @Override
    public void after() {
        run.marker("load-end");
        try {
            Metrics metrics = run.finish();
            MetricsSummary.print(metrics, System.out);
        } finally {
            run.close();
        }
        System.out.println("durascale: run directory " + run.runDirectory().path()
                + " (Gatling's report is copied there when Gatling has written it)");
    }
}
