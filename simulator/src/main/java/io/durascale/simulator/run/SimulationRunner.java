package io.durascale.simulator.run;

import io.durascale.run.Metrics;
import io.durascale.run.RunDirectory;
import io.durascale.run.timeline.Timeline;
import io.durascale.simulator.model.Recorder;
import io.durascale.simulator.model.Scenario;
import io.durascale.simulator.model.Simulation;
import io.durascale.simulator.profile.Profile;

/** Runs one simulation into one run directory and times it. */
public final class SimulationRunner {

    /** The run's figures and how the simulation went. */
    public record Result(RunDirectory run, Metrics metrics, Simulation.Outcome outcome, long wallMillis) {

        public double eventsPerSecond() {
            return wallMillis == 0 ? outcome.events() * 1000.0 : outcome.events() * 1000.0 / wallMillis;
        }
    }

    private SimulationRunner() {
    }

    public static Result run(Profile profile, Scenario scenario, RunDirectory run) {
        long began = System.nanoTime();
        Simulation.Outcome outcome;
        Recorder recorder;
        try (Timeline timeline = Timeline.in(run)) {
            recorder = new Recorder(timeline);
            outcome = new Simulation(profile, scenario, recorder).run();
        }
        long wall = (System.nanoTime() - began) / 1_000_000;
        Metrics metrics = SimulatedRun.write(run, profile, scenario, recorder, outcome, wall);
        return new Result(run, metrics, outcome, wall);
    }
}
