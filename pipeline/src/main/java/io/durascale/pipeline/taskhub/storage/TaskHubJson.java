package io.durascale.pipeline.taskhub.storage;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.durascale.pipeline.taskhub.model.HistoryEvent;
import io.durascale.pipeline.taskhub.model.InstanceRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * How the task hub's model is stored: JSON, as DTFx serializes history events and task messages
 * (Json.NET, with the event's type named in it). JSON keeps the stored form independent of the
 * wire protocol's generated classes and readable by any tool; each event names its type in an
 * {@code EventType} property with DurableTask.Core's name (ExecutionStarted, TaskScheduled, ...),
 * the same name as the history table's EventType column. Absent values are left out; times are
 * ISO-8601 with full precision. Output is plain ASCII, because queue messages must be valid XML
 * text.
 */
public final class TaskHubJson {

    /** Puts DTFx's event type name into every event; the model itself stays free of Jackson. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "EventType")
    private abstract static class EventType {
    }

    private abstract static class InstanceRecordShape {
        @JsonIgnore
        abstract boolean isTerminal();
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            // Fields a later version adds are skipped, not an error.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(JsonGenerator.Feature.ESCAPE_NON_ASCII)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .addMixIn(HistoryEvent.class, EventType.class)
            .addMixIn(InstanceRecord.class, InstanceRecordShape.class)
            .build();

    static {
        JSON.registerSubtypes(Arrays.stream(HistoryEvent.class.getPermittedSubclasses())
                .map(type -> new NamedType(type, type.getSimpleName())).toArray(NamedType[]::new));
    }

    private static final JavaType EVENTS = JSON.getTypeFactory().constructCollectionType(List.class, HistoryEvent.class);

    private TaskHubJson() {
    }

    /** DurableTask.Core's name of the event's type: the EventType column and property. */
    public static String eventType(HistoryEvent event) {
        return event.getClass().getSimpleName();
    }

    public static byte[] event(HistoryEvent event) {
        try {
            return JSON.writerFor(HistoryEvent.class).writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not one history event */
    public static HistoryEvent event(byte[] json) {
        try {
            return JSON.readValue(json, HistoryEvent.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a history event: " + reason(e));
        }
    }

    static String events(List<HistoryEvent> events) {
        try {
            return JSON.writerFor(EVENTS).writeValueAsString(events);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException when the text is not a list of history events */
    static List<HistoryEvent> events(String json) {
        try {
            return JSON.readValue(json, EVENTS);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a list of history events: " + reason(e));
        }
    }

    /** Any other stored value (a message body, failure details) as JSON text. */
    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException naming what is wrong when the text is not a {@code type} */
    public static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalArgumentException(reason(e));
        }
    }

    /** Jackson's own words, without the excerpt of the input it appends (message bodies stay out of logs). */
    private static String reason(IOException e) {
        return e instanceof JsonProcessingException j && j.getOriginalMessage() != null ? j.getOriginalMessage() : e.toString();
    }
}
