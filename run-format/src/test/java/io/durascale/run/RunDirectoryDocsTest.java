package io.durascale.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import io.durascale.run.timeline.TimelineEvent;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/run-directory.md is the contract a reader outside durascale goes by: every field of every record, and every
 * timeline kind, must be named there — as `field` or as "field" in an example — so a field added to a record without
 * a word in the docs fails the build.
 */
class RunDirectoryDocsTest {

    private static final Path DOCS = Path.of("..", "docs", "run-directory.md");

    @Test
    void everyRecordFieldIsDocumented() throws Exception {
        String docs = Files.readString(DOCS);
        Set<String> missing = new TreeSet<>();
        for (Class<?> file : new Class<?>[] {RunInfo.class, Metrics.class, Sizing.class, TaskHubBench.class, LatencySummary.class,
                Machine.class, PodStart.class, Validation.class}) {
            for (String field : fields(file, new LinkedHashSet<>())) {
                if (!docs.contains("`" + field + "`") && !docs.contains("\"" + field + "\"")) {
                    missing.add(file.getSimpleName() + "." + field);
                }
            }
        }
        assertThat(missing).as("fields of the run-directory records that docs/run-directory.md does not name").isEmpty();
    }

    @Test
    void everyTimelineKindAndItsValuesAreInTheTimelineTable() throws Exception {
        String docs = Files.readString(DOCS);
        Map<String, String> rows = timelineTable(docs);
        assertThat(rows.keySet()).as("kinds in the docs' timeline table").containsExactlyInAnyOrderElementsOf(TimelineEvent.KINDS.keySet());
        Set<String> missing = new TreeSet<>();
        TimelineEvent.KINDS.forEach((kind, type) -> {
            for (RecordComponent c : type.getRecordComponents()) {
                if (!c.getName().equals("t") && !rows.get(kind).contains("`" + c.getName() + "`")) {
                    missing.add(kind + "." + c.getName());
                }
            }
        });
        assertThat(missing).as("timeline values the docs' table does not name").isEmpty();
    }

    /** The field names of a record and of the records it holds, as they appear in JSON. */
    private static Set<String> fields(Class<?> type, Set<Class<?>> seen) {
        Set<String> names = new LinkedHashSet<>();
        if (!type.isRecord() || !seen.add(type)) {
            return names;
        }
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getAccessor().isAnnotationPresent(JsonAnyGetter.class) || c.isAnnotationPresent(JsonAnyGetter.class)) {
                continue; // settings sections are each command's own records, documented with the command
            }
            names.add(c.getName());
            names.addAll(fields(c.getType(), seen));
            for (Class<?> arg : typeArguments(c.getGenericType())) {
                names.addAll(fields(arg, seen));
            }
        }
        return names;
    }

    private static Set<Class<?>> typeArguments(Type type) {
        Set<Class<?>> out = new LinkedHashSet<>();
        if (type instanceof ParameterizedType p) {
            for (Type arg : p.getActualTypeArguments()) {
                if (arg instanceof Class<?> c) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** The rows of the table under "## timeline.jsonl": kind → the row's text. */
    private static Map<String, String> timelineTable(String docs) {
        int start = docs.indexOf("## timeline.jsonl");
        int end = docs.indexOf("\n## ", start + 1);
        String section = docs.substring(start, end < 0 ? docs.length() : end);
        Map<String, String> rows = new java.util.LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `([a-z-]+)` \\|(.*)$").matcher(section);
        while (row.find()) {
            rows.put(row.group(1), row.group(2));
        }
        return rows;
    }
}
