package io.durascale.pipeline.scaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.durascale.pipeline.PipelineCli;
import io.durascale.storage.StorageResolution;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code pipeline.jar scaler} is a production command: it needs a connection string and says so in one line. */
class ScalerCommandTest {

    @Test
    void withoutAConnectionStringItStopsWithOneLineAndExitCode2() {
        assumeThat(System.getenv(StorageResolution.CONNECTION_STRING_ENV)).as("the environment gives none").isNull();
        StringWriter err = new StringWriter();
        int exit = PipelineCli.commandLine().setErr(new PrintWriter(err)).execute("scaler", "--port", "0");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip().lines()).singleElement().asString()
                .startsWith("error: No Azure Storage connection string was given")
                .contains(StorageResolution.CONNECTION_STRING_ENV).contains("--connection");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "scaler --port 70000         | --port must be 0-65535, got 70000",
        "scaler --metrics-port -5    | --metrics-port must be -1 (off) or 0-65535, got -5",
        "scaler --port six           | Invalid value for option '--port'",
    })
    void badPortsAreOneLineAndExitCode2(String args, String expected) {
        StringWriter err = new StringWriter();
        CommandLine cli = PipelineCli.commandLine().setErr(new PrintWriter(err));
        assertThat(cli.execute(args.trim().split("\\s+"))).isEqualTo(2);
        assertThat(err.toString()).contains(expected);
        assertThat(err.toString().strip().lines()).hasSize(1);
    }

    @Test
    void defaultsAreKedasExamplePortAndLoopback() {
        ScalerCommand command = new ScalerCommand();
        new CommandLine(command).parseArgs();
        assertThat(command.port).isEqualTo(6000);
        assertThat(command.bind).isEqualTo("127.0.0.1");
        assertThat(command.metricsPort).isEqualTo(9466);
    }
}
