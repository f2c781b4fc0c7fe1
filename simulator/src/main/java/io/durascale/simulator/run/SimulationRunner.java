package io.durascale.simulator.run;

import io.durascale.run.Metrics;
import io.durascale.run.RunFile;
import io.durascale.run.RunInfo;
import io.durascale.run.RunInputException;
import io.durascale.run.RunReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /**
     * A run directory written by an earlier simulation is written again from scratch (its timeline is appended to
     * otherwise); one that holds a measured run is refused, so a simulation never mixes into a measurement.
     *
     * @throws RunInputException for a directory with a measured run in it
     */
    static void clearEarlierSimulation(RunDirectory run) {
        Path timeline = run.file(RunFile.TIMELINE);
        if (!Files.exists(timeline) && !Files.exists(run.file(RunFile.RUN))) {
            return;
        }
        String kind = RunReader.read(run.path()).run().map(RunInfo::kind).orElse(null);
        if (!SimulatedRun.KIND.equals(kind)) {
            throw new RunInputException("the run directory " + run.path() + " already holds a " + (kind == null ? "run"
                    : kind + " run") + ": give --out a new or empty folder (a simulation never writes into a measured run)");
        }
        try {
            Files.deleteIfExists(timeline);
            Files.deleteIfExists(run.file(RunFile.RUN));
            Files.deleteIfExists(run.file(RunFile.VALIDATION));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the earlier simulation in " + run.path() + ": " + e.getMessage(), e);
        }
    }

    public static Result run(Profile profile, Scenario scenario, RunDirectory run) {
        clearEarlierSimulation(run);
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
