package io.durascale.run.timeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.durascale.run.RunJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@code timeline.jsonl} as read: its events in time order. Lines that are not JSON objects with a numeric
 * {@code t} and a text {@code kind}, or whose values do not fit their kind (a writer killed mid-line), are
 * skipped and counted, so one bad line does not hide the run.
 */
public record TimelineFile(List<TimelineEvent> events, int skippedLines, String firstProblem) {

    public static TimelineFile empty() {
        return new TimelineFile(List.of(), 0, null);
    }

    public static TimelineFile read(Path file) throws IOException {
        List<TimelineEvent> events = new ArrayList<>();
        int skipped = 0;
        String firstProblem = null;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String problem;
                try {
                    JsonNode node = RunJson.MAPPER.readTree(line);
                    if (node instanceof ObjectNode object && node.path("t").isIntegralNumber() && node.path("kind").isTextual()) {
                        events.add(decode(object));
                        continue;
                    }
                    problem = "line " + number + " has no numeric \"t\" and text \"kind\"";
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    problem = "line " + number + " is not a readable event (" + firstLine(e) + ")";
                }
                skipped++;
                if (firstProblem == null) {
                    firstProblem = problem;
                }
            }
        }
        // Several writers append to one file, each in its own time order: a stable sort merges them.
        events.sort(Comparator.comparingLong(TimelineEvent::t));
        return new TimelineFile(List.copyOf(events), skipped, firstProblem);
    }

    /** One line's object as its kind's record, or {@link TimelineEvent.Other} for a kind this version does not know. */
    static TimelineEvent decode(ObjectNode line) throws JsonProcessingException {
        String kind = line.get("kind").asText();
        Class<? extends TimelineEvent> type = TimelineEvent.KINDS.get(kind);
        if (type == null) {
            ObjectNode values = line.deepCopy();
            values.remove("t");
            values.remove("kind");
            return new TimelineEvent.Other(line.get("t").asLong(), kind, values);
        }
        return RunJson.MAPPER.treeToValue(line, type);
    }

    private static String firstLine(Exception e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline) : message;
    }

    public boolean isEmpty() {
        return events.isEmpty();
    }

    /** The events of one kind's record type, in time order. */
    public <E extends TimelineEvent> List<E> of(Class<E> type) {
        return TimelineEvent.ofType(events, type);
    }

    public long start() {
        return events.isEmpty() ? 0 : events.get(0).t();
    }

    public long end() {
        return events.isEmpty() ? 0 : events.get(events.size() - 1).t();
    }
}
