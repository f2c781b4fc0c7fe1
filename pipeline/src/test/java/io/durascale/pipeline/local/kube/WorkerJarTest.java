package io.durascale.pipeline.local.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durascale.core.cli.CliErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where worker.jar is found, in order, and the one sentence when it is not. */
class WorkerJarTest {

    @TempDir
    Path dir;

    private Path checkout() throws IOException {
        Path root = dir.resolve("durascale");
        Files.createDirectories(root.resolve("worker/target"));
        Files.createDirectories(root.resolve("pipeline/src"));
        Files.writeString(root.resolve("worker/pom.xml"), "<project/>");
        Files.writeString(root.resolve("pipeline/pom.xml"), "<project/>");
        return root;
    }

    @Test
    void anExplicitPathComesFirstThenTheEnvironment() throws IOException {
        Path explicit = Files.writeString(dir.resolve("mine.jar"), "jar");
        Path fromEnv = Files.writeString(dir.resolve("env.jar"), "jar");
        Map<String, String> env = Map.of(WorkerJar.ENVIRONMENT_VARIABLE, fromEnv.toString());
        assertThat(WorkerJar.locate(explicit, env, dir, Optional.empty())).isEqualTo(explicit);
        assertThat(WorkerJar.locate(null, env, dir, Optional.empty())).isEqualTo(fromEnv);
    }

    @Test
    void theCheckoutAroundTheWorkingDirectoryIsNext() throws IOException {
        Path root = checkout();
        Path jar = Files.writeString(root.resolve("worker/target/worker.jar"), "jar");
        assertThat(WorkerJar.locate(null, Map.of(), root.resolve("pipeline/src"), Optional.empty())).isEqualTo(jar);
    }

    @Test
    void thenNextToTheRunningPipelineJarOrInItsReactorLayout() throws IOException {
        Path root = checkout();
        Path pipelineJar = Files.writeString(Files.createDirectories(root.resolve("pipeline/target")).resolve("pipeline.jar"),
                "jar");
        Path worker = Files.writeString(root.resolve("worker/target/worker.jar"), "jar");
        assertThat(WorkerJar.locate(null, Map.of(), dir, Optional.of(pipelineJar))).isEqualTo(worker);
        Path sibling = Files.writeString(pipelineJar.resolveSibling("worker.jar"), "jar");
        assertThat(WorkerJar.locate(null, Map.of(), dir, Optional.of(pipelineJar))).isEqualTo(sibling);
    }

    @Test
    void missingIsOneSentenceSayingHowToBuildIt() throws IOException {
        Path root = checkout();
        assertThatThrownBy(() -> WorkerJar.locate(null, Map.of(), root, Optional.empty()))
                .isInstanceOf(CliErrors.UserError.class)
                .hasMessage("worker.jar not found (looked in " + root.resolve("worker/target/worker.jar")
                        + "): build it with ./mvnw -pl worker -am package, or set DURASCALE_WORKER_JAR to its path");
        assertThatThrownBy(() -> WorkerJar.locate(dir.resolve("nope.jar"), Map.of(), root, Optional.empty()))
                .hasMessage("the given worker jar " + dir.resolve("nope.jar") + " does not exist: build it with ./mvnw -pl "
                        + "worker -am package, or give the path of an existing worker.jar");
        assertThatThrownBy(() -> WorkerJar.locate(null, Map.of(WorkerJar.ENVIRONMENT_VARIABLE, "/no/such.jar"), root,
                Optional.empty())).hasMessageStartingWith("$DURASCALE_WORKER_JAR /no/such.jar does not exist");
    }
}
