package io.durascale.core.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people and Helm charts write them: {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, or ISO {@code PT30S}. */
public final class Durations {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h|d)?");

    private Durations() {
    }

    /**
     * Parses a duration; a bare number means seconds.
     *
     * @throws IllegalArgumentException with the accepted forms
     */
    public static Duration parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher simple = SIMPLE.matcher(value);
        if (simple.matches()) {
            long amount;
            try {
                amount = Long.parseLong(simple.group(1));
            } catch (NumberFormatException e) {
                throw invalid(text);
            }
            String unit = simple.group(2) == null ? "s" : simple.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        if (value.startsWith("pt") || value.startsWith("p")) {
            try {
                Duration duration = Duration.parse(value.toUpperCase(Locale.ROOT));
                if (!duration.isNegative()) {
                    return duration;
                }
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        }
        throw invalid(text);
    }

    /** Short human form: {@code 30s}, {@code 1500ms}, {@code 2m}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds != 0 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration: write e.g. 30s, 500ms, 2m, 1h or PT30S");
    }
}
