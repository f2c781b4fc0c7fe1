package io.durascale.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.pipeline.events.BridgeCommand;
import io.durascale.pipeline.local.UpCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The command line: on-by-default switches turn off with --no-…, and bad flags are one line and exit code 2. */
class PipelineCliTest {

    @ParameterizedTest
    @CsvSource({
        "up,                    verify, true",
        "up --no-verify,        verify, false",
        "up --verify,           verify, true",
        "bridge,                verify, true",
        "bridge --no-verify,    verify, false",
        "api --no-history,      history, false",
        "api,                   history, true",
        "taskhub --no-extended-sessions, extendedSessions, false",
        "taskhub,               extendedSessions, true",
    })
    void onByDefaultSwitchesTurnOffWithNo(String args, String field, boolean expected) throws Exception {
        CommandLine cli = new CommandLine(new PipelineCli());
        CommandLine.ParseResult parsed = cli.parseArgs(args.trim().split("\\s+"));
        Object command = parsed.subcommand().commandSpec().userObject();
        Field f = command.getClass().getDeclaredField(field);
        f.setAccessible(true);
        assertThat(f.getBoolean(command)).as(args).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "up --bogus                | Unknown option: '--bogus'",
        "up --max-nodes many       | Invalid value for option '--max-nodes'",
        "up --scale-down-stabilization soon | Invalid value for option '--scale-down-stabilization'",
    })
    void aBadFlagIsOneLineAndExitCode2(String args, String expected) {
        StringWriter err = new StringWriter();
        CommandLine cli = PipelineCli.commandLine().setErr(new PrintWriter(err));
        int exit = cli.execute(args.trim().split("\\s+"));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains(expected).contains("pipeline.jar up --help");
        assertThat(err.toString().strip().lines()).as(err.toString()).hasSize(1);
        assertThat(UpCommand.class).isNotNull();
        assertThat(BridgeCommand.class).isNotNull();
    }
}
