package io.durascale.reports.report.sections;

import static io.durascale.reports.report.SectionView.map;

import com.fasterxml.jackson.databind.JsonNode;
import io.durascale.reports.analysis.RunAnalysis;
import io.durascale.reports.report.Figures;
import io.durascale.reports.report.ReportContext;
import io.durascale.reports.report.Section;
import io.durascale.reports.report.SectionView;
import io.durascale.run.FileStatus;
import io.durascale.run.Machine;
import io.durascale.run.RunInfo;
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
            run.run().run().ifPresent(r -> describe(r, run.run().runEntries(), props));
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

    /** Every run.json entry in the file's order; the machine and the versions in words, the rest as written. */
    private static void describe(RunInfo r, List<Map.Entry<String, JsonNode>> entries, List<Map<String, Object>> props) {
        for (Map.Entry<String, JsonNode> e : entries) {
            JsonNode v = e.getValue();
            if (e.getKey().equals("machine") && r.machine() != null) {
                Machine m = r.machine();
                props.add(map("key", "machine", "value", String.join(", ", List.of(m.os() == null ? "?" : m.os(),
                        (m.cpus() == null ? "?" : m.cpus()) + " CPUs", Figures.bytes(Figures.orUnknown(m.memoryBytes())) + " memory",
                        "Java " + (m.java() == null ? "?" : m.java()),
                        "max heap " + Figures.bytes(Figures.orUnknown(m.maxHeapBytes()))))));
            } else if (e.getKey().equals("versions") && r.versions() != null) {
                List<String> versions = new ArrayList<>();
                r.versions().forEach((name, version) -> versions.add(name + " " + version));
                props.add(map("key", "versions", "value", String.join(", ", versions)));
            } else {
                props.add(map("key", e.getKey(), "value", redact(v.isValueNode() ? v.asText() : v.toString())));
            }
        }
    }
}
