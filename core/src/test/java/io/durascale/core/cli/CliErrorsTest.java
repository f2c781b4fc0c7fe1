package io.durascale.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.BindException;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** One line and a distinct exit code for what a user can cause; the trace only with --verbose; bugs keep theirs. */
class CliErrorsTest {

    @Command(name = "tool")
    static final class Tool implements Callable<Integer> {
        @Mixin
        CliErrors.Verbose verbose;
        static RuntimeException toThrow;

        @Override
        public Integer call() {
            throw toThrow;
        }
    }

    private final StringWriter err = new StringWriter();

    private int run(RuntimeException e, String... args) {
        Tool.toThrow = e;
        return new CommandLine(new Tool()).setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler(new CliErrors()).setParameterExceptionHandler(CliErrors::badFlags)
                .execute(args);
    }

    @Test
    void eachKindOfMistakeHasItsOwnExitCodeAndOneLine() {
        assertThat(run(new CliErrors.UserError("storage did not answer"))).isEqualTo(CliErrors.UNAVAILABLE);
        assertThat(run(new CliErrors.UserError("key refused", CliErrors.CREDENTIALS_REFUSED))).isEqualTo(4);
        assertThat(run(new IllegalArgumentException("--x must be positive"))).isEqualTo(CliErrors.USAGE);
        assertThat(run(new CliErrors.ConfigurationError("set X"))).isEqualTo(CliErrors.USAGE);
        assertThat(run(new RuntimeException("wrapped", new BindException("Address already in use"))))
                .isEqualTo(CliErrors.PORT_IN_USE);
        assertThat(err.toString().lines()).hasSize(5).allSatisfy(line -> assertThat(line).startsWith("error: "));
    }

    @Test
    void verbosePrintsTheTraceAfterTheLine() {
        assertThat(run(new CliErrors.UserError("storage did not answer", 3, new java.io.IOException("refused")),
                "--verbose")).isEqualTo(3);
        assertThat(err.toString().lines().findFirst()).contains("error: storage did not answer");
        assertThat(err.toString()).contains("Caused by: java.io.IOException: refused").contains("\tat ");
    }

    @Test
    void aBugIsNotAUserErrorAndKeepsItsTrace() {
        assertThat(run(new IllegalStateException("bug"))).isEqualTo(1);
        assertThat(err.toString()).contains("IllegalStateException: bug").contains("\tat ");
    }
}
