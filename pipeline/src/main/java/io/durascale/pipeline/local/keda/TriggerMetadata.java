package io.durascale.pipeline.local.keda;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A trigger's {@code metadata} (every value a string, as KEDA's CRD has it) and the one way its
 * parameters are read: required or with a default, as text, whole numbers or one of a set,
 * each error naming the parameter by its path. KEDA's generic parser
 * ({@code pkg/scalers/scalersconfig/typed_config.go}) plays this part for every scaler; the
 * trigger records check the ranges.
 */
public final class TriggerMetadata {

    private final Map<String, String> values;
    private final String where;

    private TriggerMetadata(Map<String, String> values, String where) {
        this.values = Map.copyOf(values);
        this.where = where;
    }

    /**
     * @param where the metadata's path, named in every error, e.g. {@code spec.triggers[0].metadata}
     */
    public static TriggerMetadata of(Map<String, String> values, String where) {
        return new TriggerMetadata(new LinkedHashMap<>(Objects.requireNonNull(values, "values")),
                Objects.requireNonNull(where, "where"));
    }

    /** A parameter that must be there and not blank. */
    public String required(String name) {
        return optional(name).orElseThrow(() -> invalid(name + " is required"));
    }

    /** A parameter that may be absent; blank counts as absent, as in KEDA. */
    public Optional<String> optional(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** A whole number, or {@code defaultValue} when absent. */
    public int integer(String name, int defaultValue) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.get());
        } catch (NumberFormatException e) {
            throw invalid(name + " must be a whole number, got '" + value.get() + "'");
        }
    }

    /**
     * One of a set, matched case-insensitively as KEDA does, or {@code defaultValue} when absent.
     *
     * @param parse returns the value for the lower-case text, or throws IllegalArgumentException naming the choices
     */
    public <T> T oneOf(String name, T defaultValue, Function<String, T> parse) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            return parse.apply(value.get().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    /** Every parameter as written (blank ones included), for a trigger that passes the metadata on whole. */
    public Map<String, String> values() {
        return values;
    }

    /** An error about this metadata: the path, then the message (which starts with the parameter's name). */
    public IllegalArgumentException invalid(String message) {
        return new IllegalArgumentException(where + "." + message);
    }

    @Override
    public String toString() {
        // Values are left out: a connection string may be one of them.
        return where + " " + values.keySet();
    }
}
