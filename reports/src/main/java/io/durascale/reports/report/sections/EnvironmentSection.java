package io.durascale.reports.report.sections;

import static io.durascale.reports.report.SectionView.map;

import com.fasterxml.jackson.databind.JsonNode;
import io.durascale.reports.analysis.RunAnalysis;
import io.durascale.reports.report.Figures;
import io.durascale.reports.report.ReportContext;
import io.durascale.reports.report.Section;
import io.durascale.reports.report.SectionView;
import io.durascale.reports.run.FileStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Where and how the runs were measured (run.json), and which contract files each run directory held. */
public final class EnvironmentSection implements Section {

    /** Account keys and SAS signatures never reach a report, even if a writer put them in run.json. */
    private static final Pattern SECRET = Pattern.compile(
            "(?i)\\b(AccountKey|SharedAccessKey|SharedAccessSignature|sig|password)=([^;&\\s\"]+)");

    @Override
    public String id() {
        return "environment";
    }

    @Override
    public String title() {
        return "Environment and inputs";
    }

    public static String redact(String text) {
        return text == null ? null : SECRET.matcher(text).replaceAll("$1=***");
    }

    @Override
    public SectionView view(ReportContext context) {
        SectionView view = new SectionView(id());
        List<Map<String, Object>> runs = new ArrayList<>();
        for (RunAnalysis run : context.runs()) {
            List<Map<String, Object>> props = new ArrayList<>();
            run.run().run().ifPresent(r -> describe(r, props));
            List<Map<String, Object>> files = new ArrayList<>();
            for (FileStatus s : run.run().statuses()) {
                files.add(map("file", s.file().fileName(), "state", s.state().name().toLowerCase(),
                        "content", s.file().content(), "detail", s.detail()));
            }
            runs.add(map("label", run.run().label(), "path", run.run().path().toString(), "props", props,
                    "emulated", run.emulated(), "files", files, "hasRun", run.run().run().isPresent()));
        }
        view.put("runs", runs);
        view.put("comparison", context.comparison());
        return view;
    }

    private static void describe(JsonNode r, List<Map<String, Object>> props) {
        for (Map.Entry<String, JsonNode> e : r.properties()) {
            JsonNode v = e.getValue();
            if (e.getKey().equals("machine") && v.isObject()) {
                JsonNode m = v;
                props.add(map("key", "machine", "value", String.join(", ", List.of(m.path("os").asText("?"),
                        m.path("cpus").asText("?") + " CPUs", Figures.bytes(m.path("memoryBytes").asDouble(Double.NaN)) + " memory",
                        "Java " + m.path("java").asText("?"), "max heap " + Figures.bytes(m.path("maxHeapBytes").asDouble(Double.NaN))))));
            } else if (e.getKey().equals("versions") && v.isObject()) {
                List<String> versions = new ArrayList<>();
                v.properties().forEach(x -> versions.add(x.getKey() + " " + x.getValue().asText()));
                props.add(map("key", "versions", "value", String.join(", ", versions)));
            } else {
                props.add(map("key", e.getKey(), "value", redact(v.isValueNode() ? v.asText() : v.toString())));
            }
        }
    }
}
