package io.durascale.reports;

/**
 * A problem the user can fix (a missing directory, an unreadable file, a bad flag or config):
 * the commands print its message, one sentence naming the fix, and exit with status 2.
 */
public final class RunInputException extends RuntimeException {

    public RunInputException(String message) {
        super(message);
    }

    public RunInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
