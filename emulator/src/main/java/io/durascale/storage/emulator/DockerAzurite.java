package io.durascale.storage.emulator;

import io.durascale.storage.ConnectionString;
import io.durascale.storage.StorageEmulator;
import io.durascale.storage.StorageUnavailableException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.azure.AzuriteContainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Azurite in a container, through Testcontainers, when a Docker engine is reachable. */
final class DockerAzurite implements StorageEmulator.Running {

    /** Pinned like the npm package; the image tag that matches its release line. */
    static final String IMAGE = "mcr.microsoft.com/azure-storage/azurite:3.35.0";

    private final AzuriteContainer container;

    private DockerAzurite(AzuriteContainer container) {
        this.container = container;
    }

    /**
     * True when a Docker engine answers. Checks the usual sockets first, so a machine without
     * Docker does not pay for (or log) Testcontainers' whole discovery.
     */
    static boolean engineReachable(Map<String, String> env) {
        boolean hint = env.containsKey("DOCKER_HOST")
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
        if (!hint) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static DockerAzurite start() {
        AzuriteContainer container = new FlaggedAzuriteContainer(IMAGE);
        container.start();
        return new DockerAzurite(container);
    }

    @Override
    public ConnectionString connectionString() {
        return ConnectionString.parse(container.getConnectionString());
    }

    @Override
    public String label() {
        return "Azurite (Testcontainers)";
    }

    @Override
    public void close() {
        container.stop();
    }

    /** Adds the flags the npm launch uses too: no API-version check, no telemetry, in memory. */
    private static final class FlaggedAzuriteContainer extends AzuriteContainer {
        FlaggedAzuriteContainer(String image) {
            super(image);
        }

        @Override
        protected void configure() {
            super.configure();
            setCommand(String.join(" ", getCommandParts())
                    + " --inMemoryPersistence --skipApiVersionCheck --loose --disableTelemetry");
        }
    }
}
