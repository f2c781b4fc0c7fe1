package io.durascale.storage;

import java.util.Map;
import java.util.Optional;

/**
 * An emulator that {@link StorageResolution#orEmulator()} may start when no connection string is given.
 * Implementations live in the {@code emulator} module and are found with {@link java.util.ServiceLoader},
 * so a production jar built without that module cannot start one: its commands need a connection string.
 */
public interface StorageEmulator {

    /** The value of {@code DURASCALE_EMULATOR} that forces this emulator ({@code docker}, {@code npm}). */
    String name();

    /** Resolution order among emulators: lower is tried first. */
    int order();

    /** Empty when it can run here; else one sentence fragment saying why not (for example "no Docker engine is reachable"). */
    Optional<String> unavailableReason(Map<String, String> env);

    /**
     * Starts the emulator. The caller owns the result and closes it to stop the emulator.
     *
     * @throws StorageUnavailableException with one sentence saying what failed and what to install or set
     */
    Running start(Map<String, String> env);

    /** A started emulator: where it is, what to call it, and how to stop it. */
    interface Running extends AutoCloseable {
        ConnectionString connectionString();

        /** How reports name it, for example {@code Azurite (npm)}. */
        String label();

        @Override
        void close();
    }
}
