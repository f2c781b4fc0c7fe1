package io.durascale.reports.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A run's {@code timeline.jsonl}, in time order. Lines that are not JSON objects with a time and a
 * kind (a writer killed mid-line) are skipped and counted, so one bad line does not hide the run.
 */
public record Timeline(List<TimelineEvent> events, int skippedLines, String firstProblem) {

    public static Timeline empty() {
        return new Timeline(List.of(), 0, null);
    }

    public static Timeline read(Path file, ObjectMapper json) throws IOException {
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
                    JsonNode node = json.readTree(line);
                    if (node.isObject() && node.path("t").isNumber() && node.path("kind").isTextual()) {
                        events.add(new TimelineEvent(node.get("t").asLong(), node.get("kind").asText(), node));
                        continue;
                    }
                    problem = "line " + number + " has no numeric \"t\" and text \"kind\"";
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    problem = "line " + number + " is not JSON (" + e.getOriginalMessage() + ")";
                }
                skipped++;
                if (firstProblem == null) {
                    firstProblem = problem;
                }
            }
        }
        // Several writers append to one file, each in its own time order: a stable sort merges them.
        events.sort(Comparator.comparingLong(TimelineEvent::t));
        return new Timeline(List.copyOf(events), skipped, firstProblem);
    }

    public boolean isEmpty() {
        return events.isEmpty();
    }

    public List<TimelineEvent> ofKind(String kind) {
        return events.stream().filter(e -> e.kind().equals(kind)).toList();
    }

    public long start() {
        return events.isEmpty() ? 0 : events.get(0).t();
    }

    public long end() {
        return events.isEmpty() ? 0 : events.get(events.size() - 1).t();
    }
}
