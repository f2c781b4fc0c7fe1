package io.durascale.simulator.profile;

import io.durascale.core.cli.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The kind of value a {@link Parameter} holds, with its range: the one place a value's text is parsed and checked.
 * Every error is one sentence without the parameter's name; {@link Parameter#parse} puts the name in front.
 */
public sealed interface ValueType {

    /** The typed value of the text. */
    Object parse(String text);

    /** The value as a profile writes it. */
    String format(Object value);

    /** What the value is, for the parameter reference: "whole number 1-16", "duration". */
    String describe();

    static ValueType integer(long min, long max) {
        return new Whole(min, max);
    }

    static ValueType number(double min, double max) {
        return new Decimal(min, max);
    }

    static ValueType duration(Duration min) {
        return new Time(min);
    }

    static ValueType bool() {
        return new Flag();
    }

    static ValueType choice(String... values) {
        return new Choice(List.of(values));
    }

    static ValueType distribution() {
        return new Random();
    }

    static ValueType text() {
        return new Text();
    }

    /** A whole number within [min, max], held as an Integer (or a Long beyond int). */
    record Whole(long min, long max) implements ValueType {
        @Override
        public Object parse(String text) {
            long v;
            try {
                v = Long.parseLong(text.strip().replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a whole number, got '" + text.strip() + "'");
            }
            if (v < min || v > max) {
                throw new IllegalArgumentException("must be " + min + " to " + max + ", got " + v);
            }
            return v <= Integer.MAX_VALUE && v >= Integer.MIN_VALUE ? (Object) (int) v : (Object) v;
        }

        @Override
        public String format(Object value) {
            return value.toString();
        }

        @Override
        public String describe() {
            return "whole number " + min + "-" + max;
        }
    }

    /** A number within [min, max], held as a Double. */
    record Decimal(double min, double max) implements ValueType {
        @Override
        public Object parse(String text) {
            double v;
            try {
                v = Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a number, got '" + text.strip() + "'");
            }
            if (!(v >= min && v <= max)) {
                throw new IllegalArgumentException("must be " + plain(min) + " to " + plain(max) + ", got " + text.strip());
            }
            return v;
        }

        @Override
        public String format(Object value) {
            return plain((Double) value);
        }

        @Override
        public String describe() {
            return "number " + plain(min) + "-" + plain(max);
        }

        private static String plain(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
    }

    /** A duration of at least {@code min}, held as a {@link Duration}. */
    record Time(Duration min) implements ValueType {
        @Override
        public Object parse(String text) {
            Duration d = Duration.ofNanos(Math.round(Distribution.duration(text) * 1e6));
            if (d.compareTo(min) < 0) {
                throw new IllegalArgumentException("must be at least " + Durations.format(min) + ", got " + text.strip());
            }
            return d;
        }

        @Override
        public String format(Object value) {
            Duration d = (Duration) value;
            return d.toNanos() % 1_000_000 == 0 ? Durations.format(d) : Distribution.ms(d.toNanos() / 1e6);
        }

        @Override
        public String describe() {
            return "duration (30s, 500ms, 1.5s, 2m)";
        }
    }

    /** true or false. */
    record Flag() implements ValueType {
        @Override
        public Object parse(String text) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            if (t.equals("true") || t.equals("false")) {
                return Boolean.valueOf(t);
            }
            throw new IllegalArgumentException("must be true or false, got '" + text.strip() + "'");
        }

        @Override
        public String format(Object value) {
            return value.toString();
        }

        @Override
        public String describe() {
            return "true or false";
        }
    }

    /** One of a set of words. */
    record Choice(List<String> values) implements ValueType {
        @Override
        public Object parse(String text) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            if (values.contains(t)) {
                return t;
            }
            throw new IllegalArgumentException("must be one of " + String.join(", ", values) + ", got '" + text.strip() + "'");
        }

        @Override
        public String format(Object value) {
            return value.toString();
        }

        @Override
        public String describe() {
            return String.join(" or ", values);
        }
    }

    /** A {@link Distribution} of durations. */
    record Random() implements ValueType {
        @Override
        public Object parse(String text) {
            return Distribution.parse(text);
        }

        @Override
        public String format(Object value) {
            return ((Distribution) value).text();
        }

        @Override
        public String describe() {
            return "duration or distribution: 5s, uniform(a, b), lognormal(median, p90), empirical(...), sequence(...), quantiles(...)";
        }
    }

    /** Free text (a name). */
    record Text() implements ValueType {
        @Override
        public Object parse(String text) {
            if (text.isBlank()) {
                throw new IllegalArgumentException("must not be empty");
            }
            return text.strip();
        }

        @Override
        public String format(Object value) {
            return value.toString();
        }

        @Override
        public String describe() {
            return "text";
        }
    }
}
