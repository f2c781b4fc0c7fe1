package io.durascale.reports.analysis;

/** A derived number with where it came from, so the report can say "from metrics.json" or "derived from the timeline". */
public record Figure(double value, String source) {

    public static final Figure UNKNOWN = new Figure(Double.NaN, null);

    public boolean known() {
        return Double.isFinite(value);
    }

    /** This figure if known, else the other. */
    public Figure or(Figure other) {
        return known() ? this : other;
    }
}
