package io.durascale.core.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.BindException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns errors a user can cause into one line on stderr and a distinct exit code, never a stack trace (unless
 * {@code --verbose} is given, or the environment sets {@code DURASCALE_VERBOSE=1}); anything else is a bug and keeps its
 * trace. Never puts a secret in the line: the messages name endpoints, never connection strings or keys.
 *
 * <table>
 *   <tr><td>2</td><td>a bad flag, value or setting ({@link #USAGE})</td></tr>
 *   <tr><td>3</td><td>storage unavailable: unreachable, not answering, not valid ({@link #UNAVAILABLE})</td></tr>
 *   <tr><td>4</td><td>storage refused the credentials ({@link #CREDENTIALS_REFUSED})</td></tr>
 *   <tr><td>5</td><td>a port is in use ({@link #PORT_IN_USE})</td></tr>
 *   <tr><td>6</td><td>a tool the emulator needs (Node.js, npm) is missing or failed ({@link #EMULATOR_MISSING})</td></tr>
 * </table>
 */
public final class CliErrors implements IExecutionExceptionHandler {

    public static final int USAGE = CommandLine.ExitCode.USAGE;
    /** A usable environment that is missing something (storage not answering, a file). */
    public static final int UNAVAILABLE = 3;
    public static final int CREDENTIALS_REFUSED = 4;
    public static final int PORT_IN_USE = 5;
    public static final int EMULATOR_MISSING = 6;

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        int code;
        String message;
        if (e instanceof UserError user) {
            code = user.exitCode();
            message = e.getMessage();
        } else if (e instanceof IllegalArgumentException || e instanceof ConfigurationError) {
            code = USAGE;
            message = e.getMessage();
        } else if (portInUse(e)) {
            code = PORT_IN_USE;
            message = "a port is already in use (" + rootCause(e).getMessage() + "): choose other ports (0 picks a free one)";
        } else {
            throw new RuntimeException(e);
        }
        command.getErr().println(command.getColorScheme().errorText("error: " + message));
        if (verbose(parsed)) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            command.getErr().print(trace);
        }
        return code;
    }

    /** Whether {@code --verbose} was given anywhere on the command line, or {@code DURASCALE_VERBOSE} is set. */
    static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        String env = System.getenv("DURASCALE_VERBOSE");
        return env != null && !env.isBlank() && !env.equals("0");
    }

    /**
     * Whether a server failed to start because its port is taken: a {@link BindException}, or Netty's native
     * epoll error (gRPC's shaded Netty), which is not one but says the same.
     */
    public static boolean portInUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BindException || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /**
     * A picocli parameter-exception handler: one line naming the flag and where help is, instead of
     * picocli's full usage text (for {@code setParameterExceptionHandler(CliErrors::badFlags)}).
     */
    public static int badFlags(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        command.getErr().println(command.getColorScheme().errorText("error: " + e.getMessage()
                + " (see '" + command.getCommandSpec().qualifiedName() + " --help')"));
        return CommandLine.ExitCode.USAGE;
    }

    /**
     * A setting the command needs is missing or wrong (exit code 2, like a bad flag): for example a production
     * command started without a storage connection string.
     */
    public static class ConfigurationError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ConfigurationError(String message) {
            super(message, null, false, false);
        }
    }

    /** A problem the user can fix, with a message that says how, and its exit code (3 unless said otherwise). */
    public static class UserError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        public UserError(String message) {
            this(message, UNAVAILABLE);
        }

        public UserError(String message, int exitCode) {
            this(message, exitCode, null);
        }

        /** With the failure that caused it, which {@code --verbose} shows. */
        public UserError(String message, int exitCode, Throwable cause) {
            super(message, cause, false, false);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    /** A picocli mixin for {@code --verbose}: one line by default, the stack trace too with it. */
    public static final class Verbose {
        @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
                description = "On an error, print the stack trace after the one-line message.")
        boolean verbose;
    }
}
