package io.durascale.simulator.cli;

import io.durascale.core.cli.CliErrors;
import io.durascale.run.RunInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar simulator.jar}: the capacity simulator's commands. Exit status: 0 done, 1 a replay outside its
 * targets, 2 bad input (an unknown parameter, a bad value, a run directory that lacks what is asked of it).
 */
@Command(name = "simulator.jar", mixinStandardHelpOptions = true, versionProvider = SimulatorCli.Version.class,
        subcommands = {SimulateCommand.class, ParametersCommand.class, CommandLine.HelpCommand.class},
        description = "What-if at cloud scale: a discrete-event simulation of the reference pipeline, calibrated from "
                + "and validated against measured runs.")
public final class SimulatorCli {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line as the jar does and returns its exit status (tests call this directly). */
    public static int execute(String... args) {
        // The project's Deployment code logs at debug per pod; a simulation of thousands of pods must not.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        CommandLine cli = new CommandLine(new SimulatorCli());
        CliErrors errors = new CliErrors();
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof RunInputException) {
                command.getErr().println(command.getColorScheme().errorText("error: " + e.getMessage()));
                return CommandLine.ExitCode.USAGE;
            }
            return errors.handleExecutionException(e, command, parsed);
        });
        cli.setParameterExceptionHandler(CliErrors::badFlags);
        return cli.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SimulatorCli.class.getPackage().getImplementationVersion();
            return new String[] {"durascale simulator " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}
