package io.durascale.storage;

import io.durascale.core.cli.CliErrors;

/** No Azure Storage could be provided; the message is one sentence a user can act on (exit code 3 from every CLI). */
public final class StorageUnavailableException extends CliErrors.UserError {

    private static final long serialVersionUID = 1L;

    public StorageUnavailableException(String message) {
        super(message);
    }
}
