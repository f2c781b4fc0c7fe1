package io.durascale.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.core.cli.CliReferencePage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/cli/pipeline.md is pipeline.jar's picocli model rendered; a changed option or description needs the page regenerated. */
class PipelineCliReferenceTest {

    @Test
    void committedPageIsTheRenderedCli() throws Exception {
        CliReferencePage page = new CliReferencePage(PipelineCli.commandLine(), "java -jar pipeline/target/pipeline.jar",
                Path.of("..", "docs", "cli", "pipeline.md"), "pipeline", PipelineCliReferenceTest.class);
        assertThat(page.staleness()).isEmpty();
    }
}
