package io.durascale.run;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * {@code pod-start.json}: how long a worker takes from process start to its {@code /readyz} answering 200, measured
 * cold ({@code worker.jar startup}), once per JDK and start-up mode, in milliseconds.
 *
 * @param runs cold starts per series
 * @param series one per JDK × mode ({@code plain}: no start-up cache; {@code cached}: with it; {@code before}: an
 *     earlier jar, plain, given to compare with)
 */
public record PodStart(int runs, List<Series> series) {

    public PodStart {
        series = series == null ? List.of() : List.copyOf(series);
    }

    /**
     * One JDK and mode: every start's time, and their median, quartiles and extremes.
     *
     * @param jdk the JDK's feature release ({@code 17}, {@code 25})
     * @param java the {@code java} executable
     * @param mode {@code before}, {@code plain} or {@code cached}
     * @param cache what the cached mode used ({@code AOT cache (JDK 25)}, {@code class-data-sharing archive (JDK 17)});
     *     for {@code before}, the earlier jar
     */
    @JsonPropertyOrder({"jdk", "java", "mode", "cache", "medianMs", "p25Ms", "p75Ms", "minMs", "maxMs", "startsMs"})
    public record Series(int jdk, String java, String mode, String cache, double medianMs, double p25Ms, double p75Ms,
                         double minMs, double maxMs, List<Long> startsMs) {
    }
}
