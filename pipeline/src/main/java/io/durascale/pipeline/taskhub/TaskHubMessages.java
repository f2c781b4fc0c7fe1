package io.durascale.pipeline.taskhub;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.durabletask.implementation.protobuf.OrchestratorService.HistoryEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The JSON bodies of the task hub's queue messages. Control-queue messages carry history events
 * (protobuf, Base64) for one instance; work-item messages carry one activity. A body that would
 * not fit a queue message (64 KiB) moves its payload to {@code <hub>-largemessages}.
 */
final class TaskHubMessages {

    /** Leaves room under the 64 KiB queue limit for the envelope. */
    static final int MAX_INLINE_CHARS = 45_000;

    private static final ObjectMapper JSON = JsonMapper.builder()
            // Queue messages must be valid XML text: keep every body plain ASCII.
            .enable(JsonGenerator.Feature.ESCAPE_NON_ASCII)
            .build();

    /** Events for one instance (usually one event; a new execution carries its carried-over events too). */
    record ControlMessage(String instanceId, String executionId, List<HistoryEvent> events, String key, long sentAtMicros) {
        ControlMessage {
            events = List.copyOf(events);
        }
    }

    /** An activity to run, scheduled by {@code taskId} of an execution. */
    record ActivityMessage(String instanceId, String executionId, int taskId, String name, String input,
                           boolean hasInput, int partition) {
    }

    private final TaskHubStorage storage;

    TaskHubMessages(TaskHubStorage storage) {
        this.storage = storage;
    }

    static String newKey() {
        return UUID.randomUUID().toString();
    }

    static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    String encode(ControlMessage message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("v", 1);
        body.put("kind", "control");
        body.put("instanceId", message.instanceId());
        if (message.executionId() != null) {
            body.put("executionId", message.executionId());
        }
        body.put("key", message.key());
        body.put("sentAt", message.sentAtMicros());
        ArrayNode types = body.putArray("eventTypes");
        message.events().forEach(e -> types.add(e.getEventTypeCase().name()));
        String events = Base64.getEncoder().encodeToString(delimited(message.events()));
        if (events.length() > MAX_INLINE_CHARS) {
            String blob = largeBlobName(message.instanceId());
            storage.writeBlob(storage.largeMessagesContainer(), blob, Base64.getDecoder().decode(events));
            body.put("eventsBlob", blob);
        } else {
            body.put("events", events);
        }
        return write(body);
    }

    /** @throws IllegalArgumentException naming what is wrong with the body */
    ControlMessage decodeControl(String text) {
        JsonNode body = read(text, "control");
        String instanceId = required(body, "instanceId");
        byte[] bytes = body.hasNonNull("eventsBlob")
                ? storage.readBlob(storage.largeMessagesContainer(), body.get("eventsBlob").asText())
                : Base64.getDecoder().decode(required(body, "events"));
        List<HistoryEvent> events = new ArrayList<>();
        try (ByteArrayInputStream in = new ByteArrayInputStream(bytes)) {
            HistoryEvent event;
            while ((event = HistoryEvent.parseDelimitedFrom(in)) != null) {
                events.add(event);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("control message events are not valid history events: " + e.getMessage());
        }
        if (events.isEmpty()) {
            throw new IllegalArgumentException("control message carries no events");
        }
        return new ControlMessage(instanceId, body.hasNonNull("executionId") ? body.get("executionId").asText() : null,
                events, required(body, "key"), body.path("sentAt").asLong());
    }

    String encode(ActivityMessage message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("v", 1);
        body.put("kind", "activity");
        body.put("instanceId", message.instanceId());
        body.put("executionId", message.executionId());
        body.put("taskId", message.taskId());
        body.put("name", message.name());
        body.put("partition", message.partition());
        if (message.hasInput()) {
            if (message.input().length() > MAX_INLINE_CHARS) {
                String blob = largeBlobName(message.instanceId());
                storage.writeBlob(storage.largeMessagesContainer(), blob,
                        message.input().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                body.put("inputBlob", blob);
            } else {
                body.put("input", message.input());
            }
        }
        return write(body);
    }

    ActivityMessage decodeActivity(String text) {
        JsonNode body = read(text, "activity");
        String input = null;
        if (body.hasNonNull("inputBlob")) {
            input = new String(storage.readBlob(storage.largeMessagesContainer(), body.get("inputBlob").asText()),
                    java.nio.charset.StandardCharsets.UTF_8);
        } else if (body.has("input")) {
            input = body.get("input").asText();
        }
        if (!body.path("taskId").canConvertToInt()) {
            throw new IllegalArgumentException("activity message has no integer taskId");
        }
        return new ActivityMessage(required(body, "instanceId"), required(body, "executionId"),
                body.get("taskId").asInt(), required(body, "name"), input, input != null, body.path("partition").asInt());
    }

    /** Large payloads are stored under the instance, so purging the instance removes them. */
    static String largeBlobName(String instanceId) {
        return TableKeys.escape(instanceId) + "/" + UUID.randomUUID() + ".bin";
    }

    private static byte[] delimited(List<HistoryEvent> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (HistoryEvent event : events) {
                event.writeDelimitedTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static JsonNode read(String text, String kind) {
        JsonNode body;
        try {
            body = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("message is not JSON");
        }
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("message is not a JSON object");
        }
        if (body.path("v").asInt() != 1) {
            throw new IllegalArgumentException("message has unknown version " + body.path("v"));
        }
        if (!kind.equals(body.path("kind").asText())) {
            throw new IllegalArgumentException("expected a " + kind + " message, got '" + body.path("kind").asText() + "'");
        }
        return body;
    }

    private static String required(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("message has no " + field);
        }
        return value.asText();
    }

    private static String write(ObjectNode body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
