package io.durascale.pipeline.local.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durascale.core.cli.CliErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the orchestration hosts' pipeline.jar is found, in order, and the one sentence when it is not. */
class PipelineJarTest {

    @TempDir
    Path dir;

    private Path checkout() throws IOException {
        Path root = dir.resolve("durascale");
        Files.createDirectories(root.resolve("pipeline/target"));
        Files.createDirectories(root.resolve("worker"));
        Files.writeString(root.resolve("worker/pom.xml"), "<project/>");
        Files.writeString(root.resolve("pipeline/pom.xml"), "<project/>");
        return root;
    }

    @Test
    void anExplicitPathThenTheEnvironmentThenTheRunningJarThenTheCheckout() throws IOException {
        Path root = checkout();
        Path built = Files.writeString(root.resolve("pipeline/target/pipeline.jar"), "jar");
        Path running = Files.writeString(dir.resolve("pipeline-0.1.jar"), "jar");
        Path fromEnv = Files.writeString(dir.resolve("env.jar"), "jar");
        Path explicit = Files.writeString(dir.resolve("mine.jar"), "jar");
        Map<String, String> env = Map.of(PipelineJar.ENVIRONMENT_VARIABLE, fromEnv.toString());
        assertThat(PipelineJar.locate(explicit, env, root, Optional.of(running))).isEqualTo(explicit);
        assertThat(PipelineJar.locate(null, env, root, Optional.of(running))).isEqualTo(fromEnv);
        assertThat(PipelineJar.locate(null, Map.of(), root, Optional.of(running))).isEqualTo(running);
        assertThat(PipelineJar.locate(null, Map.of(), root.resolve("pipeline"), Optional.empty())).isEqualTo(built);
        Path other = Files.writeString(dir.resolve("worker.jar"), "jar");
        assertThat(PipelineJar.locate(null, Map.of(), root, Optional.of(other))).as("another program's jar is not it")
                .isEqualTo(built);
    }

    @Test
    void missingIsOneSentenceSayingHowToBuildIt() throws IOException {
        Path root = checkout();
        assertThatThrownBy(() -> PipelineJar.locate(null, Map.of(), root, Optional.empty()))
                .isInstanceOf(CliErrors.UserError.class)
                .hasMessage("pipeline.jar not found (looked in " + root.resolve("pipeline/target/pipeline.jar")
                        + "): build it with ./mvnw -pl pipeline -am package -DskipTests, or set DURASCALE_PIPELINE_JAR to its path");
        assertThatThrownBy(() -> PipelineJar.locate(dir.resolve("nope.jar"), Map.of(), root, Optional.empty()))
                .hasMessageStartingWith("the given pipeline jar " + dir.resolve("nope.jar") + " does not exist");
    }

    @Test
    void anOrchestrationHostPodRunsTheTaskHubCommandWithItsStorageInTheEnvironment() {
        ProcessPodLauncher launcher = ProcessPodLauncher.orchestrationHost(Path.of("/opt/pipeline.jar"),
                List.of("--hub", "H", "--orchestrations", "2"), dir).connectionString("AccountKey=s3cret").build();
        try {
            List<String> args = launcher.commandFor("durascale-orchestration-1");
            assertThat(args).containsSubsequence("-jar", "/opt/pipeline.jar", "taskhub", "--hub", "H", "--orchestrations", "2",
                    "--bind", "127.0.0.1", "--port", "0", "--metrics-port", "0", "--parent-pid");
            assertThat(String.join(" ", args)).doesNotContain("s3cret");
            assertThat(ProcessPodLauncher.TASK_HUB_PORT_LINE.matcher("taskhub: http port 40123").find()).isTrue();
        } finally {
            launcher.close();
        }
    }
}
