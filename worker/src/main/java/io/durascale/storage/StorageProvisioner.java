package io.durascale.storage;

import com.azure.data.tables.models.ListTablesOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way durascale gets an Azure Storage account — for tests, the local stack and the load
 * tests alike. Resolution order:
 * <ol>
 *   <li>a connection string the user gave (explicitly, or {@code AZURE_STORAGE_CONNECTION_STRING});</li>
 *   <li>Azurite in a container through Testcontainers, when a Docker engine is reachable;</li>
 *   <li>Azurite from the npm registry, installed into the project and run as child processes.</li>
 * </ol>
 * {@code DURASCALE_EMULATOR=docker|npm} forces one emulator (default {@code auto}).
 */
public final class StorageProvisioner {

    public static final String CONNECTION_STRING_ENV = "AZURE_STORAGE_CONNECTION_STRING";
    public static final String EMULATOR_ENV = "DURASCALE_EMULATOR";
    public static final String HOME_ENV = "DURASCALE_HOME";

    /** Which emulator to use when no connection string is given. */
    public enum Emulator { AUTO, DOCKER, NPM }

    private static final Logger log = LoggerFactory.getLogger(StorageProvisioner.class);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, String> env;
    private String connectionString;
    private Emulator emulator;
    private Path home;

    StorageProvisioner(Map<String, String> env) {
        this.env = Map.copyOf(env);
        this.connectionString = env.get(CONNECTION_STRING_ENV);
        this.emulator = parseEmulator(env.getOrDefault(EMULATOR_ENV, "auto"));
    }

    /** Settings from this process's environment. */
    public static StorageProvisioner fromEnvironment() {
        return new StorageProvisioner(System.getenv());
    }

    /** A connection string given explicitly (a flag) wins over the environment; blank means "not given". */
    public StorageProvisioner withConnectionString(String connectionString) {
        if (connectionString != null && !connectionString.isBlank()) {
            this.connectionString = connectionString;
        }
        return this;
    }

    public StorageProvisioner withEmulator(Emulator emulator) {
        this.emulator = Objects.requireNonNull(emulator);
        return this;
    }

    /** Where project-local tools (the npm Azurite) are installed; default: {@link #defaultHome}. */
    public StorageProvisioner withHome(Path home) {
        this.home = home;
        return this;
    }

    /**
     * Resolves and, for an emulator, starts the storage. The caller owns the result: closing it
     * stops the emulator.
     *
     * @throws StorageUnavailableException with one sentence naming what to install or set
     */
    public StorageAccount provision() {
        if (connectionString != null && !connectionString.isBlank()) {
            ConnectionString parsed;
            try {
                parsed = ConnectionString.parse(connectionString);
            } catch (IllegalArgumentException e) {
                throw new StorageUnavailableException("The Azure Storage connection string is not valid: "
                        + e.getMessage() + ".");
            }
            log.info("Using the Azure Storage account from the given connection string ({})",
                    parsed.describeEndpoints());
            return new StorageAccount(parsed, StorageAccount.Source.CONNECTION_STRING, null);
        }
        boolean docker = emulator != Emulator.NPM && DockerAzurite.engineReachable(env);
        if (emulator == Emulator.DOCKER && !docker) {
            throw new StorageUnavailableException(EMULATOR_ENV + "=docker, but no Docker engine is reachable: "
                    + "start Docker, or unset " + EMULATOR_ENV + " to use Azurite from npm.");
        }
        if (docker) {
            DockerAzurite azurite = DockerAzurite.start();
            return healthy(new StorageAccount(azurite.connectionString(), StorageAccount.Source.TESTCONTAINERS, azurite));
        }
        AzuriteInstallation installation;
        try {
            installation = AzuriteInstallation.ensureInstalled(home != null ? home : defaultHome(env), env);
        } catch (StorageUnavailableException e) {
            throw new StorageUnavailableException("No Azure Storage is available (" + e.getMessage() + "): set "
                    + CONNECTION_STRING_ENV + " to a storage account, install Node.js 20+ with npm so durascale can "
                    + "run Azurite, or start a Docker engine.");
        }
        NpmAzurite azurite = NpmAzurite.start(installation);
        return healthy(new StorageAccount(azurite.connectionString(), StorageAccount.Source.NPM_AZURITE, azurite));
    }

    /**
     * The storage this JVM shares: provisioned from the environment on first use and stopped when
     * the JVM exits. Tests and in-process stacks use this so one Azurite serves them all.
     */
    public static StorageAccount shared() {
        return Shared.ACCOUNT;
    }

    private static final class Shared {
        static final StorageAccount ACCOUNT = fromEnvironment().provision();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(ACCOUNT::close, "durascale-storage-stop"));
        }
    }

    /**
     * The folder for project-local tools: {@code DURASCALE_HOME}, else {@code .durascale} in the
     * durascale checkout that contains the working directory, else {@code ~/.durascale}.
     */
    static Path defaultHome(Map<String, String> env) {
        String explicit = env.get(HOME_ENV);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (isDurascaleRoot(dir)) {
                return dir.resolve(".durascale");
            }
        }
        return Path.of(System.getProperty("user.home"), ".durascale");
    }

    private static boolean isDurascaleRoot(Path dir) {
        Path pom = dir.resolve("pom.xml");
        if (!Files.isRegularFile(pom)) {
            return false;
        }
        try {
            String text = Files.readString(pom);
            return text.contains("<groupId>io.durascale</groupId>") && text.contains("<artifactId>durascale</artifactId>")
                    && text.contains("<modules>");
        } catch (IOException e) {
            return false;
        }
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
                sleepQuietly(Duration.ofMillis(200));
            }
        }
        account.close();
        throw new StorageUnavailableException("The storage emulator started but did not answer within "
                + HEALTH_TIMEOUT.toSeconds() + " s: " + (last == null ? "no reply" : last.getMessage()));
    }

    private static Emulator parseEmulator(String value) {
        try {
            return Emulator.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new StorageUnavailableException(EMULATOR_ENV + "='" + value + "' is not one of auto, docker, npm.");
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
