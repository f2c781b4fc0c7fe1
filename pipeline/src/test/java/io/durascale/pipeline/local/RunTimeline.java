package io.durascale.pipeline.local;

import io.durascale.run.timeline.TimelineEvent;
import io.durascale.run.timeline.TimelineFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A test's timeline.jsonl read back through run-format's reader, as the report reads it: every line a record. */
public final class RunTimeline {

    private RunTimeline() {
    }

    /** The events of one kind, in time order; fails if any line did not read as its kind's record. */
    public static <E extends TimelineEvent> List<E> read(Path file, Class<E> kind) {
        return read(file).of(kind);
    }

    public static TimelineFile read(Path file) {
        try {
            if (!Files.exists(file)) {
                return TimelineFile.empty();
            }
            TimelineFile timeline = TimelineFile.read(file);
            if (timeline.skippedLines() > 0) {
                throw new AssertionError(file + ": " + timeline.skippedLines() + " unreadable lines, first: "
                        + timeline.firstProblem());
            }
            if (timeline.events().stream().anyMatch(TimelineEvent.Other.class::isInstance)) {
                throw new AssertionError(file + " has lines of no known kind: " + timeline.events());
            }
            return timeline;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
