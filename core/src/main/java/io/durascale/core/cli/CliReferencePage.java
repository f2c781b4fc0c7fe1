package io.durascale.core.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/**
 * A committed {@code docs/cli/<jar>.md} and the command line it documents. Each module with a CLI has a test
 * that calls {@link #staleness()}: it fails while the page differs from what {@link CliReference} renders, and
 * with {@code -Ddurascale.docs.update=true} it rewrites the page instead.
 *
 * @param cli        the configured command line, as the jar builds it
 * @param invocation how a user runs it, e.g. {@code java -jar worker/target/worker.jar}
 * @param page       the committed page, relative to the module's folder (e.g. {@code ../docs/cli/worker.md})
 * @param module     the Maven module whose test checks the page
 * @param test       that test class, named in the command that regenerates the page
 */
public record CliReferencePage(CommandLine cli, String invocation, Path page, String module, Class<?> test) {

    /** The system property that turns the check into an update. */
    public static final String UPDATE_PROPERTY = "durascale.docs.update";

    /** The header of every generated page: where it comes from and how to change it. */
    String header() {
        return "<!-- Generated from the picocli model of " + cli.getCommandSpec().name() + " by "
                + CliReference.class.getName() + ". Do not edit: change the @Command and @Option texts, then run\n"
                + "     " + regenerateCommand() + " -->\n";
    }

    /** The command that rewrites this page from the code. */
    public String regenerateCommand() {
        return "./mvnw -B -pl " + module + " -am test -Dtest=" + test.getSimpleName()
                + " -Dsurefire.failIfNoSpecifiedTests=false -D" + UPDATE_PROPERTY + "=true";
    }

    /** The page's content as the code renders it now. */
    public String rendered() {
        return header() + "\n" + CliReference.markdown(cli, invocation);
    }

    /**
     * Empty when the committed page is current (or was just rewritten, with {@value #UPDATE_PROPERTY}=true);
     * otherwise one message naming the first line that differs and the command that regenerates the page.
     */
    public Optional<String> staleness() throws IOException {
        String rendered = rendered();
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.createDirectories(page.toAbsolutePath().getParent());
            Files.writeString(page, rendered, StandardCharsets.UTF_8);
            return Optional.empty();
        }
        if (!Files.exists(page)) {
            return Optional.of(page + " does not exist; write it with: " + regenerateCommand());
        }
        List<String> committed = Files.readString(page, StandardCharsets.UTF_8).lines().toList();
        List<String> current = rendered.lines().toList();
        for (int i = 0; i < Math.max(committed.size(), current.size()); i++) {
            String was = i < committed.size() ? committed.get(i) : "(end of file)";
            String now = i < current.size() ? current.get(i) : "(end of file)";
            if (!was.equals(now)) {
                return Optional.of(page + " is not what the CLI renders: line " + (i + 1) + " is\n  " + was
                        + "\nbut the code renders\n  " + now + "\nRegenerate it with: " + regenerateCommand());
            }
        }
        return Optional.empty();
    }
}
