package io.durascale.storage;

import io.durascale.core.cli.CliErrors;

/**
 * No Azure Storage could be provided or reached; the message is one sentence a user can act on. Exit code 3 from
 * every CLI, or the code given (credentials refused: 4; an emulator's tools missing: 6).
 */
public final class StorageUnavailableException extends CliErrors.UserError {

    private static final long serialVersionUID = 1L;

    public StorageUnavailableException(String message) {
        super(message);
    }

    public StorageUnavailableException(String message, int exitCode) {
        super(message, exitCode);
    }

    /** With the failure that caused it, which {@code --verbose} shows. */
    public StorageUnavailableException(String message, int exitCode, Throwable cause) {
        super(message, exitCode, cause);
    }
}
