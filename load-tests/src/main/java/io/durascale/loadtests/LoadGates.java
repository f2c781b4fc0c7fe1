package io.durascale.loadtests;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The thresholds a load test must meet, which the simulations turn into Gatling assertions so a
 * breach fails {@code mvn gatling:test}. The bundled file is generous (the embedded stack on a
 * shared 2-core machine); give your own with {@code -Dgates=path/to/gates.json}. Keys:
 * <ul>
 *   <li>{@code orchestrationP95Ms}: 95th percentile of an orchestration's end-to-end time, from the
 *   start request to the status poll that saw it finish (Gatling's "orchestration" group duration);</li>
 *   <li>{@code orchestrationMaxMs}: the longest one;</li>
 *   <li>{@code maxFailedOrchestrations}: orchestrations that ended other than Completed, timed out,
 *   or completed with failed blocks;</li>
 *   <li>{@code maxFailedRequestsPercent}: failed HTTP requests of any kind, in percent.</li>
 * </ul>
 * A key left out is not checked.
 */
public record LoadGates(Integer orchestrationP95Ms, Integer orchestrationMaxMs, Integer maxFailedOrchestrations,
                        Double maxFailedRequestsPercent) {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final String BUNDLED = "/io/durascale/loadtests/gates.json";

    public LoadGates {
        if (orchestrationP95Ms != null && orchestrationP95Ms <= 0 || orchestrationMaxMs != null && orchestrationMaxMs <= 0
                || maxFailedOrchestrations != null && maxFailedOrchestrations < 0
                || maxFailedRequestsPercent != null && (maxFailedRequestsPercent < 0 || maxFailedRequestsPercent > 100)) {
            throw new IllegalArgumentException("gates: times must be above 0, maxFailedOrchestrations 0 or more, "
                    + "maxFailedRequestsPercent 0-100");
        }
    }

    /** The file given, else the bundled defaults. */
    public static LoadGates load(Optional<Path> file) {
        if (file.isPresent()) {
            Path path = file.get();
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("-Dgates: no file " + path.toAbsolutePath());
            }
            try (InputStream in = Files.newInputStream(path)) {
                return parse(in, path.toString());
            } catch (IOException e) {
                throw new IllegalArgumentException("-Dgates: cannot read " + path + ": " + e.getMessage());
            }
        }
        try (InputStream in = LoadGates.class.getResourceAsStream(BUNDLED)) {
            return parse(in, "the bundled gates.json");
        } catch (IOException e) {
            throw new IllegalStateException("the bundled gates.json is unreadable", e);
        }
    }

    static LoadGates parse(InputStream in, String source) {
        try {
            return JSON.readValue(in, LoadGates.class);
        } catch (IOException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new IllegalArgumentException("gates file " + source + " is not valid: " + message);
        }
    }
}
