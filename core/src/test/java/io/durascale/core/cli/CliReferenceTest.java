package io.durascale.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

class CliReferenceTest {

    @Command(name = "tool.jar", mixinStandardHelpOptions = true, description = "A tool for tests.",
            subcommands = {Serve.class, Hidden.class})
    static final class Tool {
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Serve <things> from a | b.", "Second paragraph, with *stars* and _emphasis_."},
            exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:done", "2:bad flags"})
    static final class Serve implements Callable<Integer> {
        @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Port (default: ${DEFAULT-VALUE}).")
        int port = 7071;

        @Option(names = "--verify", negatable = true, defaultValue = "true", description = "Verify outputs.")
        boolean verify;

        @Option(names = "--tag", paramLabel = "TAG", description = "Repeatable; AZURE_STORAGE_NAMES stay as they are.")
        List<String> tags;

        @Option(names = "--key", required = true, paramLabel = "KEY", description = "Required.")
        String key;

        @ArgGroup(exclusive = true)
        Choice choice;

        static final class Choice {
            @Option(names = "--fast", description = "Fast.")
            boolean fast;

            @Option(names = "--slow", description = "Slow.")
            boolean slow;
        }

        @ArgGroup(exclusive = false)
        Range range;

        static final class Range {
            @Option(names = "--from", required = true, paramLabel = "N", description = "First.")
            int from;

            @Option(names = "--to", required = true, paramLabel = "N", description = "Last.")
            int to;
        }

        @Parameters(paramLabel = "DIR", arity = "1..*", description = "Folders to serve.")
        List<Path> dirs;

        @Override
        public Integer call() {
            return 0;
        }
    }

    @Command(name = "secret", hidden = true, description = "Not for users.")
    static final class Hidden implements Runnable {
        @Override
        public void run() {
        }
    }

    private final String page = CliReference.markdown(new CommandLine(new Tool()), "java -jar tool.jar");

    /** The property as the build gave it: a reactor-wide regeneration (-Ddurascale.docs.update=true) runs this test too. */
    private final String givenUpdate = System.getProperty(CliReferencePage.UPDATE_PROPERTY);

    @BeforeEach
    void noUpdate() {
        System.clearProperty(CliReferencePage.UPDATE_PROPERTY);
    }

    @AfterEach
    void restoreUpdate() {
        if (givenUpdate == null) {
            System.clearProperty(CliReferencePage.UPDATE_PROPERTY);
        } else {
            System.setProperty(CliReferencePage.UPDATE_PROPERTY, givenUpdate);
        }
    }

    @Test
    void listsEachVisibleCommandWithALinkToItsSection() {
        assertThat(page).startsWith("# tool.jar\n\nA tool for tests.\n\nRun as `java -jar tool.jar <command> [options]`");
        assertThat(page).contains("| [`tool.jar serve`](#tooljar-serve) | Serve &lt;things> from a \\| b. |");
        assertThat(page).contains("\n## tool.jar serve\n");
        assertThat(page).doesNotContain("secret").doesNotContain("Not for users");
    }

    @Test
    void rendersOptionsAsTheUsageHelpDescribesThem() {
        assertThat(page).contains("| `-p`, `--port=PORT` | Port (default: 7071). |");
        assertThat(page).contains("| `--[no-]verify` | Verify outputs. |");
        assertThat(page).contains("| `--tag=TAG...` | Repeatable; AZURE_STORAGE_NAMES stay as they are. |");
        assertThat(page).contains("| `--key=KEY` (required) | Required. |");
        assertThat(page).contains("| `DIR...` | Folders to serve. |");
        assertThat(page).contains("| `--fast` (one of `--fast`, `--slow`) | Fast. |");
        assertThat(page).contains("| `--from=N` (together with `--to`) | First. |");
        assertThat(page).doesNotContain("| `-h`").doesNotContain("Show this help message");
    }

    @Test
    void keepsPicocliSynopsisWithGroupsAndArities() {
        String synopsis = page.substring(page.indexOf("## tool.jar serve"));
        int start = synopsis.indexOf("```text\n") + "```text\n".length();
        synopsis = synopsis.substring(start, synopsis.indexOf("\n```", start));
        assertThat(synopsis).startsWith("tool.jar serve [-hV] [--[no-]verify]").contains("--key=KEY")
                .contains("[--fast | --slow]").contains("DIR...");
        assertThat(synopsis.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(CliReference.SYNOPSIS_WIDTH));
    }

    @Test
    void escapesMarkdownInProse() {
        assertThat(page).contains("Second paragraph, with \\*stars\\* and \\_emphasis\\_.");
        assertThat(page).contains("| exit code | meaning |\n| --- | --- |\n| 0 | done |\n| 2 | bad flags |");
    }

    @Test
    void anchorsFollowGitHubsHeadingIds() {
        assertThat(CliReference.anchor("pipeline.jar taskhub-bench")).isEqualTo("pipelinejar-taskhub-bench");
        assertThat(CliReference.anchor("reports.jar gate")).isEqualTo("reportsjar-gate");
    }

    @Test
    void aStalePageNamesTheLineAndTheCommandThatRegeneratesIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tool.md");
        CliReferencePage reference = new CliReferencePage(new CommandLine(new Tool()), "java -jar tool.jar", file, "tool",
                CliReferenceTest.class);
        assertThat(reference.staleness()).hasValueSatisfying(m -> assertThat(m).contains("does not exist"));

        System.setProperty(CliReferencePage.UPDATE_PROPERTY, "true");
        assertThat(reference.staleness()).isEmpty();
        assertThat(Files.readString(file)).isEqualTo(reference.rendered()).contains("## tool.jar serve");
        System.clearProperty(CliReferencePage.UPDATE_PROPERTY);
        assertThat(reference.staleness()).isEmpty();

        Files.writeString(file, reference.rendered().replace("Port (default: 7071).", "Port."));
        assertThat(reference.staleness()).hasValueSatisfying(message -> assertThat(message)
                .contains("Port.").contains("Port (default: 7071).")
                .contains("./mvnw -B -pl tool -am test -Dtest=CliReferenceTest -Dsurefire.failIfNoSpecifiedTests=false "
                        + "-Ddurascale.docs.update=true"));
    }
}
