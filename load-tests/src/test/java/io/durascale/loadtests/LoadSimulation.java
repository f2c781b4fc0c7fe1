package io.durascale.loadtests;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every durascale simulation does around its scenarios: reads the settings and gates, starts
 * the {@link LoadRun} (the embedded stack, or the connection to a cluster, and the probes) in
 * {@code before()}, and in {@code after()} writes metrics.json, prints the figures and stops the
 * target. Gatling's report is copied into the run directory when the JVM exits.
 */
abstract class LoadSimulation extends Simulation {

    protected final LoadSettings settings = LoadSettings.fromSystem();
    protected final LoadGates gates = LoadGates.load(settings.gates());

    /**
     * Runs the stages one after the other (each starts when the previous one's users are done), then
     * the gates check, with the shared protocol and assertions.
     */
    protected void run(List<PopulationBuilder> stages) {
        List<PopulationBuilder> all = new ArrayList<>(stages);
        all.add(Batches.gates(gates).injectOpen(atOnceUsers(1)));
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
        LoadRun.start(settings, getClass().getSimpleName(), line -> System.out.println("  " + line));
        LoadRun.current().marker("load-start");
    }

    @Override
    public void after() {
        LoadRun run = LoadRun.current();
        run.marker("load-end");
        try {
            Map<String, Object> metrics = run.finish();
            MetricsSummary.print(metrics, System.out);
        } finally {
            run.close();
        }
        System.out.println("durascale: run directory " + run.runDirectory().path()
                + " (Gatling's report is copied there when Gatling has written it)");
    }
}
