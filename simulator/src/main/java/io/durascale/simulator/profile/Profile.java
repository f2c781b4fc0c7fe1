package io.durascale.simulator.profile;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A value for every {@link Parameter}, each with where it came from: a bundled profile's published source and date,
 * a calibration from a measured run, a user's file, {@code --set}, a sweep point. Immutable: each override returns a
 * new profile, so a sweep's points share their base. Checked whole by {@link #check()}.
 */
public final class Profile {

    /** One parameter's value and its source. */
    public record Setting(Parameter parameter, Object value, String source) {
        public Setting {
            Objects.requireNonNull(parameter, "parameter");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(source, "source");
        }

        public String text() {
            return parameter.format(value);
        }
    }

    private final String name;
    private final EnumMap<Parameter, Setting> settings;

    Profile(String name, Map<Parameter, Setting> settings) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = new EnumMap<>(Parameter.class);
        this.settings.putAll(settings);
    }

    /** The profile's name: {@code azure}, {@code calibrated from <run>}, with what overrode it. */
    public String name() {
        return name;
    }

    public Profile named(String newName) {
        return new Profile(newName, settings);
    }

    /** The same profile with one value replaced. */
    public Profile with(Parameter parameter, Object value, String source) {
        EnumMap<Parameter, Setting> copy = new EnumMap<>(settings);
        copy.put(parameter, new Setting(parameter, value, source));
        return new Profile(name, copy);
    }

    /**
     * The same profile with {@code key=value} (from --set, a file or a sweep).
     *
     * @throws IllegalArgumentException for an unknown key or a bad value, in one sentence
     */
    public Profile with(String key, String value, String source) {
        Parameter parameter = Parameter.of(key.strip());
        return with(parameter, parameter.parse(value), source);
    }

    public Setting setting(Parameter parameter) {
        Setting s = settings.get(parameter);
        if (s == null) {
            throw new IllegalStateException("the profile '" + name + "' has no value for " + parameter.key());
        }
        return s;
    }

    public int integer(Parameter p) {
        Object v = setting(p).value();
        return v instanceof Long l ? (int) Math.min(Integer.MAX_VALUE, l) : (Integer) v;
    }

    public long whole(Parameter p) {
        return ((Number) setting(p).value()).longValue();
    }

    public double number(Parameter p) {
        return ((Number) setting(p).value()).doubleValue();
    }

    public Duration duration(Parameter p) {
        return (Duration) setting(p).value();
    }

    public long millis(Parameter p) {
        return duration(p).toMillis();
    }

    public boolean flag(Parameter p) {
        return (Boolean) setting(p).value();
    }

    public String text(Parameter p) {
        return (String) setting(p).value();
    }

    public Distribution distribution(Parameter p) {
        return (Distribution) setting(p).value();
    }

    /** Every setting in the parameters' order. */
    public List<Setting> settings() {
        return List.copyOf(settings.values());
    }

    /**
     * Checks the values against each other (one at a time they were checked when parsed).
     *
     * @throws IllegalArgumentException naming the parameters that disagree
     */
    public Profile check() {
        List<String> missing = new ArrayList<>();
        for (Parameter p : Parameter.values()) {
            if (!settings.containsKey(p)) {
                missing.add(p.key());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the profile '" + name + "' has no value for " + String.join(", ", missing));
        }
        if (integer(Parameter.MIN_REPLICAS) > integer(Parameter.MAX_REPLICAS)) {
            throw new IllegalArgumentException("minReplicas " + integer(Parameter.MIN_REPLICAS) + " is above maxReplicas "
                    + integer(Parameter.MAX_REPLICAS));
        }
        if (integer(Parameter.INITIAL_NODES) > integer(Parameter.MAX_NODES)) {
            throw new IllegalArgumentException("initialNodes " + integer(Parameter.INITIAL_NODES) + " is above maxNodes "
                    + integer(Parameter.MAX_NODES));
        }
        return this;
    }

    /** The profile as run.json carries it: every value as text, with its source. */
    public Description describe() {
        List<Description.Entry> entries = new ArrayList<>();
        for (Setting s : settings.values()) {
            entries.add(new Description.Entry(s.parameter().key(), s.text(), s.source()));
        }
        return new Description(name, entries);
    }

    /** run.json's {@code profile}: the name, then each parameter's value and source. */
    public record Description(String name, List<Entry> values) {

        public Description {
            values = List.copyOf(values);
        }

        /** One parameter. */
        @JsonPropertyOrder({"key", "value", "source"})
        public record Entry(String key, String value, String source) {
        }
    }
}
