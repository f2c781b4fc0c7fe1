package io.durascale.storage;

import com.azure.data.tables.models.ListTablesOptions;
import io.durascale.core.cli.CliErrors;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way durascale gets an Azure Storage account. Resolution order:
 * <ol>
 *   <li>a connection string the user gave (a flag, else {@code AZURE_STORAGE_CONNECTION_STRING});</li>
 *   <li>only for {@link #orEmulator()} (the {@code up}, {@code study} and {@code storage} commands and tests):
 *       the emulators on the class path in their {@link StorageEmulator#order() order} — Azurite through
 *       Testcontainers when a Docker engine is reachable, then Azurite from npm.</li>
 * </ol>
 * Production commands call {@link #connectionStringOnly()}: without a connection string they stop with one line.
 * {@code DURASCALE_EMULATOR=<name>} forces one emulator (default {@code auto}).
 */
public final class StorageResolution {

    public static final String CONNECTION_STRING_ENV = "AZURE_STORAGE_CONNECTION_STRING";
    public static final String EMULATOR_ENV = "DURASCALE_EMULATOR";

    private static final Logger log = LoggerFactory.getLogger(StorageResolution.class);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, String> env;
    private final List<StorageEmulator> emulators;
    private String connectionString;

    StorageResolution(Map<String, String> env, List<StorageEmulator> emulators) {
        this.env = Map.copyOf(env);
        this.emulators = emulators.stream().sorted(Comparator.comparingInt(StorageEmulator::order)).toList();
        this.connectionString = env.get(CONNECTION_STRING_ENV);
    }

    /** This process's environment and the emulators on the class path. */
    public static StorageResolution fromEnvironment() {
        return of(System.getenv());
    }

    /** The given environment and the emulators on the class path. */
    public static StorageResolution of(Map<String, String> env) {
        List<StorageEmulator> found = StreamSupport.stream(ServiceLoader.load(StorageEmulator.class).spliterator(), false)
                .toList();
        return new StorageResolution(env, found);
    }

    /** A connection string given explicitly (a flag) wins over the environment; blank means "not given". */
    public StorageResolution withConnectionString(String connectionString) {
        if (connectionString != null && !connectionString.isBlank()) {
            this.connectionString = connectionString;
        }
        return this;
    }

    /** True when a connection string was given. */
    public boolean hasConnectionString() {
        return connectionString != null && !connectionString.isBlank();
    }

    /**
     * The account of the given connection string, for production commands, which never start an emulator.
     *
     * @throws CliErrors.ConfigurationError one sentence naming what to set, when none was given (exit code 2)
     * @throws StorageUnavailableException when the given one is not valid
     */
    public StorageAccount connectionStringOnly() {
        if (!hasConnectionString()) {
            throw new CliErrors.ConfigurationError("No Azure Storage connection string was given: set "
                    + CONNECTION_STRING_ENV + " or pass --connection (this command never starts an emulator).");
        }
        return given();
    }

    /**
     * The account of the given connection string, else a started emulator, which the caller owns: closing the
     * account stops it.
     *
     * @throws StorageUnavailableException with one sentence naming what to install or set
     */
    public StorageAccount orEmulator() {
        if (hasConnectionString()) {
            return given();
        }
        String forced = env.getOrDefault(EMULATOR_ENV, "auto").trim().toLowerCase(Locale.ROOT);
        if (emulators.isEmpty()) {
            throw new StorageUnavailableException("No Azure Storage connection string was given and this jar carries no "
                    + "storage emulator: set " + CONNECTION_STRING_ENV + " or pass --connection.");
        }
        if (!forced.equals("auto")) {
            StorageEmulator emulator = emulators.stream().filter(e -> e.name().equals(forced)).findFirst()
                    .orElseThrow(() -> new StorageUnavailableException(EMULATOR_ENV + "='" + forced + "' is not one of auto, "
                            + emulators.stream().map(StorageEmulator::name).collect(Collectors.joining(", ")) + "."));
            Optional<String> why = emulator.unavailableReason(env);
            if (why.isPresent()) {
                throw new StorageUnavailableException(EMULATOR_ENV + "=" + forced + ", but " + why.get()
                        + ": fix that, or unset " + EMULATOR_ENV + " to let durascale choose.");
            }
            return start(emulator);
        }
        // Each in order; the last one (npm) is started even when it reports a problem, because its failure is the
        // sentence that names everything the user can install or set.
        for (int i = 0; i < emulators.size(); i++) {
            StorageEmulator emulator = emulators.get(i);
            if (i == emulators.size() - 1 || emulator.unavailableReason(env).isEmpty()) {
                return start(emulator);
            }
        }
        throw new IllegalStateException("unreachable: the last emulator is always started");
    }

    private StorageAccount given() {
        ConnectionString parsed;
        try {
            parsed = ConnectionString.parse(connectionString);
        } catch (IllegalArgumentException e) {
            throw new StorageUnavailableException("The Azure Storage connection string is not valid: "
                    + e.getMessage() + ".");
        }
        log.debug("Using the Azure Storage account from the given connection string ({})", parsed.describeEndpoints());
        return new StorageAccount(parsed, null, null);
    }

    private StorageAccount start(StorageEmulator emulator) {
        StorageEmulator.Running running = emulator.start(env);
        return healthy(new StorageAccount(running.connectionString(), running.label(), running));
    }

    /** Waits until every service of a fresh emulator answers a real request. */
    private static StorageAccount healthy(StorageAccount account) {
        long deadline = System.nanoTime() + HEALTH_TIMEOUT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                Duration timeout = Duration.ofSeconds(10);
                account.queues().getPropertiesWithResponse(timeout, null);
                account.blobs().getPropertiesWithResponse(timeout, null);
                account.tables().listTables(new ListTablesOptions().setTop(1), timeout, null).stream().findFirst();
                return account;
            } catch (RuntimeException e) {
                last = e;
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        account.close();
        throw new StorageUnavailableException("The storage emulator started but did not answer within "
                + HEALTH_TIMEOUT.toSeconds() + " s: " + (last == null ? "no reply" : last.getMessage()));
    }
}
