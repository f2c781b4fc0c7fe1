package io.durascale.reports.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.reports.ReportsCli;
import io.durascale.reports.SyntheticRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {

    @TempDir
    Path tmp;

    @Test
    void aSweepFolderIsOneRowPerPointWithItsParametersAndFigures() throws IOException {
        Path folder = SyntheticRun.sweep(tmp.resolve("sweep"));

        assertThat(ReportsCli.execute("compare", folder.toString(), "--chart", "endToEndP95")).isZero();

        String html = Files.readString(folder.resolve("comparison/index.html"));
        assertThat(html).contains("<title>Runs compared (simulated): maxReplicas-2_partitions-4 vs maxReplicas-4_partitions-4",
                "<th><code>maxReplicas</code></th><th><code>partitions</code></th>", "end-to-end p95 across the runs");
        assertThat(Pattern.compile("<td class=\"kind-simulated\">simulated</td>").matcher(html).results().count()).isEqualTo(2);
        // The headline figures, formatted: 2.0 s to desired replicas, 30.0 s drained, 22.0 s to zero, p95 8.1 s and 8.3 s.
        assertThat(html).contains("<td class=\"num\">2.0 s</td><td class=\"num\">30.0 s</td><td class=\"num\">22.0 s</td>",
                "8.1 s", "8.3 s");
        assertThat(html).doesNotContain("Measured and simulated runs.");
    }

    @Test
    void measuredAndSimulatedRunsOnOnePageAreEachLabelled() throws IOException {
        Path folder = SyntheticRun.sweep(tmp.resolve("sweep"));
        Path measured = SyntheticRun.full(tmp.resolve("study"));
        Path out = tmp.resolve("page");

        assertThat(ReportsCli.execute("compare", measured.toString(), folder.toString(), "--out", out.toString())).isZero();

        String html = Files.readString(out.resolve("index.html"));
        assertThat(html).contains("<td>study (measured)</td><td class=\"kind-measured\">measured</td>",
                "<td>maxReplicas-2_partitions-4 (simulated)</td><td class=\"kind-simulated\">simulated</td>",
                "Runs compared (measured and simulated)", "Measured and simulated runs.",
                "first enqueue → queue drained (measured)", "first enqueue → queue drained (simulated)");
        // A measured run has no swept parameters: a dash, not a blank.
        assertThat(html).contains("<td class=\"kind-measured\">measured</td>\n      <td class=\"num\">—</td><td class=\"num\">—</td>");
    }

    @Test
    void aReportOfASweepFolderPointsToTheComparisonPage() {
        Path folder = SyntheticRun.sweep(tmp.resolve("sweep"));
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(ReportsCli.execute("report", folder.toString())).isZero();
        } finally {
            System.setOut(saved);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("is a folder of 2 run directories",
                "reports.jar compare " + folder);
    }

    @Test
    void badInputIsOneClearErrorWithStatusTwo() throws IOException {
        Path folder = SyntheticRun.sweep(tmp.resolve("sweep"));
        Path empty = Files.createDirectories(tmp.resolve("empty"));

        assertThat(ReportsCli.execute("compare", folder.toString(), "--chart", "latency")).isEqualTo(2);
        assertThat(ReportsCli.execute("compare", empty.toString())).isEqualTo(2);
        assertThat(ReportsCli.execute("compare", tmp.resolve("nope").toString())).isEqualTo(2);
        assertThat(ReportsCli.execute("compare")).isEqualTo(2);
    }
}
