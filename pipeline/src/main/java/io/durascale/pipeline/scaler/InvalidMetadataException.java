package io.durascale.pipeline.scaler;

import java.util.Objects;

/**
 * A request the scaler cannot answer as asked: trigger metadata (or another request field) that is missing,
 * malformed or out of range, with the field's path and what is wrong. The gRPC edge answers it as
 * {@code INVALID_ARGUMENT} with {@link #getMessage()}, so the KEDA operator's log names the field to fix.
 */
public final class InvalidMetadataException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * A field of {@code scalerMetadata}.
     *
     * @param field the metadata key, e.g. {@code maxActivitiesPerWorker}
     * @param problem what is wrong ("must be at least 1, got 0"); never the value of a secret
     */
    public InvalidMetadataException(String field, String problem) {
        this("scalerMetadata." + Objects.requireNonNull(field, "field"), problem, true);
    }

    private InvalidMetadataException(String field, String problem, boolean unused) {
        super(field + ": " + Objects.requireNonNull(problem, "problem"));
        this.field = field;
    }

    /** A field of the request itself, e.g. {@code metricName} of {@code GetMetricsRequest}. */
    public static InvalidMetadataException requestField(String field, String problem) {
        return new InvalidMetadataException(field, problem, true);
    }

    /** The field's path: {@code scalerMetadata.hub}, {@code metricName}. */
    public String field() {
        return field;
    }
}
