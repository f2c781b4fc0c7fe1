package io.durascale.core.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns errors a user can cause into one line on stderr and a non-zero exit code, never a stack
 * trace; anything else is a bug and keeps its trace.
 */
public final class CliErrors implements IExecutionExceptionHandler {

    /** Exit code for a usable environment that is missing something (storage, Node, a file). */
    public static final int UNAVAILABLE = 3;

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        if (e instanceof UserError) {
            command.getErr().println(command.getColorScheme().errorText("error: " + e.getMessage()));
            return UNAVAILABLE;
        }
        if (e instanceof IllegalArgumentException || e instanceof ConfigurationError) {
            command.getErr().println(command.getColorScheme().errorText("error: " + e.getMessage()));
            return CommandLine.ExitCode.USAGE;
        }
        throw new RuntimeException(e);
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

    /** A problem the user can fix, with a message that says how (exit code 3: the environment lacks something). */
    public static class UserError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UserError(String message) {
            super(message, null, false, false);
        }
    }
}
