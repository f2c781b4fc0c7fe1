package io.durascale.simulator.cli;

import io.durascale.run.RunDirectory;
import io.durascale.run.RunFile;
import io.durascale.run.RunJson;
import io.durascale.run.RunReader;
import io.durascale.run.Validation;
import io.durascale.run.WhatIfAnswer;
import io.durascale.simulator.model.Scenario;
import io.durascale.simulator.profile.Calibration;
import io.durascale.simulator.profile.Profile;
import io.durascale.simulator.profile.ProfileFile;
import io.durascale.simulator.run.CalibrationFit;
import io.durascale.simulator.run.Replay;
import io.durascale.simulator.run.ReplayValidation;
import io.durascale.simulator.run.SimulationRunner;
import io.durascale.simulator.run.WhatIf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code simulate}: one simulated run (or a sweep of them) into run directories the report reads. The profile is the
 * bundled one, calibrated from a measured run with {@code --calibrate} or {@code --replay}, then a user's file, then
 * {@code --set}; {@code --replay} also plays the measured run's own workload and writes validation.json.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Simulate the reference pipeline on a virtual clock and write a run directory the report reads.",
                "Every figure it prints and writes is simulated; run.json has \"kind\": \"simulated\" and the profile."})
final class SimulateCommand implements Callable<Integer> {

    static final class From {
        @Option(names = "--calibrate", paramLabel = "RUN_DIR", required = true,
                description = "Calibrate the profile from a measured run directory, say what could not be, write "
                        + "calibrated-profile.json, and simulate the profile's workload.")
        Path calibrate;

        @Option(names = "--what-if", paramLabel = "RUN_DIR", required = true,
                description = "The study's cloud question: the run's sizing target (1,000,000 blocks/hour by default) "
                        + "on its recommended SKU, an hour of it simulated on the cloud profile at 4, 8 and 16 partitions: "
                        + "pods, nodes, partitions that still help, scale-up and drain times, monthly cost.")
        Path whatIf;

        @Option(names = "--replay", paramLabel = "RUN_DIR", required = true,
                description = "Calibrate from a measured run, simulate the same workload, and write validation.json: "
                        + "predicted vs measured with each relative error. Exit 1 when a figure misses its target.")
        Path replay;
    }

    /** The scale benchmark's workload and cluster. */
    static final List<String> BENCHMARK = List.of("batches=1000", "blocks=1000", "maxReplicas=4000", "maxNodes=500",
            "podsPerNode=8", "orchestrationHosts=8", "partitions=16", "cooldownPeriod=60s");

