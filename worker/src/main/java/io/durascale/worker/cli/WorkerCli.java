package io.durascale.worker.cli;

import io.durascale.core.cli.CliErrors;
import io.durascale.core.cli.DurationConverter;
import io.durascale.core.cli.LibraryLogs;
import io.durascale.core.cli.VersionProvider;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar worker.jar <command>}: the worker container's entry point. */
@Command(name = "worker.jar", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "durascale worker: computes blocks from an Azure Storage queue.")
public final class WorkerCli {

    @picocli.CommandLine.Mixin
    CliErrors.Verbose verbose;

    /**
     * The subcommands, made only when needed: picocli builds the whole model of every subcommand it is given, and a
     * pod's {@code run} is on the path of every scale-from-zero.
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("run", RunCommand::new);
        SUBCOMMANDS.put("bench-queue", BenchQueueCommand::new);
        SUBCOMMANDS.put("kernels", KernelsCommand::new);
        SUBCOMMANDS.put("startup", StartupCommand::new);
        SUBCOMMANDS.put("startup-cache", StartupCacheCommand::new);
        SUBCOMMANDS.put("train", TrainCommand::new);
    }

    public static void main(String[] args) {
        LibraryLogs.quiet();
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code; bad flags give one line and exit code 2. */
    public static int execute(String... args) {
        return commandLine(args).execute(args);
    }

    /** The configured command line with every subcommand, e.g. to check that a Helm chart's arguments parse. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /** The command line for these arguments: only the subcommand they name, or all when they name none. */
    static CommandLine commandLine(String[] args) {
        CommandLine cli = new CommandLine(new WorkerCli());
        Supplier<Object> named = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
        if (named != null) {
            cli.addSubcommand(args[0], named.get());
        } else {
            SUBCOMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
        }
        // After the subcommands: picocli gives a converter to the subcommands present when it is registered.
        return cli.registerConverter(Duration.class, new DurationConverter())
                .setParameterExceptionHandler(CliErrors::badFlags)
                .setExecutionExceptionHandler(new CliErrors());
    }
}
