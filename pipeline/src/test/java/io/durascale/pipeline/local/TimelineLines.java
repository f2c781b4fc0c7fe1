package io.durascale.pipeline.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads a timeline.jsonl back, as a report would. */
public final class TimelineLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TimelineLines() {
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> read(Path file) {
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            List<Map<String, Object>> lines = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                lines.add(JSON.readValue(line, Map.class));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Map<String, Object>> kind(Path file, String kind) {
        return read(file).stream().filter(line -> kind.equals(line.get("kind"))).collect(Collectors.toList());
    }
}
