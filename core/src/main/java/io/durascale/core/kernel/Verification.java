package io.durascale.core.kernel;

import java.util.Objects;

/** The verdict of {@link ComputeKernel#verify}: ok or not, and one line saying why. */
public record Verification(boolean ok, String detail) {

    public Verification {
        Objects.requireNonNull(detail, "detail");
    }

    public static Verification ok(String detail) {
        return new Verification(true, detail);
    }

    public static Verification failed(String reason) {
        return new Verification(false, reason);
    }
}
