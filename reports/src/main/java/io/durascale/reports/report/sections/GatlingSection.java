package io.durascale.reports.report.sections;

import static io.durascale.reports.report.SectionView.map;

import io.durascale.reports.analysis.RunAnalysis;
import io.durascale.reports.report.ReportContext;
import io.durascale.reports.report.Section;
import io.durascale.reports.report.SectionView;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Links to Gatling's own HTML reports, relative to the page so the folder can be moved or attached whole. */
public final class GatlingSection implements Section {

    @Override
    public String id() {
        return "gatling";
    }

    @Override
    public String title() {
        return "Gatling reports";
    }

    @Override
    public SectionView view(ReportContext context) {
        SectionView view = new SectionView(id());
        List<Map<String, Object>> links = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (RunAnalysis run : context.runs()) {
            if (run.run().gatlingReports().isEmpty()) {
                missing.add((context.comparison() ? run.run().label() + ": " : "")
                        + "no gatling/*/index.html in this run (written by the load tests).");
            }
            for (Path index : run.run().gatlingReports()) {
                links.add(map("run", run.run().label(), "name", index.getParent().getFileName().toString(),
                        "href", href(context.outDir(), index)));
            }
        }
        view.put("links", links);
        view.put("missing", missing);
        view.put("comparison", context.comparison());
        return view;
    }

    static String href(Path from, Path to) {
        String relative = from.toAbsolutePath().normalize().relativize(to.toAbsolutePath().normalize()).toString()
                .replace('\\', '/');
        if (relative.split("/", 2)[0].contains(":")) {
            relative = "./" + relative; // else "a:b/index.html" would read as a URI scheme
        }
        try {
            return new URI(null, null, relative, null).toASCIIString();
        } catch (URISyntaxException e) {
            return to.toUri().toString();
        }
    }
}
