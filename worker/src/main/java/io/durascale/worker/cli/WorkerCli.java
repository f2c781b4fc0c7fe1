package io.durascale.worker.cli;

import io.durascale.core.cli.CliErrors;
import io.durascale.core.cli.DurationConverter;
import io.durascale.core.cli.LibraryLogs;
import io.durascale.core.cli.VersionProvider;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar worker.jar <command>}: the worker container's entry point. */
@Command(name = "worker.jar", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "durascale worker: computes blocks from an Azure Storage queue.",
        subcommands = {RunCommand.class, BenchQueueCommand.class, KernelsCommand.class})
public final class WorkerCli {

    public static void main(String[] args) {
        LibraryLogs.quiet();
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code; bad flags give one line and exit code 2. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line, e.g. to check that a Helm chart's arguments parse ({@code parseArgs}). */
    public static CommandLine commandLine() {
        return new CommandLine(new WorkerCli())
                .registerConverter(Duration.class, new DurationConverter())
                .setParameterExceptionHandler(CliErrors::badFlags)
                .setExecutionExceptionHandler(new CliErrors());
    }
}