    @ArgGroup(exclusive = true)
    From from;

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = ProfileFile.AZURE,
            description = "The bundled profile to start from (default ${DEFAULT-VALUE}).")
    String profileName;

    @Option(names = "--profile-file", paramLabel = "FILE", description = "A JSON profile whose values override it.")
    Path profileFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one parameter (repeatable); "
            + "'simulator.jar parameters' lists them.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--sweep", paramLabel = "KEY=V1,V2,...", description = "Run every combination of these values "
            + "(repeatable), one run directory per point.")
    List<String> sweeps = new ArrayList<>();

    @Option(names = "--benchmark", description = "The scale benchmark: 1,000,000 blocks (1,000 batches of 1,000) on up "
            + "to 500 nodes and 4,000 pods, 8 task hub hosts, 16 partitions (before --set); prints the wall time, the "
            + "events per second and the peak heap. Run it with -Xmx1g.")
    boolean benchmark;

    @Option(names = "--out", paramLabel = "DIR",
            description = "The run directory (default target/durascale/runs/<timestamp>-simulated); a sweep's points "
                    + "go in subfolders.")
    Path out;

    @Override
    public Integer call() {
        if (from != null && from.whatIf != null) {
            return whatIf();
        }
        Profile profile = ProfileFile.bundled(profileName);
        Calibration.Result calibration = null;
        RunReader measured = null;
        Path measuredDir = from == null ? null : from.replay != null ? from.replay : from.calibrate;
        if (measuredDir != null) {
            measured = RunReader.read(measuredDir);
            // The user's file is the base too, so what the run cannot give (a machine cost from another run of the
            // same machine) comes from it and the fit sees it; applied again below, it still wins.
            Profile base = profileFile == null ? profile : ProfileFile.read(profileFile, profile);
            calibration = Calibration.from(measured, base);
            profile = calibration.profile();
            System.out.println("calibrating from " + measured.path() + " (fitting the machine's costs to its first step)...");
            CalibrationFit.Fitted fit = CalibrationFit.fit(profile, measured, Replay.scenario(measured, calibration.workload()));
            profile = fit.profile();
            calibration = calibration.with(fit.profile(), fit.fitted(), fit.notFitted());
        }
        if (profileFile != null) {
            profile = ProfileFile.read(profileFile, profile);
        }
        if (benchmark) {
            profile = ProfileOptions.apply(profile, BENCHMARK, "--benchmark");
        }
        profile = ProfileOptions.apply(profile, sets, "--set").check();
        if (!sweeps.isEmpty()) {
            return new Sweep(profile, sweeps, out).run(scenarioFor(measured, calibration));
        }
        RunDirectory run = RunDirectory.create(out, "simulated");
        if (calibration != null) {
            Console.calibration(calibration, System.out);
            writeProfile(run.file("calibrated-profile.json"), profile);
        }
        Scenario scenario = scenarioFor(measured, calibration).apply(profile);
        System.out.println("simulating (virtual clock): " + scenario.simulation() + "; profile " + profile.name());
        SimulationRunner.Result result = SimulationRunner.run(profile, scenario, run);
        Console.print(result, System.out);
        if (benchmark) {
            Console.benchmark(result, System.out);
        }
        if (from != null && from.replay != null) {
            Validation validation = ReplayValidation.compare(measured, RunReader.read(run.path()), profile.name());
            run.write(validation);
            Console.validation(validation, System.out);
            System.out.println("  validation: " + run.file("validation.json"));
            return validation.outsideTargets() == 0 ? 0 : 1;
        }
        return 0;
    }

    private int whatIf() {
        RunReader measured = RunReader.read(from.whatIf);
        Calibration.Result transfers = Calibration.from(measured, ProfileFile.bundled(profileName));
        List<String> notes = new ArrayList<>();
        Profile cloud = ProfileFile.bundled(profileName);
        if (profileFile != null) {
            cloud = ProfileFile.read(profileFile, cloud);
        }
        Profile question = WhatIf.profile(ProfileOptions.apply(cloud, sets, "--set"), measured, transfers, notes);
        question = ProfileOptions.apply(question, sets, "--set").named(profileName + " cloud profile, with "
                + measured.label() + "'s sizing and counted operations").check();
        RunDirectory root = RunDirectory.create(out != null ? out : measured.path().resolve("what-if"), "what-if");
        notes.forEach(n -> System.out.println("  note: " + n));
        int before = notes.size();
        WhatIfAnswer answer = WhatIf.run(question, root, RunDirectory.create(measured.path(), "study"), notes,
                line -> System.out.println("  " + line));
        Console.whatIf(answer, System.out);
        notes.subList(before, notes.size()).forEach(n -> System.out.println("  note: " + n));
        System.out.println("  run directories (simulated): " + root.path());
        System.out.println("  the answer: " + measured.path().resolve(RunFile.WHAT_IF.fileName())
                + " (the capacity report's what-if section)");
        return 0;
    }

    /** The replayed run's workload, or the profile's (a burst or a steady rate). */
    private java.util.function.Function<Profile, Scenario> scenarioFor(RunReader measured, Calibration.Result calibration) {
        if (from != null && from.replay != null) {
            Scenario replay = Replay.scenario(measured, calibration.workload());
            return p -> replay;
        }
        return p -> Scenario.fromProfile(p, System.currentTimeMillis() / 1000 * 1000);
    }

    private static void writeProfile(Path file, Profile profile) {
        try {
            RunJson.PRETTY.writeValue(file.toFile(), ProfileFile.of(profile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
