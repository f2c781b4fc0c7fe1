package io.durascale.storage;

/** No Azure Storage could be provided; the message is one sentence a user can act on. */
public final class StorageUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StorageUnavailableException(String message) {
        super(message, null, false, false);
    }
}
