package io.durascale.pipeline.taskhub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durascale.pipeline.taskhub.model.FailureDetails;
import io.durascale.pipeline.taskhub.model.HistoryEvent;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stored form of every history event kind: model → JSON → model, every component set (nested
 * records too) or every optional one absent. Events are built from the records' own components,
 * so a kind or field added to the model is covered without touching this test.
 */
class TaskHubJsonTest {

    static Stream<Class<?>> eventKinds() {
        return Arrays.stream(HistoryEvent.class.getPermittedSubclasses());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventKinds")
    void everyEventKindRoundTripsFullAndSparse(Class<?> kind) {
        for (boolean full : new boolean[] {true, false}) {
            HistoryEvent event = (HistoryEvent) record(kind, full, 0);
            byte[] json = TaskHubJson.event(event);
            assertThat(TaskHubJson.event(json)).as(new String(json, StandardCharsets.UTF_8)).isEqualTo(event);
            assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"EventType\":\"" + kind.getSimpleName() + "\"");
        }
    }

    @Test
    void storedTextIsPlainAsciiAndKeepsFullPrecision() {
        HistoryEvent raised = new HistoryEvent.EventRaised(-1, Instant.parse("2026-11-21T10:00:00.123456789Z"), "Grüße",
                "\"日本\"");
        String text = new String(TaskHubJson.event(raised), StandardCharsets.UTF_8);
        assertThat(text).matches("\\p{ASCII}*").contains("2026-11-21T10:00:00.123456789Z");
        assertThat(TaskHubJson.event(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(raised);
    }

    @Test
    void whatIsNotAnEventSaysSo() {
        assertThatThrownBy(() -> TaskHubJson.event("{\"EventType\":\"Nonsense\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a history event");
        assertThatThrownBy(() -> TaskHubJson.read("[1]", FailureDetails.class)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- records filled from their components ----

    private static Object record(Class<?> type, boolean full, int depth) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = value(components[i].getType(), components[i].getGenericType(), components[i].getName(), full, depth);
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object value(Class<?> type, Type generic, String name, boolean full, int depth) {
        if (type == int.class) {
            return name.length() + depth;
        }
        if (type == boolean.class) {
            return full;
        }
        if (type == String.class) {
            // Sparse: names and ids stay (they are never absent), optional strings are absent.
            return full || name.equals("name") || name.endsWith("Id") && !name.equals("executionId") ? name + "-" + depth : null;
        }
        if (type == Instant.class) {
            return full || name.equals("timestamp") ? Instant.ofEpochSecond(1_790_000_000L + name.length(), 987_654_321) : null;
        }
        if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            return constants[constants.length - 1];
        }
        if (type == List.class) {
            Type element = ((ParameterizedType) generic).getActualTypeArguments()[0];
            return full && depth < 2 && element == HistoryEvent.class
                    ? List.of(record(HistoryEvent.EventRaised.class, true, depth + 1)) : List.of();
        }
        if (type.isRecord()) {
            return full && depth < 3 ? record(type, true, depth + 1) : null;
        }
        throw new IllegalStateException("no value for " + type + " " + name);
    }
}
