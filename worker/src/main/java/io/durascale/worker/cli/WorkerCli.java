package io.durascale.worker.cli;

import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar worker.jar <command>}: the worker container's entry point. */
@Command(name = "worker.jar", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "durascale worker: computes blocks from an Azure Storage queue.",
        subcommands = {RunCommand.class, BenchQueueCommand.class, KernelsCommand.class, StorageCommand.class})
public final class WorkerCli {

    public static void main(String[] args) {
        quietLibraryLogs();
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


    /** Jetty, Javalin and the Azure SDK log at INFO about things a worker's reader does not need; only here, in the jar's main. */
    private static void quietLibraryLogs() {
        for (String logger : new String[] {"org.eclipse.jetty", "io.javalin", "com.azure"}) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }
}
