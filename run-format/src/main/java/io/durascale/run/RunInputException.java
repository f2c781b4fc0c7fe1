package io.durascale.run;

/**
 * A problem the user can fix (a missing directory, an unreadable file, a bad flag or config):
 * the commands print its message, one sentence naming the fix, and exit with status 2.
 */
public final class RunInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RunInputException(String message) {
        super(message);
    }

    public RunInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
