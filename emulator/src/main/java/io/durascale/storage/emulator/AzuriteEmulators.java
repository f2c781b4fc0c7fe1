package io.durascale.storage.emulator;

import io.durascale.storage.StorageEmulator;
import io.durascale.storage.StorageResolution;
import io.durascale.storage.StorageUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The two Azurites of the resolution order, registered for {@link java.util.ServiceLoader} in META-INF/services. */
public final class AzuriteEmulators {

    public static final String HOME_ENV = "DURASCALE_HOME";

    private AzuriteEmulators() {
    }

    /** Azurite in a container through Testcontainers, when a Docker engine is reachable: tried first. */
    public static final class Docker implements StorageEmulator {
        @Override
        public String name() {
            return "docker";
        }

        @Override
        public int order() {
            return 10;
        }

        @Override
        public Optional<String> unavailableReason(Map<String, String> env) {
            return DockerAzurite.engineReachable(env) ? Optional.empty() : Optional.of("no Docker engine is reachable");
        }

        @Override
        public Running start(Map<String, String> env) {
            return DockerAzurite.start();
        }
    }

    /** Azurite from the npm registry, installed from the committed lock file and run as child processes. */
    public static final class Npm implements StorageEmulator {
        @Override
        public String name() {
            return "npm";
        }

        @Override
        public int order() {
            return 20;
        }

        @Override
        public Optional<String> unavailableReason(Map<String, String> env) {
            String node = env.getOrDefault("DURASCALE_NODE", "node");
            return AzuriteInstallation.probe(java.util.List.of(node, "--version")) == null
                    ? Optional.of("Node.js was not found (tried '" + node + "')") : Optional.empty();
        }

        @Override
        public Running start(Map<String, String> env) {
            AzuriteInstallation installation;
            try {
                installation = AzuriteInstallation.ensureInstalled(defaultHome(env), env);
            } catch (StorageUnavailableException e) {
                throw new StorageUnavailableException("No Azure Storage is available (" + e.getMessage() + "): set "
                        + StorageResolution.CONNECTION_STRING_ENV + " to a storage account, install Node.js 20+ with npm "
                        + "so durascale can run Azurite, or start a Docker engine.", io.durascale.core.cli.CliErrors.EMULATOR_MISSING);
            }
            return NpmAzurite.start(installation);
        }
    }

    /**
     * The folder for project-local tools: {@code DURASCALE_HOME}, else {@code .durascale} in the
     * durascale checkout that contains the working directory, else {@code ~/.durascale}.
     */
    public static Path defaultHome(Map<String, String> env) {
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
}
