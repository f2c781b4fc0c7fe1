package io.durascale.reports.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.durascale.reports.ReportsCli;
import io.durascale.reports.SyntheticRun;
import io.durascale.reports.cost.Pricing;
import io.durascale.run.RunInfo;
import io.durascale.run.RunJson;
import io.durascale.run.RunReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapacityReportTest {

    private static final Pattern DATA = Pattern.compile(
            "<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL);
    private static final Pattern CONTAINER = Pattern.compile("data-chart=\"([^\"]+)\"");

    @TempDir
    Path tmp;

    @Test
    void fullRunShowsEverySectionWithChartsAndNoMissingInput() throws IOException {
        Path run = SyntheticRun.full(tmp.resolve("20261121-200000-study"));

        String html = render(run);

        for (String id : List.of("summary", "sizing", "timeline", "partitions", "latency", "cost", "what-if", "environment",
                "gatling")) {
            assertThat(html).contains("<section id=\"" + id + "\">");
        }
        // The verdicts, from the files that measured them.
        assertThat(html).contains("Standard_D2s_v5", "4.0 s", "first enqueue to first ready pod (metrics.json)");
        assertThat(html).contains("the fewest partitions reaching 90% of the best measured orchestrations/s: 6.8 of 7.1");
        assertThat(html).contains("every step was limited by machine CPU", "machine CPU (CPU 95%)");
        assertThat(html).doesNotContain("not measured", "is not in this run");
        // Emulated: the caveat is said plainly.
        assertThat(html).contains("id=\"emulator-caveat\"", "not cloud capacity");
        // Gatling report linked relative to report/.
        assertThat(html).contains("href=\"../gatling/batchburstsimulation-20261121200012345/index.html\"");
        // Every chart container has its option in the embedded data, and every option has a container.
        JsonNode charts = data(html).get("charts");
        List<String> containers = containers(html);
        assertThat(containers).hasSizeGreaterThanOrEqualTo(7);
        List<String> ids = new ArrayList<>();
        charts.fieldNames().forEachRemaining(ids::add);
        assertThat(ids).containsExactlyInAnyOrderElementsOf(containers);
        // The kernel's scaling curve carries the measured points and the JMH throughput results.
        JsonNode curve = charts.get("sizing-1").get("series");
        assertThat(curve.get(0).get("name").asText()).isEqualTo("sizing: stencil (block 256)");
        assertThat(curve.get(0).get("data").get(1).get(1).asDouble()).isEqualTo(330.1);
        assertThat(curve.toString()).contains("JMH KernelBenchmark.compute [blockSize=256, kernel=stencil]");
        // ECharts is inlined, not fetched.
        assertThat(html).contains("Licensed to the Apache Software Foundation").doesNotContain("<script src=");
        assertThat(html.length()).isBetween(600_000, 1_200_000);
    }

    @Test
    void whatIfSectionShowsTheSimulatedAnswerPerPartitionCountAndLinksThePointsReports() throws IOException {
        Path run = SyntheticRun.full(tmp.resolve("20261121-200000-study"));

        String html = render(run);

        String section = section(html, "what-if");
        assertThat(section).contains("What-if at cloud scale (simulated)", "Simulated.",
                "1,000,000 blocks/hour (100-block batches at 2.78/s) on Standard_D2s_v5",
                "azure cloud profile, with the study&#39;s sizing and counted operations",
                "0.096 USD per node-hour", "sizing.json recommended Standard_D2s_v5 (keda.md §6, 2026-11-21)",
                "Partitions that still help: <strong>8 (the fewest");
        // Formatted figures: scale-up and drain in seconds, p95 to a tenth, money with its currency.
        assertThat(section).contains("41.3 s", "1.8 s", "9.4 s", "5.2 s", "$770.88", "$911.04", "278");
        assertThat(section).doesNotContain("9400.5", "770.880");
        // Only the answer's row is marked.
        assertThat(Pattern.compile("<tr class=\"recommended\">\\s*<td class=\"num\">(\\d+) ").matcher(section).results()
                .map(m -> m.group(1)).toList()).containsExactly("8");
        // The 4-partition point was rendered: linked relative to report/; the others say so.
        assertThat(section).contains("href=\"../what-if/partitions-4/report/index.html\"", "not rendered");
        // The verdict, at the partitions that still help, labelled simulated.
        assertThat(section(html, "summary")).contains("At cloud scale (simulated what-if)",
                "12 pods on 12 × Standard_D2s_v5, $840.96/month", "simulated: 1,000,000 blocks/hour");
    }

    @Test
    void simulatedRunSaysSimulatedInItsTitleAndEverySectionHeader() throws IOException {
        Path run = tmp.resolve("20261121-200000-simulated");
        SyntheticRun.in(run).simulatedRunJson().timeline().latency().metrics();

        String html = render(run);

        assertThat(html).contains("<title>Capacity report (simulated): 20261121-200000-simulated</title>",
                "id=\"simulated-caveat\"", "simulated run directory");
        List<String> headers = Pattern.compile("<h2>(.*?)</h2>").matcher(html).results().map(m -> m.group(1)).toList();
        assertThat(headers).hasSize(CapacityReport.SECTIONS.size()).allSatisfy(h -> assertThat(h).contains("(simulated)"));
        assertThat(headers).contains("Verdicts (simulated)");
    }

    @Test
    void aComparisonOfMeasuredAndSimulatedRunsLabelsEachRun() throws IOException {
        Path measured = SyntheticRun.full(tmp.resolve("study"));
        Path simulated = tmp.resolve("sim");
        SyntheticRun.in(simulated).simulatedRunJson().timeline().latency().metrics();

        String html = new CapacityReport().render(List.of(RunReader.read(measured), RunReader.read(simulated)),
                Pricing.defaults(), tmp.resolve("cmp"));

        assertThat(html).contains("<th>study (measured)</th><th>sim (simulated)</th>", "Verdicts (measured and simulated)",
                "Measured and simulated runs.");
        assertThat(data(html).get("charts").get("cost-1").toString()).contains("sim (simulated): per month");
    }

    @Test
    void costSectionCountsEveryTierAndComparesTheThreeDesignsWithEveryPricesSource() throws IOException {
        Path run = SyntheticRun.full(tmp.resolve("20261121-200000-study"));

        String cost = section(render(run), "cost");

        // Tiers: the worker's pod-seconds are its own (not the other deployments'), the others at a small pod's price.
        assertThat(cost).contains("<code>durascale-orchestration</code></td><td>scaled (0..max)</td><td class=\"num\">64.5</td>",
                "<code>durascale-api</code></td><td>always on</td><td class=\"num\">75</td>",
                "<code>durascale-worker</code></td><td>scaled (0..max)</td>");
        // A small pod's share of the recommended SKU: 0.096 / 8 = 0.012 per pod-hour, the key and the assumption named.
        assertThat(cost).contains("<td class=\"num\">0.012</td>", "sizing.json: Standard_D2s_v5 at 0.096/h / tiers.podsPerNode (8)",
                "<code>tiers.podsPerNode</code>", "a small pod (0.25 vCPU, 0.5 GiB requests)");
        // The three designs, in order, priced.
        assertThat(cost).containsSubsequence("(a) Every tier scales to zero (as it ran)",
                "(b) Seed 002: orchestration tier never below one pod", "(c) Always on: every scaled tier at its peak");
        // The orchestration tier's cold start and its time back to zero.
        assertThat(cost).contains("start request → tier active (KEDA 0 → 1)</th><td class=\"num\">500 ms</td>",
                "start request → first job enqueued</th><td class=\"num\">2.9 s</td>",
                "last work → zero replicas</th><td class=\"num\">15.0 s</td>");
    }

    @Test
    void theThreeDesignsAreCostedFromTheTiersPodSeconds() {
        Path run = SyntheticRun.full(tmp.resolve("run"));

        io.durascale.reports.cost.TierCost cost = io.durascale.reports.cost.TierCost.of(
                new io.durascale.reports.analysis.RunAnalysis(RunReader.read(run)), Pricing.defaults());

        double small = 0.012;
        double always = 3 * 75 * small / 3600;
        double worker = cost.tiers().stream().filter(t -> t.deployment().equals("durascale-worker")).findFirst().orElseThrow()
                .cost();
        double workerPeak = 4 * 75 * 0.048 / 3600;
        assertThat(cost.designs()).hasSize(3);
        assertThat(cost.designs().get(0).perRun()).isCloseTo(always + worker + 64.5 * small / 3600, within(1e-9));
        assertThat(cost.designs().get(1).perRun()).isCloseTo(always + worker + 97 * small / 3600, within(1e-9));
        assertThat(cost.designs().get(2).perRun()).isCloseTo(always + workerPeak + 2 * 75 * small / 3600, within(1e-9));
    }

    /** The HTML of one section, from its opening tag to the next. */
    static String section(String html, String id) {
        int start = html.indexOf("<section id=\"" + id + "\">");
        assertThat(start).as("section " + id).isNotNegative();
        int end = html.indexOf("<section id=", start + 1);
        return html.substring(start, end < 0 ? html.length() : end);
    }

    @Test
    void timelineChartHasQueueDepthReplicasAndNodeMarkers() throws IOException {
        Path run = SyntheticRun.full(tmp.resolve("run"));

        JsonNode timeline = data(render(run)).get("charts").get("timeline-1");

        List<String> names = new ArrayList<>();
        timeline.get("series").forEach(s -> names.add(s.get("name").asText()));
        assertThat(names).contains("queue compute-jobs", "queue durascalehub-control-00", "desired replicas",
                "ready replicas", "durascale-orchestration pods", "events (nodes, load, KEDA)");
        assertThat(names).doesNotContain("durascale-api pods");
        assertThat(timeline.toString()).contains("node-2 provisioning", "node-2 ready", "burst-start", "KEDA activate",
                "KEDA deactivate");
        JsonNode ready = timeline.get("series").findParents("name").stream()
                .filter(s -> s.get("name").asText().equals("ready replicas")).findFirst().orElseThrow();
        assertThat(ready.get("step").asText()).isEqualTo("end");
        double peak = 0;
        for (JsonNode p : ready.get("data")) {
            peak = Math.max(peak, p.get(1).asDouble());
        }
        assertThat(peak).isEqualTo(4);
    }

    @Test
    void partialRunShowsWhatExistsAndSaysWhatIsMissing() throws IOException {
        Path run = tmp.resolve("jmh-only");
        SyntheticRun.in(run).jmh(1.0);

        String html = render(run);

        assertThat(html).contains("sizing.json is not in this run", "timeline.jsonl is not in this run",
                "no gatling/*/index.html in this run", "run.json is not in this run");
        assertThat(html).contains("needs sizing.json (the sizing command)");
        assertThat(html).doesNotContain("id=\"emulator-caveat\"");
        // The JMH table and the scaling curve still render.
        assertThat(html).contains("CalibrationBenchmark.sha256", "KernelBenchmark.compute");
        assertThat(containers(html)).contains("sizing-1").doesNotContain("timeline-1");
    }

    @Test
    void emptyRunDirectoryStillGivesAPageThatSaysEverythingIsMissing() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("empty"));

        String html = render(run);

        assertThat(html).contains("not measured").contains("<td class=\"state-missing\">missing</td>");
        assertThat(Pattern.compile("<td class=\"state-missing\">").matcher(html).results().count())
                .isEqualTo(io.durascale.run.RunFile.values().length);
    }

    @Test
    void unreadableFileIsNamedAndTheRestStillRenders() throws IOException {
        Path run = SyntheticRun.full(tmp.resolve("broken"));
        Files.writeString(run.resolve("sizing.json"), "{\"kernel\": \"stencil\", ");
        Files.writeString(run.resolve("timeline.jsonl"), Files.readString(run.resolve("timeline.jsonl")) + "{\"t\": 17");

        String html = render(run);

        assertThat(html).contains("Could not read: sizing.json: not valid JSON at line 1",
                "timeline.jsonl: skipped 1 unreadable line(s)");
        assertThat(html).contains("state-unreadable").contains("queue compute-jobs");
    }

    @Test
    void severalRunsAreComparedSideBySide() throws IOException {
        Path before = tmp.resolve("20261120-100000-study");
        Path after = tmp.resolve("20261121-200000-study");
        SyntheticRun.full(before);
        SyntheticRun.full(after);
        SyntheticRun.in(after).jmh(1.6).sizing(1.6);

        String html = new CapacityReport().render(List.of(RunReader.read(before), RunReader.read(after)),
                Pricing.defaults(), tmp.resolve("cmp"));

        assertThat(html).contains("<th>20261120-100000-study</th><th>20261121-200000-study</th>");
        JsonNode charts = data(html).get("charts");
        String curve = charts.get("sizing-1").toString();
        assertThat(curve).contains("20261120-100000-study: sizing: stencil", "20261121-200000-study: sizing: stencil");
        // The overlay of the two timelines, aligned at the first enqueue.
        assertThat(chartTitled(html, "Runs compared, aligned at the first enqueue").toString())
                .contains("20261120-100000-study: ready replicas", "20261121-200000-study: queue compute-jobs");
        assertThat(charts.get("cost-1").get("series")).hasSize(2);
    }

    @Test
    void hostileStringsCannotBreakOutOfHtmlOrScript() throws IOException {
        String attack = "</script><script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">'\u2028";
        Path run = tmp.resolve("hostile");
        SyntheticRun.in(run).hostile(attack).runJson().jmh(1.0).sizing(1.0).taskhubBench().timeline().latency().metrics();

        String html = render(run);

        assertThat(html).doesNotContain("<script>window.__pwned", "<img src=x");
        // Exactly the page's own three scripts.
        assertThat(Pattern.compile("<script").matcher(html).results().count()).isEqualTo(3);
        assertThat(html).contains("&lt;/script&gt;&lt;script&gt;window.__pwned=1");
        // The data still carries the string intact for the charts.
        assertThat(data(html).toString()).contains("</script><script>window.__pwned=1</script>");
    }

    @Test
    void storageSecretsNeverReachThePage() throws IOException {
        Path run = tmp.resolve("cluster");
        SyntheticRun.in(run).runJson(RunInfo.of("load-test").withTarget("cluster")
                .withStorage("DefaultEndpointsProtocol=https;AccountName=durascale;AccountKey=c2VjcmV0S2V5MTIz==;"
                        + "EndpointSuffix=core.windows.net", false)
                .withSetting("queueSas", "https://durascale.queue.core.windows.net/?sv=2022-11-02&sig=AbC%2Bsecret&se=2026"));

        String html = render(run);

        assertThat(html).doesNotContain("c2VjcmV0S2V5MTIz", "AbC%2Bsecret")
                .contains("AccountName=durascale;AccountKey=***;", "sig=***");
        assertThat(html).doesNotContain("id=\"emulator-caveat\"");
    }

    @Test
    void commandWritesIndexHtmlUnderTheRunDirectoryAndOverridesPrices() throws IOException {
        Path run = SyntheticRun.full(tmp.resolve("run"));

        int status = ReportsCli.execute("report", run.toString(), "--price", "functions.pricePerGbSecond=0.000026");

        assertThat(status).isZero();
        String html = Files.readString(run.resolve("report/index.html"));
        assertThat(html).contains("0.000026", "--price functions.pricePerGbSecond");
    }

    @Test
    void badInputIsOneClearErrorWithStatusTwo() throws IOException {
        Path run = SyntheticRun.full(tmp.resolve("run"));
        Path prices = Files.writeString(tmp.resolve("prices.json"), "{\"pricePerPodHour\": \"cheap\"}");

        assertThat(ReportsCli.execute("report", tmp.resolve("nope").toString())).isEqualTo(2);
        assertThat(ReportsCli.execute("report", run.toString(), "--price", "pricePerPodHours=1")).isEqualTo(2);
        assertThat(ReportsCli.execute("report", run.toString(), "--pricing", prices.toString())).isEqualTo(2);
        assertThat(ReportsCli.execute("report")).isEqualTo(2);
    }

    private String render(Path run) {
        return new CapacityReport().render(List.of(RunReader.read(run)), Pricing.defaults(), run.resolve("report"));
    }

    static JsonNode data(String html) throws IOException {
        Matcher m = DATA.matcher(html);
        assertThat(m.find()).as("embedded report data").isTrue();
        return RunJson.MAPPER.readTree(m.group(1));
    }

    /** The option of the chart whose caption is {@code title}. */
    static JsonNode chartTitled(String html, String title) throws IOException {
        Matcher m = Pattern.compile("<figcaption>" + Pattern.quote(title) + "</figcaption>\\s*<div class=\"chart\" id=\"([^\"]+)\"")
                .matcher(html);
        assertThat(m.find()).as("chart " + title).isTrue();
        return data(html).get("charts").get(m.group(1));
    }

    static List<String> containers(String html) {
        return CONTAINER.matcher(html).results().map(r -> r.group(1)).toList();
    }
}
