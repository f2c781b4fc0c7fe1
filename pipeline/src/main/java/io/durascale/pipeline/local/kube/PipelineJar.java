package io.durascale.pipeline.local.kube;

import io.durascale.core.cli.CliErrors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds {@code pipeline.jar}, the program each local orchestration-tier pod runs ({@code taskhub --orchestrations N}),
 * in this order: an explicit path; {@code $DURASCALE_PIPELINE_JAR}; the running jar when it is the pipeline's (what
 * {@code java -jar pipeline.jar up} runs); {@code pipeline/target/pipeline.jar} in the durascale checkout that
 * contains the working directory (tests and the load tests, which run from classes).
 */
public final class PipelineJar {

    public static final String ENVIRONMENT_VARIABLE = "DURASCALE_PIPELINE_JAR";
    private static final String BUILD_HINT = "build it with ./mvnw -pl pipeline -am package -DskipTests";

    private PipelineJar() {
    }

    /**
     * @param explicit a path the user gave, or null
     * @throws CliErrors.UserError one sentence naming where it looked and how to build it
     */
    public static Path locate(Path explicit) {
        return locate(explicit, System.getenv(), Path.of("").toAbsolutePath(), WorkerJar.runningJar());
    }

    static Path locate(Path explicit, Map<String, String> environment, Path workingDirectory, Optional<Path> runningJar) {
        if (explicit != null) {
            return existing(explicit, "the given pipeline jar");
        }
        String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return existing(Path.of(fromEnvironment), "$" + ENVIRONMENT_VARIABLE);
        }
        Set<Path> candidates = new LinkedHashSet<>();
        runningJar.filter(jar -> jar.getFileName().toString().startsWith("pipeline")).ifPresent(candidates::add);
        WorkerJar.checkoutRoot(workingDirectory).ifPresent(root -> candidates.add(root.resolve("pipeline/target/pipeline.jar")));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new CliErrors.UserError("pipeline.jar not found" + (candidates.isEmpty() ? "" : " (looked in "
                + String.join(", ", candidates.stream().map(c -> c.toAbsolutePath().normalize().toString()).toList()) + ")")
                + ": " + BUILD_HINT + ", or set " + ENVIRONMENT_VARIABLE + " to its path");
    }

    private static Path existing(Path jar, String what) {
        if (!Files.isRegularFile(jar)) {
            throw new CliErrors.UserError(what + " " + jar.toAbsolutePath().normalize() + " does not exist: " + BUILD_HINT);
        }
        return jar.toAbsolutePath().normalize();
    }
}
