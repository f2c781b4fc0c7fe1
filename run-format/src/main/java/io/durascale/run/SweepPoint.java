package io.durascale.run;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * run.json's {@code sweepPoint}: which point of a what-if sweep ({@code simulate --sweep key=v1,v2 ...}) this run
 * directory is — the sweep's folder and the swept parameters' values, in the order they were given — so a comparison
 * page can show each run's row by its parameters.
 *
 * @param sweep the sweep's folder (the directory holding every point's run directory)
 * @param parameters the swept parameter keys and this point's values, as given on the command line
 */
@JsonPropertyOrder({"sweep", "parameters"})
public record SweepPoint(String sweep, Map<String, String> parameters) {

    /** run.json's settings section name. */
    public static final String SETTING = "sweepPoint";

    public SweepPoint {
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }
}
