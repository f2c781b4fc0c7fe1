package io.durascale.reports.report;

import io.durascale.run.RunReader;
import java.util.List;

/**
 * Whether a page's runs were measured or simulated: every title of a simulated page says "simulated", and a page
 * that mixes both says which run is which (issue 13: simulated figures are labelled in every report section).
 */
public record Kinds(int simulated, int measured) {

    public static final String SIMULATED = "simulated";
    public static final String MEASURED = "measured";

    public static Kinds of(List<RunReader> runs) {
        int s = (int) runs.stream().filter(RunReader::simulated).count();
        return new Kinds(s, runs.size() - s);
    }

    public static String of(RunReader run) {
        return run.simulated() ? SIMULATED : MEASURED;
    }

    public boolean mixed() {
        return simulated > 0 && measured > 0;
    }

    public boolean anySimulated() {
        return simulated > 0;
    }

    /** A title with the page's kind: "Verdicts (simulated)", "Verdicts (measured and simulated)". */
    public String label(String title) {
        if (simulated == 0 || title.contains("(simulated)")) {
            return title;
        }
        return title + (mixed() ? " (measured and simulated)" : " (simulated)");
    }
}
