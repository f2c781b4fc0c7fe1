package io.durascale.run.timeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.durascale.run.RunDirectory;
import io.durascale.run.RunFile;
import io.durascale.run.RunJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * A run's {@code timeline.jsonl}, the writing side: one {@link TimelineEvent} a line, written by every producer
 * that watches a run (the local autoscaler's decisions and pod phases, the load tests' probes, the simulator) and
 * read by {@link TimelineFile}.
 *
 * <p>Thread-safe: producers share one instance; each line is written whole and flushed before {@link #record}
 * returns, so a reader (or a crash) never sees half a line. The file is opened for appending, so a second instance
 * on the same file (another process) adds lines rather than overwriting them. {@link #none()} writes nothing.
 */
public final class Timeline implements AutoCloseable {

    private static final Timeline NONE = new Timeline(null, null);

    private final Path file;
    private OutputStream out;
    private boolean closed;

    private Timeline(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
    }

    /** {@code timeline.jsonl} in the run directory, appended to if it exists. */
    public static Timeline in(RunDirectory run) {
        return to(run.file(RunFile.TIMELINE));
    }

    /** A timeline file of any name, appended to if it exists. */
    public static Timeline to(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
            return new Timeline(file.toAbsolutePath().normalize(), out);
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

    /**
     * Appends one event. After {@link #close} events are dropped, so a producer that outlives its run cannot
     * fail on it.
     *
     * @throws UncheckedIOException if the line cannot be written
     */
    public void record(TimelineEvent event) {
        Objects.requireNonNull(event, "event");
        if (file == null) {
            return;
        }
        byte[] line = encode(event);
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

    /** The line for an event: {@code t}, then {@code kind}, then the event's values. */
    static byte[] encode(TimelineEvent event) {
        ObjectNode line = RunJson.MAPPER.createObjectNode();
        line.put("t", event.t());
        line.put("kind", event.kind());
        if (event instanceof TimelineEvent.Other other) {
            if (other.values() instanceof ObjectNode values) {
                values.properties().forEach(e -> {
                    if (!e.getKey().equals("t") && !e.getKey().equals("kind")) {
                        line.set(e.getKey(), e.getValue());
                    }
                });
            }
        } else {
            ObjectNode values = RunJson.MAPPER.valueToTree(event);
            values.remove("t");
            line.setAll(values);
        }
        return (line.toString() + "\n").getBytes(StandardCharsets.UTF_8);
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
