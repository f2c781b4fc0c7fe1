package io.durascale.simulator.cli;

import io.durascale.run.Metrics;
import io.durascale.run.RunDirectory;
import io.durascale.simulator.model.Scenario;
import io.durascale.simulator.profile.Profile;
import io.durascale.simulator.profile.ProfileFile;
import io.durascale.simulator.run.SimulationRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code simulate}: one simulated run of a profile's workload, into a run directory. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulate the reference pipeline on a virtual clock and write a run directory the report reads.")
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = ProfileFile.AZURE,
            description = "The bundled profile to start from (default ${DEFAULT-VALUE}).")
    String profileName;

    @Option(names = "--profile-file", paramLabel = "FILE", description = "A JSON profile whose values override it.")
    Path profileFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one parameter (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "The run directory (default target/durascale/runs/<timestamp>-simulated).")
    Path out;

    @Override
    public Integer call() {
        Profile profile = ProfileFile.bundled(profileName);
        if (profileFile != null) {
            profile = ProfileFile.read(profileFile, profile);
        }
        profile = ProfileOptions.apply(profile, sets, "--set").check();
        RunDirectory run = RunDirectory.create(out, "simulated");
        Scenario scenario = Scenario.fromProfile(profile, System.currentTimeMillis() / 1000 * 1000);
        System.out.println("simulating (virtual clock): " + scenario.simulation() + ", profile " + profile.name());
        SimulationRunner.Result result = SimulationRunner.run(profile, scenario, run);
        Console.print(result, System.out);
        return 0;
    }
}
