package io.durascale.core.job;

/** A queue message that is not a job this worker understands; the message says what is wrong. */
public final class InvalidJobException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidJobException(String reason) {
        super(reason);
    }

    public InvalidJobException(String reason, Throwable cause) {
        super(reason, cause);
    }

    /** What is wrong with the message, as one sentence fragment (e.g. "missing field blockId"). */
    public String reason() {
        return getMessage();
    }
}
