package io.durascale.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.core.cli.CliReferencePage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** docs/cli/reports.md is reports.jar's picocli model rendered; a changed option or description needs the page regenerated. */
class ReportsCliReferenceTest {

    @Test
    void committedPageIsTheRenderedCli() throws Exception {
        CliReferencePage page = new CliReferencePage(new CommandLine(new ReportsCli()), "java -jar reports/target/reports.jar",
                Path.of("..", "docs", "cli", "reports.md"), "reports", ReportsCliReferenceTest.class);
        assertThat(page.staleness()).isEmpty();
    }
}
