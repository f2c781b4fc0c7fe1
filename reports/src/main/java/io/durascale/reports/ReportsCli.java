package io.durascale.reports;

import io.durascale.reports.compare.CompareCommand;
import io.durascale.reports.gate.GateCommand;
import io.durascale.reports.report.CapacityReport;
import io.durascale.reports.report.ReportCommand;
import io.durascale.run.RunInputException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar reports.jar report|compare|gate ...}: the capacity report, the comparison page and the regression
 * gate, all reading run directories only. Exit status: 0 done (gate: no regression), 1 regression, 2 bad input, 3 internal error.
 */
@Command(name = "reports.jar", mixinStandardHelpOptions = true, versionProvider = ReportsCli.Version.class,
        subcommands = {ReportCommand.class, CompareCommand.class, GateCommand.class, CommandLine.HelpCommand.class},
        description = "Reads run directories: the HTML capacity report, the comparison page and the CI regression gate.")
public final class ReportsCli {

    public static final int OK = 0;
    public static final int REGRESSION = 1;
    public static final int BAD_INPUT = 2;
    public static final int INTERNAL_ERROR = 3;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line as the jar does and returns its exit status (tests call this directly). */
    public static int execute(String... args) {
        // Pebble logs through SLF4J; its info lines are not for people running a report.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        CommandLine cli = new CommandLine(new ReportsCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof RunInputException) {
                err.println(commandLine.getCommandName() + ": " + e.getMessage());
                err.flush();
                return BAD_INPUT;
            }
            err.println(commandLine.getCommandName() + ": internal error, please report it with this trace:");
            e.printStackTrace(err);
            err.flush();
            return INTERNAL_ERROR;
        });
        return cli.execute(args);
    }

    @Command
    int run() {
        CommandLine.usage(this, System.out);
        return BAD_INPUT;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"durascale reports " + CapacityReport.version()};
        }
    }
}
