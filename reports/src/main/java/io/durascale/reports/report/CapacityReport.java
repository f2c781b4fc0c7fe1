package io.durascale.reports.report;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.durascale.reports.analysis.RunAnalysis;
import io.durascale.reports.cost.Pricing;
import io.durascale.reports.report.sections.CostSection;
import io.durascale.reports.report.sections.EnvironmentSection;
import io.durascale.reports.report.sections.GatlingSection;
import io.durascale.reports.report.sections.LatencySection;
import io.durascale.reports.report.sections.PartitionSection;
import io.durascale.reports.report.sections.SizingSection;
import io.durascale.reports.report.sections.SummarySection;
import io.durascale.reports.report.sections.TimelineSection;
import io.durascale.reports.report.sections.WhatIfSection;
import io.durascale.run.RunReader;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The capacity report: one self-contained HTML page (styles, data and Apache ECharts inlined; nothing
 * fetched when it opens) for one run directory, or several side by side.
 */
public final class CapacityReport {

    static final List<Section> SECTIONS = List.of(new SummarySection(), new SizingSection(), new TimelineSection(),
            new PartitionSection(), new LatencySection(), new CostSection(), new WhatIfSection(), new EnvironmentSection(), new GatlingSection());

    private static final Pattern SCRIPT_END = Pattern.compile("(?i)</(script)");
    private static final Properties VERSIONS = versions();

    private final PebbleEngine engine;

    public CapacityReport() {
        ClasspathLoader loader = new ClasspathLoader(CapacityReport.class.getClassLoader());
        loader.setPrefix("io/durascale/reports/templates");
        loader.setSuffix(".peb");
        this.engine = new PebbleEngine.Builder().loader(loader).autoEscaping(true).newLineTrimming(true)
                .strictVariables(false).build();
    }

    /** The page for these runs, written to {@code outDir}: links in it are relative to that folder. */
    public String render(List<RunReader> runs, Pricing pricing, Path outDir) {
        return render("Capacity report", SECTIONS, runs, pricing, outDir);
    }

    /**
     * A page of these sections for these runs ({@code title}: the page's kind, followed by the runs' names). A page
     * that mixes measured and simulated runs labels every run with its kind.
     */
    public String render(String title, List<Section> sectionList, List<RunReader> given, Pricing pricing, Path outDir) {
        Kinds kinds = Kinds.of(given);
        List<RunReader> runs = kinds.mixed() ? given.stream().map(r -> r.labelled(r.label() + " (" + Kinds.of(r) + ")"))
                .toList() : given;
        List<RunAnalysis> analyses = runs.stream().map(RunAnalysis::new).toList();
        ReportContext context = new ReportContext(analyses, pricing, outDir);
        List<Map<String, Object>> sections = new ArrayList<>();
        ObjectNode charts = JsonNodeFactory.instance.objectNode();
        for (Section section : sectionList) {
            SectionView view = section.view(context);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("id", section.id());
            s.put("title", kinds.label(section.title()));
            s.put("view", view.model());
            sections.add(s);
            view.charts().forEach(c -> charts.set(c.id(), c.option()));
        }
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.set("charts", charts);
        Map<String, Object> page = new LinkedHashMap<>();
        String names = String.join(" vs ", runs.stream().map(RunReader::label).toList());
        page.put("title", kinds.label(title) + ": " + (names.length() > 200 ? runs.size() + " runs" : names));
        page.put("runs", runs.stream().map(r -> Map.of("label", r.label(), "path", r.path().toString(), "kind", Kinds.of(r)))
                .toList());
        page.put("simulated", kinds.anySimulated());
        page.put("mixed", kinds.mixed());
        page.put("generated", ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        page.put("version", VERSIONS.getProperty("durascale.version", "?"));
        page.put("echartsVersion", VERSIONS.getProperty("echarts.version", "?"));
        page.put("sections", sections);
        page.put("data", ScriptSafeJson.write(data));
        page.put("echarts", inlineScript(echarts()));
        page.put("script", inlineScript(resource("io/durascale/reports/report.js")));
        page.put("emulated", analyses.stream().anyMatch(RunAnalysis::emulated));
        StringWriter out = new StringWriter(1 << 20);
        try {
            engine.getTemplate("page").evaluate(out, page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Inlined script text must not close its own element; {@code <\/script} means the same inside JavaScript strings. */
    static String inlineScript(String js) {
        return SCRIPT_END.matcher(js).replaceAll("<\\\\/$1");
    }

    static String echarts() {
        return resource("META-INF/resources/webjars/echarts/" + VERSIONS.getProperty("echarts.version")
                + "/echarts.common.min.js");
    }

    private static String resource(String name) {
        try (InputStream in = CapacityReport.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the classpath: rebuild reports.jar (./mvnw -pl reports package)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties versions() {
        Properties p = new Properties();
        try (InputStream in = CapacityReport.class.getResourceAsStream("/io/durascale/reports/reports.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    public static String version() {
        return VERSIONS.getProperty("durascale.version", "?");
    }
}
