package io.durascale.pipeline.local.kube;

import io.durascale.core.cli.CliErrors;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds {@code worker.jar}, the program each local pod runs, in this order: an explicit path;
 * {@code $DURASCALE_WORKER_JAR}; {@code worker/target/worker.jar} in the durascale checkout that
 * contains the working directory; next to the running pipeline jar (or in the reactor layout
 * around it, {@code pipeline/target/../../worker/target}).
 */
public final class WorkerJar {

    public static final String ENVIRONMENT_VARIABLE = "DURASCALE_WORKER_JAR";
    private static final String BUILD_HINT = "build it with ./mvnw -pl worker -am package";

    private WorkerJar() {
    }

    /**
     * @param explicit a path the user gave, or null
     * @throws CliErrors.UserError one sentence naming where it looked and how to build it
     */
    public static Path locate(Path explicit) {
        return locate(explicit, System.getenv(), Path.of("").toAbsolutePath(), runningJar());
    }

    static Path locate(Path explicit, Map<String, String> environment, Path workingDirectory, Optional<Path> runningJar) {
        if (explicit != null) {
            return existing(explicit, "the given worker jar");
        }
        String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return existing(Path.of(fromEnvironment), "$" + ENVIRONMENT_VARIABLE);
        }
        Set<Path> candidates = new LinkedHashSet<>();
        checkoutRoot(workingDirectory).ifPresent(root -> candidates.add(root.resolve("worker/target/worker.jar")));
        runningJar.map(Path::getParent).ifPresent(dir -> {
            candidates.add(dir.resolve("worker.jar"));
            if (dir.getParent() != null && dir.getParent().getParent() != null) {
                candidates.add(dir.getParent().getParent().resolve("worker/target/worker.jar"));
            }
        });
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        List<String> looked = new ArrayList<>();
        candidates.forEach(candidate -> looked.add(candidate.toAbsolutePath().normalize().toString()));
        throw new CliErrors.UserError("worker.jar not found" + (looked.isEmpty() ? "" : " (looked in " + String.join(", ",
                looked) + ")") + ": " + BUILD_HINT + ", or set " + ENVIRONMENT_VARIABLE + " to its path");
    }

    private static Path existing(Path jar, String what) {
        if (!Files.isRegularFile(jar)) {
            throw new CliErrors.UserError(what + " " + jar.toAbsolutePath().normalize() + " does not exist: " + BUILD_HINT
                    + ", or give the path of an existing worker.jar");
        }
        return jar.toAbsolutePath().normalize();
    }

    /** The nearest ancestor that is a durascale checkout: it has {@code worker/pom.xml} and {@code pipeline/pom.xml}. */
    static Optional<Path> checkoutRoot(Path from) {
        for (Path dir = from.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("worker/pom.xml")) && Files.isRegularFile(dir.resolve("pipeline/pom.xml"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    static Optional<Path> runningJar() {
        try {
            CodeSource source = WorkerJar.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return Optional.empty();
            }
            Path location = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(location) && location.toString().endsWith(".jar") ? Optional.of(location)
                    : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
