package io.durascale.run;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A run's {@code timeline.jsonl}: one JSON object a line, {@code {"t": epochMillis, "kind": "...", ...values}},
 * written by every producer that watches a run (the local autoscaler's decisions and pod phases, the
 * load tests' probes) and read by the report.
 *
 * <p>Thread-safe: producers share one instance; each line is written whole and flushed before
 * {@link #record} returns, so a reader (or a crash) never sees half a line. The file is opened for
 * appending, so a second instance on the same file (another process) adds lines rather than
 * overwriting them. {@link #none()} is the instance to pass when no timeline is wanted.
 *
 * <pre>{@code
 * try (Timeline timeline = Timeline.in(runDirectory)) {
 *     timeline.record("queue", Map.of("queue", "compute-jobs", "length", 42));
 * }
 * }</pre>
 */
public final class Timeline implements AutoCloseable {

    /** The file name in a run directory. */
    public static final String DEFAULT_FILE = "timeline.jsonl";

    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .build();
    private static final Timeline NONE = new Timeline(null, null, Clock.systemUTC());

    private final Path file;
    private final Clock clock;
    private OutputStream out;
    private boolean closed;

    private Timeline(Path file, OutputStream out, Clock clock) {
        this.file = file;
        this.out = out;
        this.clock = clock;
    }

    /** {@code timeline.jsonl} in the run directory, appended to if it exists. */
    public static Timeline in(RunDirectory run) {
        return to(run.file(DEFAULT_FILE));
    }

    /** A timeline file of any name, appended to if it exists. */
    public static Timeline to(Path file) {
        return to(file, Clock.systemUTC());
    }

    /** A timeline whose {@code t} comes from the given clock when a record names no time. */
    public static Timeline to(Path file, Clock clock) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(clock, "clock");
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
            return new Timeline(file.toAbsolutePath().normalize(), out, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the timeline " + file + ": " + e.getMessage(), e);
        }
    }

    /** A timeline that writes nothing. */
    public static Timeline none() {
        return NONE;
    }

    /** True if records go somewhere. */
    public boolean isEnabled() {
        return file != null;
    }

    /** The file written, if any. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** Records an event at the clock's current time. */
    public void record(String kind, Map<String, ?> values) {
        record(clock.instant(), kind, values);
    }

    /**
     * Records an event at a given time (producers with their own clock, such as a simulation).
     * Values are any Jackson-serialisable objects; {@code t} and {@code kind} are reserved.
     * After {@link #close} records are dropped, so a producer that outlives its run cannot fail on it.
     *
     * @throws IllegalArgumentException if the kind is empty or a value uses a reserved key
     * @throws UncheckedIOException if the line cannot be written
     */
    public void record(Instant at, String kind, Map<String, ?> values) {
        Objects.requireNonNull(at, "at");
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("a timeline record needs a kind");
        }
        if (values.containsKey("t") || values.containsKey("kind")) {
            throw new IllegalArgumentException("'t' and 'kind' are reserved in a timeline record (kind " + kind + ")");
        }
        if (file == null) {
            return;
        }
        byte[] line = encode(at.toEpochMilli(), kind, values);
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                // One write per line: with O_APPEND, lines from several writers never interleave.
                out.write(line);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write to the timeline " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static byte[] encode(long t, String kind, Map<String, ?> values) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(128);
        try (JsonGenerator json = JSON.getFactory().createGenerator(buffer)) {
            json.setCodec(JSON);
            json.writeStartObject();
            json.writeNumberField("t", t);
            json.writeStringField("kind", kind);
            for (Map.Entry<String, ?> entry : values.entrySet()) {
                json.writeFieldName(Objects.requireNonNull(entry.getKey(), "key"));
                json.writeObject(entry.getValue());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalArgumentException("a timeline record of kind " + kind + " cannot be written as JSON: "
                    + e.getMessage(), e);
        }
        buffer.write('\n');
        return buffer.toByteArray();
    }

    @Override
    public synchronized void close() {
        if (closed || out == null) {
            closed = true;
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the timeline " + file + ": " + e.getMessage(), e);
        } finally {
            out = null;
        }
    }

    @Override
    public String toString() {
        return file == null ? "no timeline" : file.toString();
    }
}
