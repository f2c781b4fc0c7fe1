package io.durascale.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.simulator.profile.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** docs/simulator.md explains every parameter: a key added to the model without a word there fails the build. */
class SimulatorDocsTest {

    @Test
    void everyParameterIsInTheDocs() throws Exception {
        String docs = Files.readString(Path.of("..", "docs", "simulator.md"));
        assertThat(Arrays.stream(Parameter.values()).map(Parameter::key).filter(k -> !docs.contains("`" + k + "`")))
                .as("parameters docs/simulator.md does not name").isEmpty();
    }
}
