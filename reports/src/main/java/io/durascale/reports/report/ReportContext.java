package io.durascale.reports.report;

import io.durascale.reports.analysis.RunAnalysis;
import io.durascale.reports.cost.Pricing;
import java.nio.file.Path;
import java.util.List;

/** What every section sees: the runs (one, or several to compare), the prices, and where the page goes. */
public record ReportContext(List<RunAnalysis> runs, Pricing pricing, Path outDir) {

    public boolean comparison() {
        return runs.size() > 1;
    }

    /** A chart series name, prefixed with the run's label when runs are compared. */
    public String seriesName(RunAnalysis run, String name) {
        return comparison() ? run.run().label() + ": " + name : name;
    }
}
