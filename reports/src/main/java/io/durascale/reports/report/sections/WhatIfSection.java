package io.durascale.reports.report.sections;

import static io.durascale.reports.report.SectionView.map;

import io.durascale.reports.analysis.RunAnalysis;
import io.durascale.reports.report.Figures;
import io.durascale.reports.report.ReportContext;
import io.durascale.reports.report.Section;
import io.durascale.reports.report.SectionView;
import io.durascale.run.FileStatus;
import io.durascale.run.RunFile;
import io.durascale.run.WhatIfAnswer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The study's cloud question (what-if.json): the sizing's target on the recommended SKU, simulated on the cloud
 * profile at several partition counts — every figure simulated, the profile named, each point linked to its own
 * report when one was rendered.
 */
public final class WhatIfSection implements Section {

    @Override
    public String id() {
        return "what-if";
    }

    @Override
    public String title() {
        return "What-if at cloud scale (simulated)";
    }

    @Override
    public SectionView view(ReportContext context) {
        SectionView view = new SectionView(id());
        List<Map<String, Object>> runs = new ArrayList<>();
        for (RunAnalysis run : context.runs()) {
            WhatIfAnswer answer = run.run().whatIf().orElse(null);
            if (answer == null) {
                FileStatus status = run.run().status(RunFile.WHAT_IF);
                runs.add(map("label", run.run().label(), "missing", status.state() == FileStatus.State.UNREADABLE
                        ? RunFile.WHAT_IF.fileName() + " could not be read: " + status.detail()
                        : RunFile.WHAT_IF.fileName() + " is not in this run: ./durascale study writes it (its what-if step, "
                        + RunFile.WHAT_IF.writtenBy() + ")"));
                continue;
            }
            List<Map<String, Object>> points = new ArrayList<>();
            for (WhatIfAnswer.Point p : answer.points()) {
                points.add(map("partitions", p.partitions(),
                        "helps", answer.partitionsThatStillHelp() != null && p.partitions() == answer.partitionsThatStillHelp(),
                        "steadyPods", Figures.number(p.steadyPods()), "steadyNodes", Figures.number(p.steadyNodes()),
                        "peakPods", Figures.number(p.peakPods()), "peakNodes", Figures.number(p.peakNodes()),
                        "scaleUp", Figures.millis(Figures.orUnknown(p.firstEnqueueToDesiredReplicasMs())),
                        "drain", Figures.millis(Figures.orUnknown(p.lastArrivalToQueueDrainedMs())),
                        "p95", Figures.millis(Figures.orUnknown(p.orchestrationEndToEndP95Ms())),
                        "blocksPerSecond", Figures.number(p.blocksPerSecond()),
                        "monthly", Figures.money(p.monthlyCost(), p.currency() == null ? answer.currency() : p.currency()),
                        "report", pointReport(run.run().path(), p.run(), context.outDir())));
            }
            Integer helping = answer.partitionsThatStillHelp();
            runs.add(map("label", run.run().label(), "question", answer.question(), "profile", answer.profile(),
                    "sku", answer.sku(), "points", points,
                    "helping", helping == null ? "none measurably: more partitions do not lower the end-to-end p95"
                            : helping + " (the fewest whose end-to-end p95 is within 5 % of the best)",
                    "price", Figures.price(Figures.orUnknown(answer.nodePricePerHour())) + " " + answer.currency()
                            + " per node-hour", "priceSource", answer.priceSource(),
                    "note", answer.points().isEmpty() ? null : answer.points().get(0).note(), "notes", answer.notes()));
        }
        view.put("runs", runs);
        view.put("comparison", context.comparison());
        return view;
    }

    /** The point's own report, relative to the page, when it was rendered. */
    private static String pointReport(Path runDir, String point, Path outDir) {
        if (point == null) {
            return null;
        }
        Path index = runDir.resolve(point).resolve("report").resolve("index.html").normalize();
        if (!Files.isRegularFile(index)) {
            return null;
        }
        return outDir.toAbsolutePath().normalize().relativize(index).toString().replace('\\', '/');
    }
}
