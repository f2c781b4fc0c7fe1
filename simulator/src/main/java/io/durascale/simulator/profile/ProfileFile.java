package io.durascale.simulator.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.durascale.run.RunJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A profile as a JSON file: {@code {"name": ..., "values": {"partitions": {"value": 8, "source": "..."}, "maxReplicas": 50}}}
 * — each value with its source, or bare (its source is then the file). The bundled profiles ({@code azure}) are
 * complete; a user's file overrides some values of the profile it is applied to.
 *
 * @param name what the profile is
 * @param values by parameter key
 */
public record ProfileFile(String name, Map<String, Entry> values) {

    /** The bundled profiles, by name. */
    public static final String AZURE = "azure";

    public ProfileFile {
        values = values == null ? Map.of() : new LinkedHashMap<>(values);
    }

    /** One value: as text (numbers and booleans as JSON spells them), and its source when the file gives one. */
    public record Entry(String value, String source) {

        /** A bare value, or {@code {"value": ..., "source": ...}}. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Entry of(JsonNode node) {
            if (node.isObject()) {
                JsonNode value = node.get("value");
                JsonNode source = node.get("source");
                if (value == null || value.isContainerNode() || value.isNull()) {
                    throw new IllegalArgumentException("needs a \"value\" (text or a number)");
                }
                return new Entry(value.asText(), source == null || source.isNull() ? null : source.asText());
            }
            if (node.isContainerNode() || node.isNull()) {
                throw new IllegalArgumentException("must be a value or {\"value\": ..., \"source\": ...}");
            }
            return new Entry(node.asText(), null);
        }
    }

    /**
     * A bundled profile, complete and checked.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static Profile bundled(String name) {
        String resource = "/io/durascale/simulator/profiles/" + name + ".json";
        try (InputStream in = ProfileFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no bundled profile '" + name + "': the bundled one is " + AZURE
                        + "; give a file with --profile-file");
            }
            ProfileFile file = RunJson.MAPPER.readValue(in, ProfileFile.class);
            return file.applyTo(null, "bundled profile " + name).check();
        } catch (IOException e) {
            throw new IllegalStateException("the bundled profile " + name + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * A user's profile file applied over {@code base}.
     *
     * @throws IllegalArgumentException naming the file and the key or the syntax error
     */
    public static Profile read(Path file, Profile base) {
        ProfileFile parsed;
        try {
            parsed = RunJson.MAPPER.readValue(Files.readAllBytes(file), ProfileFile.class);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("profile file " + file + " does not exist");
        } catch (JsonProcessingException e) {
            String reason = e.getCause() instanceof IllegalArgumentException bad ? bad.getMessage() : e.getOriginalMessage();
            throw new IllegalArgumentException("profile file " + file + " is not a profile (line "
                    + e.getLocation().getLineNr() + ": " + reason + "); write {\"values\": {\"partitions\": 8}}");
        } catch (IOException e) {
            throw new IllegalArgumentException("profile file " + file + " cannot be read: " + e.getMessage());
        }
        try {
            return parsed.applyTo(base, "profile file " + file.getFileName()).check();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("profile file " + file + ": " + e.getMessage(), e);
        }
    }

    /** A profile as a complete profile file, every value with its source. */
    public static ProfileFile of(Profile profile) {
        Map<String, Entry> values = new LinkedHashMap<>();
        profile.settings().forEach(s -> values.put(s.parameter().key(), new Entry(s.text(), s.source())));
        return new ProfileFile(profile.name(), values);
    }

    /** This file's values over {@code base} (null: the file must be complete). */
    Profile applyTo(Profile base, String where) {
        Map<Parameter, Profile.Setting> settings = new EnumMap<>(Parameter.class);
        if (base != null) {
            base.settings().forEach(s -> settings.put(s.parameter(), s));
        }
        values.forEach((key, entry) -> {
            Parameter p = Parameter.of(key);
            settings.put(p, new Profile.Setting(p, p.parse(entry.value()), entry.source() != null ? entry.source() : where));
        });
        String profileName = base == null ? (name == null ? where : name)
                : base.name() + " + " + (name == null ? where : name);
        return new Profile(profileName, settings);
    }
}
