package io.durascale.core.kernel;

import java.util.List;

/** A kernel name nobody registered; the message lists the names that are. */
public final class UnknownKernelException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String requested;

    UnknownKernelException(String requested, List<String> known) {
        super("unknown kernel '" + requested + "': known kernels are " + String.join(", ", known)
                + " (a kernel in another jar must be listed in META-INF/services/" + ComputeKernel.class.getName() + ")");
        this.requested = requested;
    }

    public String requested() {
        return requested;
    }
}
