package io.durascale.pipeline;

import io.durascale.pipeline.taskhub.TaskHubCommand;
import io.durascale.core.cli.CliErrors;
import io.durascale.core.cli.VersionProvider;
import io.durascale.core.cli.LibraryLogs;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar pipeline.jar <command>}: the reference pipeline's pieces, and the whole stack on one machine. */
@Command(name = "pipeline.jar", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "durascale reference pipeline: task hub, orchestration, completion events, HTTP API, task-hub scaler.",
        subcommands = {io.durascale.pipeline.local.UpCommand.class, TaskHubCommand.class,
                io.durascale.pipeline.http.ApiCommand.class, io.durascale.pipeline.events.BridgeCommand.class,
                io.durascale.pipeline.scaler.ScalerCommand.class, io.durascale.pipeline.taskhub.bench.TaskHubBenchCommand.class,
                io.durascale.pipeline.local.StorageCommand.class})
public final class PipelineCli {

    @picocli.CommandLine.Mixin
    CliErrors.Verbose verbose;

    public static void main(String[] args) {
        // durabletask-client 1.5.0 ships protobuf classes generated before protobuf 3.21.7; protobuf-java
        // warns about each at first use. They are what the protocol is, so say it once here instead.
        System.setProperty("com.google.protobuf.use_unsafe_pre22_gencode", "true");
        LibraryLogs.quiet();
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: bad flags and out-of-range values give one line and exit code 2. */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new PipelineCli()));
    }

    /** Sets this CLI's error handling on a command line (a subcommand's own, in tests). */
    public static CommandLine configure(CommandLine commandLine) {
        return commandLine.setParameterExceptionHandler(CliErrors::badFlags)
                .setExecutionExceptionHandler(new CliErrors());
    }

}
