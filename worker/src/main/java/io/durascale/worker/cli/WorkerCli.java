package io.durascale.worker.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar worker.jar <command>}: the worker container's entry point. */
@Command(name = "worker.jar", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "durascale worker: computes blocks from an Azure Storage queue.",
        subcommands = {StorageCommand.class})
public final class WorkerCli {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code; bad flags give one line and exit code 2. */
    public static int execute(String... args) {
        return new CommandLine(new WorkerCli())
                .setExecutionExceptionHandler(new CliErrors())
                .execute(args);
    }
}
