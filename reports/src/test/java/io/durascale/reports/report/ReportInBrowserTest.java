package io.durascale.reports.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.durascale.reports.SyntheticRun;
import io.durascale.reports.cost.Pricing;
import io.durascale.run.RunReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report in a real headless Chromium (Debian's {@code chromium}), opened from file:// with every
 * network request sent to a dead proxy: it loads without console errors or exceptions, asks for nothing
 * over the network, draws every chart as SVG, and a full-page screenshot shows them. Skipped when
 * /usr/bin/chromium is absent (CI installs it with apt-get install -y chromium).
 */
class ReportInBrowserTest {

    @TempDir
    static Path tmp;

    private static HeadlessChromium chromium;

    @BeforeAll
    static void launch() throws Exception {
        Assumptions.assumeTrue(HeadlessChromium.available(),
                HeadlessChromium.BINARY + " is not installed (apt-get install -y chromium): browser checks skipped");
        chromium = HeadlessChromium.launch(tmp.resolve("chromium-profile"));
        chromium.send("Runtime.enable", Map.of());
        chromium.send("Log.enable", Map.of());
        chromium.send("Network.enable", Map.of());
        chromium.send("Page.enable", Map.of());
        chromium.send("Emulation.setDeviceMetricsOverride",
                Map.of("width", 1400, "height", 1000, "deviceScaleFactor", 1, "mobile", false));
    }

    @AfterAll
    static void close() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void forgetEarlierPages() {
        chromium.clearEvents();
    }

    @Test
    void fullReportLoadsWithoutErrorsDrawsEveryChartAndScreenshotShowsThem() throws Exception {
        Path run = SyntheticRun.full(tmp.resolve("20261121-200000-study"));
        Path page = write(List.of(run), run.resolve("report"));

        JsonNode state = open(page);

        assertThat(state.get("failed")).isEmpty();
        assertThat(state.get("containers").asInt()).isGreaterThanOrEqualTo(7);
        assertThat(state.get("charts").asInt()).isEqualTo(state.get("containers").asInt());
        for (JsonNode chart : state.get("drawn")) {
            assertThat(chart.get("svg").asInt()).as("svg in " + chart.get("id")).isEqualTo(1);
            assertThat(chart.get("paths").asInt()).as("drawn paths in " + chart.get("id")).isGreaterThan(10);
            assertThat(chart.get("text").asText()).as("axis and legend text in " + chart.get("id")).isNotBlank();
            // Numbers formatted for a person: no figure printed to its last float digit on any axis or label.
            assertThat(chart.get("text").asText()).as("numbers in " + chart.get("id")).doesNotContainPattern("\\d\\.\\d{6,}");
            if (chart.get("id").asText().startsWith("cost")) {
                // The cost bars' labels are money, formatted: "$0.0012", not the raw 0.0011733333333333333.
                assertThat(chart.get("text").asText()).as("cost labels").containsPattern("\\$\\d");
            }
        }
        assertNoConsoleErrorsAndNoNetwork();
        assertThat(state.get("bodyText").asText()).contains("Standard_D2s_v5", "not cloud capacity");
        // The study's what-if, labelled simulated, its figures formatted.
        assertThat(state.get("bodyText").asText()).contains("What-if at cloud scale (simulated)", "$770.88", "41.3 s");
        // Every tier's cost and the three designs, formatted for a person.
        assertThat(state.get("bodyText").asText()).contains("durascale-orchestration\tscaled (0..max)\t64.5",
                "(b) Seed 002: orchestration tier never below one pod", "start request → first job enqueued\t2.9 s")
                .containsPattern("\\(c\\) Always on: every scaled tier at its peak\t\\$0\\.\\d{1,4}\t\\$\\d[\\d,]*\\.\\d\\d\t");

        byte[] png = screenshot();
        Path shot = Path.of(System.getProperty("durascale.reports.screenshot", tmp.resolve("report.png").toString()));
        Files.createDirectories(shot.toAbsolutePath().getParent());
        Files.write(shot, png);
        assertThat(png.length).as("screenshot bytes").isGreaterThan(20_000);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(1400);
        assertThat(image.getHeight()).isGreaterThan(3000);
        assertThat(distinctColours(image)).as("colours in the screenshot").isGreaterThan(200);
        // The region of the first chart (the kernel's scaling curve) is drawn, not blank.
        JsonNode first = state.get("drawn").get(0);
        BufferedImage chartArea = image.getSubimage(first.get("x").asInt(), first.get("y").asInt(),
                Math.min(first.get("w").asInt(), image.getWidth() - first.get("x").asInt()), first.get("h").asInt());
        assertThat(distinctColours(chartArea)).as("colours inside the chart " + first.get("id")).isGreaterThan(10);
    }

    @Test
    void partialAndComparedRunsLoadWithoutErrors() throws Exception {
        Path partial = tmp.resolve("jmh-only");
        SyntheticRun.in(partial).jmh(1.0);
        Path a = SyntheticRun.full(tmp.resolve("20261120-100000-study"));
        Path b = SyntheticRun.full(tmp.resolve("20261121-200000-study-b"));
        SyntheticRun.in(b).jmh(1.7).sizing(1.7);

        JsonNode partialState = open(write(List.of(partial), tmp.resolve("partial-report")));
        assertThat(partialState.get("charts").asInt()).isEqualTo(partialState.get("containers").asInt()).isEqualTo(1);
        assertThat(partialState.get("bodyText").asText()).contains("sizing.json is not in this run");
        assertNoConsoleErrorsAndNoNetwork();

        chromium.clearEvents();
        JsonNode compared = open(write(List.of(a, b), tmp.resolve("comparison")));
        assertThat(compared.get("failed")).isEmpty();
        assertThat(compared.get("charts").asInt()).isEqualTo(compared.get("containers").asInt()).isGreaterThan(10);
        assertNoConsoleErrorsAndNoNetwork();
    }

    @Test
    void sweepComparisonPageDrawsItsChartWithFormattedLabels() throws Exception {
        Path folder = SyntheticRun.sweep(tmp.resolve("sweep"));
        Path measured = SyntheticRun.full(tmp.resolve("20261121-210000-study"));
        assertThat(io.durascale.reports.ReportsCli.execute("compare", measured.toString(), folder.toString(), "--out",
                tmp.resolve("compared").toString(), "--chart", "cost")).isZero();

        JsonNode state = open(tmp.resolve("compared/index.html"));

        assertThat(state.get("failed")).isEmpty();
        assertThat(state.get("charts").asInt()).isEqualTo(state.get("containers").asInt()).isEqualTo(1);
        JsonNode chart = state.get("drawn").get(0);
        assertThat(chart.get("svg").asInt()).isEqualTo(1);
        assertThat(chart.get("text").asText()).contains("(measured)", "(simulated)").containsPattern("\\$\\d")
                .doesNotContainPattern("\\d\\.\\d{6,}");
        assertThat(state.get("bodyText").asText()).contains("Runs compared (measured and simulated)", "maxReplicas");
        assertNoConsoleErrorsAndNoNetwork();
    }

    @Test
    void hostileStringsRunNoScript() throws Exception {
        Path run = tmp.resolve("hostile");
        SyntheticRun.in(run).hostile("</script><script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">")
                .runJson().jmh(1.0).sizing(1.0).taskhubBench().timeline().latency().metrics();

        JsonNode state = open(write(List.of(run), run.resolve("report")));

        assertThat(state.get("pwned").isNull()).as("window.__pwned").isTrue();
        assertThat(state.get("failed")).isEmpty();
        assertThat(state.get("bodyText").asText()).contains("</script><script>window.__pwned=1</script>");
        assertNoConsoleErrorsAndNoNetwork();
    }

    private static Path write(List<Path> runs, Path outDir) throws Exception {
        Files.createDirectories(outDir);
        String html = new CapacityReport().render(runs.stream().map(RunReader::read).toList(), Pricing.defaults(), outDir);
        return Files.writeString(outDir.resolve("index.html"), html, StandardCharsets.UTF_8);
    }

    /** Navigates, waits (with a deadline) for the load event and the report script, and returns what was drawn. */
    private static JsonNode open(Path page) throws Exception {
        chromium.send("Page.navigate", Map.of("url", page.toUri().toString()));
        HeadlessChromium.waitFor("the load event of " + page, Duration.ofSeconds(60),
                () -> !chromium.events("Page.loadEventFired").isEmpty());
        HeadlessChromium.waitFor("the report's charts", Duration.ofSeconds(60), () -> {
            try {
                return chromium.evaluate("!!(window.durascaleReport && window.durascaleReport.done)").asBoolean();
            } catch (Exception e) {
                return false;
            }
        });
        return chromium.evaluate("""
                (() => {
                  const els = Array.from(document.querySelectorAll('[data-chart]'));
                  return {
                    charts: window.durascaleReport.charts,
                    failed: window.durascaleReport.failed,
                    containers: els.length,
                    pwned: window.__pwned === undefined ? null : window.__pwned,
                    bodyText: document.body.innerText,
                    drawn: els.map(el => {
                      const r = el.getBoundingClientRect();
                      return { id: el.id, svg: el.querySelectorAll('svg').length,
                               paths: el.querySelectorAll('svg path').length,
                               text: Array.from(el.querySelectorAll('svg text')).map(t => t.textContent).join(' '),
                               x: Math.round(r.left + window.scrollX), y: Math.round(r.top + window.scrollY),
                               w: Math.round(r.width), h: Math.round(r.height) };
                    })
                  };
                })()""");
    }

    private static void assertNoConsoleErrorsAndNoNetwork() {
        List<String> errors = new ArrayList<>();
        chromium.events("Runtime.exceptionThrown").forEach(e -> errors.add("exception: " + e.path("exceptionDetails")));
        chromium.events("Runtime.consoleAPICalled").stream()
                .filter(e -> Set.of("error", "assert").contains(e.path("type").asText()))
                .forEach(e -> errors.add("console." + e.path("type").asText() + ": " + e.path("args")));
        chromium.events("Log.entryAdded").stream()
                .filter(e -> e.path("entry").path("level").asText().equals("error"))
                .forEach(e -> errors.add("log: " + e.path("entry").path("text").asText() + " " + e.path("entry").path("url").asText()));
        assertThat(errors).as("console errors").isEmpty();
        List<String> requests = chromium.events("Network.requestWillBeSent").stream()
                .map(e -> e.path("request").path("url").asText())
                .filter(url -> !url.startsWith("file:") && !url.startsWith("data:") && !url.startsWith("blob:")
                        && !url.startsWith("about:"))
                .toList();
        assertThat(requests).as("network requests of a self-contained page").isEmpty();
    }

    private static byte[] screenshot() throws Exception {
        JsonNode metrics = chromium.send("Page.getLayoutMetrics", Map.of());
        double height = metrics.path("cssContentSize").path("height").asDouble();
        JsonNode shot = chromium.send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", 1400, "height", height, "scale", 1)));
        return Base64.getDecoder().decode(shot.get("data").asText());
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
