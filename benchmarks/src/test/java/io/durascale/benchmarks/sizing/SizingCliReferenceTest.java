package io.durascale.benchmarks.sizing;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.core.cli.CliReferencePage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/cli/benchmarks.md is the sizing command's picocli model rendered; a changed option needs the page regenerated. */
class SizingCliReferenceTest {

    @Test
    void committedPageIsTheRenderedCli() throws Exception {
        CliReferencePage page = new CliReferencePage(SizingCommand.commandLine(new SizingCommand(), System.out, System.err),
                "java -cp benchmarks/target/benchmarks.jar io.durascale.benchmarks.sizing.SizingCommand",
                Path.of("..", "docs", "cli", "benchmarks.md"), "benchmarks", SizingCliReferenceTest.class);
        assertThat(page.staleness()).isEmpty();
    }
}
