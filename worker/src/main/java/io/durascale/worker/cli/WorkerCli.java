package io.durascale.worker.cli;

import java.time.Duration;
import java.util.Map;
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


    /**
     * Jetty and Javalin log at INFO about things a reader does not need; the Azure SDK logs every storage
     * answer it turns into an exception at ERROR — expected ones too (409 already exists, 404 not found),
     * which our code catches and handles, and unexpected ones, which reach our code and are reported
     * there. So the SDK's own logger is off. Only in the jars' mains; {@code -Dorg.slf4j.simpleLogger.log.com.azure=warn}
     * brings it back.
     */
    public static void quietLibraryLogs() {
        Map<String, String> levels = Map.of("org.eclipse.jetty", "warn", "io.javalin", "warn", "com.azure", "off");
        levels.forEach((logger, level) -> {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, level);
            }
        });
    }
}
