package io.durascale.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.core.cli.CliReferencePage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** docs/cli/simulator.md is simulator.jar's picocli model rendered; a changed option or description needs it regenerated. */
class SimulatorCliReferenceTest {

    @Test
    void committedPageIsTheRenderedCli() throws Exception {
        CliReferencePage page = new CliReferencePage(new CommandLine(new SimulatorCli()),
                "java -jar simulator/target/simulator.jar", Path.of("..", "docs", "cli", "simulator.md"), "simulator",
                SimulatorCliReferenceTest.class);
        assertThat(page.staleness()).isEmpty();
    }
}
