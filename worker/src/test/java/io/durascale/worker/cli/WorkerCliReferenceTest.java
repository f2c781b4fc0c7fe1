package io.durascale.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.core.cli.CliReferencePage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/cli/worker.md is worker.jar's picocli model rendered; a changed option or description needs the page regenerated. */
class WorkerCliReferenceTest {

    @Test
    void committedPageIsTheRenderedCli() throws Exception {
        CliReferencePage page = new CliReferencePage(WorkerCli.commandLine(), "java -jar worker/target/worker.jar",
                Path.of("..", "docs", "cli", "worker.md"), "worker", WorkerCliReferenceTest.class);
        assertThat(page.staleness()).isEmpty();
    }
}
